// Pure: what became of each VM of a step, the counts, and whether the step
// failed by fail-on.
import { vmChangeText, type VmChange } from '../errors.ts'
import { oneLine } from '../markup.ts'
import type { Outcome, PlannedWrite } from '../operation.ts'
import { successMessage } from '../report.ts'
import type { PacingStats } from '../pacing.ts'
import type { FailOn, VmRef } from '../settings.ts'

/** One VM's end: `planned` in a dry run, `not-started` when the run stopped first. */
export type VmStatus =
  'succeeded' | 'failed' | 'skipped' | 'not-started' | 'planned'

/** What became of one VM. */
export interface VmResult {
  target: VmRef
  status: VmStatus
  /** Absent for a VM that was not started. */
  outcome?: Outcome
  /** dry-run: the writes a real run would send. */
  writes?: PlannedWrite[]
  /** dry-run of a rotation: the secret a real run keeps this VM's password in. */
  secretName?: string
  durationSeconds: number
}

/** A whole step: every VM in order, what the list passed over, the pace. */
export interface FleetRun {
  results: VmResult[]
  passedOver: Record<string, number>
  /** True when the VMs came from a list (* or vm-tag). */
  listed: boolean
  dryRun: boolean
  /** dry-run: the operation's word for a VM that passed pre-flight. */
  plannedAs?: string
  pacing: PacingStats
  /** Why VMs were left not started, if they were. */
  stopReason?: 'cancelled' | 'timeout'
}

/** The result of a VM the run did not reach. */
export function notStarted(target: VmRef): VmResult {
  return { target, status: 'not-started', durationSeconds: 0 }
}

/**
 * The result of a VM the run reached; a dry run that passed pre-flight is
 * `planned`, with its writes and, for a rotation, its secret's name.
 */
export function resultOf(
  target: VmRef,
  outcome: Outcome,
  durationSeconds: number,
  writes?: PlannedWrite[],
  secretName?: string
): VmResult {
  const status: VmStatus =
    writes && outcome.status === 'succeeded' ? 'planned' : outcome.status
  const isPlanned = writes && status === 'planned'
  return {
    target,
    status,
    outcome,
    durationSeconds,
    ...(isPlanned ? { writes } : {}),
    ...(isPlanned && secretName ? { secretName } : {})
  }
}

export type Counts = Record<VmStatus, number>

export function countResults(results: readonly VmResult[]): Counts {
  const counts: Counts = {
    succeeded: 0,
    failed: 0,
    skipped: 0,
    'not-started': 0,
    planned: 0
  }
  for (const r of results) counts[r.status] += 1
  return counts
}

/**
 * Whether the step fails. A VM not started counts as failed (the run did
 * not finish); a skipped VM only when it is the step's only VM, as before.
 */
export function stepFails(run: FleetRun, failOn: FailOn): boolean {
  const { results } = run
  const failed = (r: VmResult): boolean =>
    r.status === 'failed' ||
    r.status === 'not-started' ||
    (r.status === 'skipped' && results.length === 1)
  const tried = results.filter(
    (r) => r.status !== 'skipped' || results.length === 1
  )
  switch (failOn) {
    case 'never':
      return false
    case 'all':
      return tried.length > 0 && tried.every(failed)
    case 'any':
      return results.some(failed)
  }
}

/** The VM's state after its run, as results' vm-state says it. */
export function vmStateOf(result: VmResult): VmChange | 'not-started' {
  if (!result.outcome) return 'not-started'
  const { outcome } = result
  if (outcome.status === 'succeeded' && result.status !== 'planned') {
    if (outcome.diagnosis && !outcome.extensionName) return 'none'
    return outcome.runCommandName ? 'script-applied' : 'extension-applied'
  }
  return result.outcome.error?.change ?? 'none'
}

/** One line on what became of the VM: the failure and the VM's state, or the extension's word. */
export function messageOf(result: VmResult): string {
  const { outcome } = result
  if (!outcome) return 'Not started: the run stopped before this VM’s turn.'
  if (result.status === 'planned') {
    const methods = result.writes?.map((w) => w.method).join(', ')
    return `Dry run: pre-flight passed; would send ${methods || 'no write'}.`
  }
  if (outcome.error) {
    const state =
      result.status === 'skipped'
        ? 'Skipped.'
        : vmChangeText[outcome.error.change]
    return oneLine(`${outcome.error.message} ${state}`)
  }
  return oneLine(outcome.extensionMessage ?? successMessage(outcome))
}
