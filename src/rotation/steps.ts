// The Key Vault side of a rotation, around the VM reset: store first, then
// settle the version's state once the VM's outcome is known.
import type { Secret } from '../secret.ts'
import type { Rotation } from '../settings.ts'
import {
  defaultSecretName,
  expiresOn,
  pendingTags,
  type RotationState
} from './tags.ts'
import {
  markVersion,
  restoreLastActive,
  storePassword,
  type StoredVersion,
  type VaultApi
} from './vault.ts'

/** Where the run left the password, for the outputs and the summary. */
export interface PasswordRecord {
  vaultUrl: string
  name: string
  version: string
  id: string
  state: RotationState
  /** After a failure: the version copied forward as the latest again. */
  restoredFrom?: string
  /** A Key Vault problem after the VM's outcome was known. */
  warning?: string
}

/** What the version's tags record about the VM and the run. */
export interface RotationTarget {
  vmName: string
  vmId: string
  vmResourceId: string
  username: string
  runUrl?: string
}

// Settling must finish even after timeout-minutes or a cancel fired: the
// run's own signal is spent by then.
const settleBudgetMs = 60_000

/** Stores the password as a pending version; throws (VM untouched) if it can't. */
export async function storeNewPassword(
  vault: VaultApi,
  rotation: Rotation,
  password: Secret,
  target: RotationTarget,
  signal: AbortSignal
): Promise<StoredVersion> {
  const name =
    rotation.secretName ?? defaultSecretName(target.vmName, target.username)
  const tags = pendingTags({ ...target, expiresDays: rotation.expiresDays })
  const expiry = expiresOn(new Date(), rotation.expiresDays)
  return storePassword(vault, name, password, tags, expiry, signal)
}

/**
 * Marks the version active when the VM took the password; otherwise marks it
 * failed and makes the last live password the latest version again.
 */
export async function settleRotation(
  vault: VaultApi,
  vaultUrl: string,
  stored: StoredVersion,
  failure: string | undefined
): Promise<PasswordRecord> {
  const record: PasswordRecord = {
    vaultUrl,
    name: stored.name,
    version: stored.version,
    id: stored.id,
    state: failure === undefined ? 'active' : 'failed'
  }
  const signal = AbortSignal.timeout(settleBudgetMs)
  try {
    await markVersion(vault, stored, record.state, signal, failure)
    if (failure !== undefined) {
      record.restoredFrom = await restoreLastActive(vault, stored, signal)
    }
  } catch (error) {
    record.warning = error instanceof Error ? error.message : String(error)
  }
  return record
}
