// One VM's rotation as every step sees it: the vault, the secret, the VM
// and the run, and what a run leaves behind.
import type { VmFacts } from '../operation.ts'
import type { Rotation } from '../settings.ts'
import type { Live } from './reconcile.ts'
import type { RotationState } from './tags.ts'
import type { StoredVersion, VaultAccess } from './vault.ts'

/** One VM's rotation: the vault, the secret, the VM and the run. */
export interface RotationContext {
  vault: VaultAccess
  rotation: Rotation
  secretName: string
  vm: VmFacts
  username: string
  runUrl?: string
  /** How long the run may work on the VM (timeout-minutes) plus its settling. */
  runBudgetMs: number
  /** Fires at the runner's cancel: the VM's record is read once, not waited for. */
  cancel: AbortSignal
  /** A fresh signal for the vault writes a stop still owes (see settleBudgetMs). */
  owedWork: () => AbortSignal
}

/** The latest version after a repair, and the version it was copied from. */
export interface LatestNow {
  /** The latest version's id; absent when it is disabled or unknown. */
  version?: string
  /** True when the latest holds the live password. */
  isLive: boolean
  copiedFrom?: string
}

/** Where the run left the password, for the outputs and the summary. */
export interface PasswordRecord {
  vaultUrl: string
  name: string
  version: string
  id: string
  state: RotationState
  /** The version the VM has, as far as the run knows, and why. */
  live: Live
  /** The version copied forward as the latest, if one was. */
  restoredFrom?: string
  /** The stored version's pending-until: when other runs stop waiting for it. */
  pendingUntil?: string
  /** The latest version once settled, when the run got that far. */
  latest?: LatestNow
  /** A vault write that still failed after the others were tried. */
  problem?: {
    error: unknown
    /** The stored version's own state tag landed (it no longer reads pending). */
    tagged: boolean
  }
}

/** A pending version and what was live before it. */
export interface Begun {
  stored: StoredVersion
  liveBefore: Live
}

/**
 * Settling must finish after timeout-minutes or a cancel: the run's signal
 * is spent by then. After a cancel it gets only until the wrap-up deadline.
 */
export const settleBudgetMs = 60_000
