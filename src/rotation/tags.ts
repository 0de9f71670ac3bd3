// Pure: how a rotated password is kept in Key Vault: the secret's name, its
// tags at each step, and which earlier version was the last one live.
// The tags CredentialId, ProviderAddress and ValidityPeriodDays are those of
// Microsoft's Key Vault rotation samples, so a near-expiry event can drive
// the next rotation.

/** A version's place in the rotation. */
export type RotationState = 'pending' | 'active' | 'failed'

/** `<vm-name>-<username>` with every other character turned into '-'. */
export function defaultSecretName(vmName: string, username: string): string {
  return `${vmName}-${username}`
    .replace(/[^0-9a-zA-Z-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 127)
}

/** What the tags say about the VM and the run. */
export interface RotationFacts {
  vmId: string
  vmResourceId: string
  username: string
  expiresDays: number
  runUrl?: string
}

/** The tags of a freshly stored version, before the VM has it. */
export function pendingTags(f: RotationFacts): Record<string, string> {
  return {
    'rotation-state': 'pending',
    'vm-id': f.vmId,
    username: f.username,
    ...(f.runUrl ? { 'run-url': f.runUrl } : {}),
    CredentialId: f.username,
    ProviderAddress: f.vmResourceId,
    ValidityPeriodDays: String(f.expiresDays)
  }
}

// Key Vault refuses tag values over 256 characters.
const maxTagValue = 256

/** `tags` with a new state, and the failure message when there is one. */
export function withState(
  tags: Record<string, string>,
  state: RotationState,
  failure?: string
): Record<string, string> {
  const next: Record<string, string> = { ...tags, 'rotation-state': state }
  if (failure) next['failure'] = failure.slice(0, maxTagValue)
  return next
}

/** The tags of a live password copied forward after a failed rotation. */
export function restoredTags(
  tags: Record<string, string>,
  fromVersion: string
): Record<string, string> {
  const kept = Object.entries(tags).filter(([key]) => key !== 'failure')
  return {
    ...Object.fromEntries(kept),
    'rotation-state': 'active',
    'restored-from': fromVersion
  }
}

/** A version as listing shows it. */
export interface VersionInfo {
  version: string
  createdOn?: Date
  tags?: Record<string, string>
}

/** The newest version tagged active, other than `except`. */
export function lastActiveVersion(
  versions: readonly VersionInfo[],
  except: string
): VersionInfo | undefined {
  return versions
    .filter(
      (v) => v.version !== except && v.tags?.['rotation-state'] === 'active'
    )
    .sort(
      (a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0)
    )[0]
}

/** When the version expires, or undefined for never. */
export function expiresOn(now: Date, days: number): Date | undefined {
  return days > 0 ? new Date(now.getTime() + days * 86_400_000) : undefined
}
