// What a rotation case is: runs of generate-password against one VM, in an
// interleaving that once broke the promise of rotation.
import type { Emulator, ScenarioBuilder } from '../../emulator/index.ts'
import type { Cancel, StepResult } from '../runner.ts'

/** How one run of a case differs from a plain rotation of vm-web-01. */
export interface RunOptions {
  /** GITHUB_RUN_ID, so the run has a URL of its own; a new one by default. */
  runId?: string
  /** GITHUB_RUN_ATTEMPT: 2 for a GitHub re-run of runId. None by default. */
  runAttempt?: string
  vm?: string
  resourceGroup?: string
  inputs?: Record<string, string>
  cancel?: Cancel
}

/** A run that ended, with its id. */
export interface FinishedRun {
  runId: string
  step: StepResult
}

/** What a case plays its runs on. */
export interface RotationTable {
  emulator: Emulator
  /** The default secret of vm-web-01, seeded with its current password. */
  secretName: string
  /** Every run that ended, in the order they ended. */
  runs: FinishedRun[]
  /** How many runs left a latest version the VM does not have. */
  latestNotLive: number
  /** Runs the action once; resolves when it exits. */
  rotate: (options?: RunOptions) => Promise<StepResult>
  /** True once the emulator has received `count` requests of `operationId`. */
  seen: (operationId: string, count?: number) => () => boolean
  /** Waits until `predicate` holds. */
  until: (predicate: () => boolean, timeoutMs?: number) => Promise<void>
}

/** One interleaving, and what must hold after it besides the invariant. */
export interface RotationCase {
  name: string
  /** Edits the default scenario (the vault already holds the VM's password). */
  scenario?: (s: ScenarioBuilder) => ScenarioBuilder
  play: (table: RotationTable) => Promise<void>
  /** Further checks; each returns the problems it found. */
  checks?: ((table: RotationTable) => string[])[]
  /** When the seeded version of the VM's current password expires (ISO). */
  initialExpiresOn?: string
  /** Takes about a minute (timeout-minutes is whole minutes). */
  slow?: boolean
}
