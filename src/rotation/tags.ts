// Pure: how a rotated password is kept in Key Vault: the secret's name, the
// tags of each version, and the record the VM keeps of the version it got.
// The tags CredentialId, ProviderAddress and ValidityPeriodDays are those of
// Microsoft's Key Vault rotation samples, so a near-expiry event can drive
// the next rotation.
import { createHash } from 'node:crypto'

/**
 * A version's place in the rotation: `pending` while a run is resetting the
 * VM, `active` while the VM has it, `failed` when the VM refused it (and the
 * version is disabled, so that no reader takes it for a working password),
 * `unknown` when no run learnt whether the VM got it, `superseded` once a
 * newer password took its place.
 */
export type RotationState =
  'pending' | 'active' | 'failed' | 'unknown' | 'superseded'

/** A version as listing shows it (no value). */
export interface VersionInfo {
  version: string
  createdOn?: Date
  /** Absent means enabled, as Key Vault's default is. */
  enabled?: boolean
  tags: Record<string, string>
}

/** The tag keys the rotation reads back. */
export const Tag = {
  state: 'rotation-state',
  vmId: 'vm-id',
  runUrl: 'run-url',
  pendingUntil: 'pending-until',
  restoredFrom: 'restored-from',
  failure: 'failure',
  reason: 'reason',
  /** On a version a run wrote while it settled another: that one's run is past the VM. */
  settles: 'settles',
  /** Azure stopped waiting for the guest (VMExtensionProvisioningTimeout). */
  timedOut: 'provisioning-timeout',
  /** The VM's resource id, as Microsoft's rotation samples name it. */
  providerAddress: 'ProviderAddress'
} as const

/** Whose VM and account a default secret name is for. */
export interface SecretOwner {
  subscriptionId: string
  resourceGroup: string
  vmName: string
  username: string
}

/**
 * `<resource-group>-<vm-name>-<username>-<hash>`: readable, within Key
 * Vault's 1-127 letters, digits and '-', and distinct for distinct VMs. The
 * reduction to Key Vault's alphabet can merge names (vm_01, vm-01), so a
 * hash of the exact owner (Azure's names ignore case) tells them apart.
 */
export function defaultSecretName(owner: SecretOwner, prefix = ''): string {
  const { subscriptionId, resourceGroup, vmName, username } = owner
  const readable = `${prefix}-${resourceGroup}-${vmName}-${username}`
    .replace(/[^0-9a-zA-Z-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
  const hash = createHash('sha256')
    .update(
      [subscriptionId, resourceGroup, vmName, username].join('/').toLowerCase()
    )
    .digest('hex')
    .slice(0, 8)
  return `${readable.slice(0, 127 - hash.length - 1)}-${hash}`
}

// What the extension's forceUpdateTag carries: which version a PUT applied.
const recordPrefix = 'azure-vm-access-reset:'

/** The forceUpdateTag that records on the VM which version its PUT applies. */
export function vmRecordTag(version: string): string {
  return `${recordPrefix}${version}`
}

/** The version a forceUpdateTag names, when this action wrote it. */
export function recordedVersion(tag: string | undefined): string | undefined {
  return tag?.startsWith(recordPrefix)
    ? tag.slice(recordPrefix.length) || undefined
    : undefined
}

/** What the tags say about the VM and the run. */
export interface RotationFacts {
  vmId: string
  vmResourceId: string
  username: string
  expiresDays: number
  runUrl?: string
  /** Until when the run that stores this version may still be working. */
  pendingUntil: Date
}

/** The tags of a freshly stored version, before the VM has it. */
export function pendingTags(f: RotationFacts): Record<string, string> {
  return {
    [Tag.state]: 'pending',
    [Tag.vmId]: f.vmId,
    username: f.username,
    ...(f.runUrl ? { [Tag.runUrl]: f.runUrl } : {}),
    [Tag.pendingUntil]: f.pendingUntil.toISOString(),
    CredentialId: f.username,
    [Tag.providerAddress]: f.vmResourceId,
    ValidityPeriodDays: String(f.expiresDays)
  }
}

// Key Vault refuses tag values over 256 characters.
const maxTagValue = 256

/** `tags` with a new state and why; `pending-until` goes once it is not pending. */
export function withState(
  tags: Record<string, string>,
  state: RotationState,
  why?: { failure?: string; reason?: string; timedOut?: boolean }
): Record<string, string> {
  const kept = Object.entries(tags).filter(
    ([key]) => key !== Tag.pendingUntil || state === 'pending'
  )
  const next: Record<string, string> = {
    ...Object.fromEntries(kept),
    [Tag.state]: state
  }
  if (why?.failure) next[Tag.failure] = why.failure.slice(0, maxTagValue)
  if (why?.reason) next[Tag.reason] = why.reason.slice(0, maxTagValue)
  if (why?.timedOut) next[Tag.timedOut] = 'VMExtensionProvisioningTimeout'
  return next
}

/** Whether a version in `state` may be read: a refused password is disabled. */
export function isEnabledIn(state: RotationState): boolean {
  return state !== 'failed'
}

/** Who writes a copy: the run's URL, and the version it is settling, if it is. */
export interface CopyWriter {
  runUrl?: string
  settles?: string
}

/** The tags of a live password copied forward to be the latest version again. */
export function restoredTags(
  tags: Record<string, string>,
  fromVersion: string,
  reason: string,
  writer: CopyWriter = {}
): Record<string, string> {
  const dropped = new Set<string>([
    Tag.failure,
    Tag.pendingUntil,
    Tag.settles,
    Tag.timedOut,
    Tag.runUrl
  ])
  const kept = Object.entries(tags).filter(([key]) => !dropped.has(key))
  return {
    ...Object.fromEntries(kept),
    [Tag.state]: 'active',
    [Tag.restoredFrom]: fromVersion,
    [Tag.reason]: reason.slice(0, maxTagValue),
    ...(writer.runUrl ? { [Tag.runUrl]: writer.runUrl } : {}),
    ...(writer.settles ? { [Tag.settles]: writer.settles } : {})
  }
}

/** When the version expires, or undefined for never. */
export function expiresOn(now: Date, days: number): Date | undefined {
  return days > 0 ? new Date(now.getTime() + days * 86_400_000) : undefined
}
