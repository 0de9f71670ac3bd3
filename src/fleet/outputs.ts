// Pure: the outputs of a step over several VMs (results, counts, matrix,
// status and message), kept under GitHub's 1 MB of outputs per job.
import { findingCount } from '../diagnose/index.ts'
import { clip as clipText, oneLine } from '../markup.ts'
import { Input, Output, type FailOn, type OutputName } from '../settings.ts'
import {
  countResults,
  messageOf,
  stepFails,
  vmStateOf,
  type FleetRun,
  type VmResult
} from './results.ts'

/** GitHub keeps at most 1 MB of a job's outputs. */
const outputBudget = 900_000
/** GitHub runs at most 256 jobs from one matrix. */
export const matrixLimit = 256

/** The step's outputs that a step over any number of VMs has. */
export function fleetOutputs(
  run: FleetRun
): Partial<Record<OutputName, string>> {
  const counts = countResults(run.results)
  return {
    [Output.results]: resultsJson(run.results),
    [Output.succeededCount]: String(counts.succeeded),
    [Output.failedCount]: String(counts.failed),
    [Output.skippedCount]: String(counts.skipped),
    [Output.plannedCount]: String(counts.planned),
    ...(run.dryRun ? { [Output.matrix]: JSON.stringify(matrixOf(run)) } : {})
  }
}

/**
 * `results`, under GitHub's 1 MB of outputs per job: past it, each message
 * is cut to 80 characters (the summary keeps 300).
 */
export function resultsJson(results: readonly VmResult[]): string {
  const records = results.map(resultRecord)
  const full = JSON.stringify(records)
  if (full.length <= outputBudget) return full
  return JSON.stringify(
    records.map((r) => ({ ...r, message: clip(String(r.message), 80) }))
  )
}

/** One entry of `results`: never a secret, only where it is kept. */
export function resultRecord(r: VmResult): Record<string, string | number> {
  const outputs = r.outcome?.password?.outputs ?? {}
  return {
    'resource-group': r.target.resourceGroup,
    'vm-name': r.target.vmName,
    'vm-id': r.outcome?.vmId ?? '',
    status: r.status,
    'vm-state': vmStateOf(r),
    message: messageOf(r),
    username: r.outcome?.username ?? '',
    'extension-name': r.outcome?.extensionName ?? '',
    verified: r.outcome?.proof?.verified ?? 'unknown',
    ...(r.outcome?.diagnosis
      ? { findings: findingCount(r.outcome.diagnosis) }
      : {}),
    'secret-id': outputs[Output.secretId] ?? '',
    'secret-version': outputs[Output.secretVersion] ?? '',
    'duration-seconds': Number(r.durationSeconds.toFixed(1))
  }
}

/**
 * strategy.matrix for the VMs a dry run found ready. A rotation's entries
 * carry each VM's secret-name, the one the plan shows: a matrix job names
 * one VM, and with that name it writes the secret the plan promised.
 */
export function matrixOf(run: FleetRun): { include: Record<string, string>[] } {
  return {
    include: run.results
      .filter((r) => r.status === 'planned')
      .map((r) => ({
        [Input.resourceGroup]: r.target.resourceGroup,
        [Input.vmName]: r.target.vmName,
        ...(r.secretName ? { [Input.secretName]: r.secretName } : {})
      }))
  }
}

/** The step's own status and message when it covered several VMs. */
export function stepOutputs(
  run: FleetRun,
  failOn: FailOn,
  durationSeconds: number
): Partial<Record<OutputName, string>> {
  return {
    [Output.status]: stepFails(run, failOn) ? 'failed' : 'succeeded',
    [Output.message]: totalsLine(run),
    [Output.durationSeconds]: durationSeconds.toFixed(1)
  }
}

/** "23 succeeded, 1 failed, 1 skipped, 0 not started (25 VMs)." */
export function totalsLine(run: FleetRun): string {
  const c = countResults(run.results)
  const done = run.dryRun
    ? `${c.planned} ${run.plannedAs ?? 'would be reset'}`
    : `${c.succeeded} succeeded`
  return `${done}, ${c.failed} failed, ${c.skipped} skipped, ${c['not-started']} not started (${run.results.length} VMs).`
}

/** Guest and server text can be long: one line of it, cut to `length`. */
export function clip(text: string, length = 300): string {
  return clipText(oneLine(text), length)
}
