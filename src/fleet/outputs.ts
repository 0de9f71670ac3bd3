// Pure: the outputs of a step over several VMs (results, counts, matrix,
// status and message), kept under GitHub's 1 MB of outputs per job.
import {
  bytesOf,
  firstThatFit,
  outputBytes,
  outputsBudgetBytes
} from '../byte-limits.ts'
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

/** GitHub runs at most 256 jobs from one matrix. */
export const matrixLimit = 256
/**
 * Room left by default for the step's own outputs (status, message,
 * duration); publishFleet counts them instead.
 */
const stepOutputsBytes = 20_000
/** Messages in `results` when every VM's full message does not fit. */
const shortMessageLength = 80

/** Removes every secret from a text (the run's Redactor.redact). */
export type Scrub = (text: string) => string

/** What was left out of the outputs to stay under GitHub's limit. */
export interface OutputsShortened {
  /** Entries `results` kept, of all the VMs. */
  resultsKept: number
  /** True when the messages in `results` were cut to 80 characters. */
  messagesCut: boolean
  /** Entries `matrix` kept, of the VMs a dry run found ready. */
  matrixKept: number
}

/** The outputs of a step over any number of VMs, and what they left out. */
export interface FleetOutputs {
  outputs: Partial<Record<OutputName, string>>
  shortened: OutputsShortened
}

/**
 * The step's outputs that a step over any number of VMs has. The rule: all
 * the outputs of the step together stay under `budgetBytes` (by default
 * GitHub's 1 MB per job less room for the step's short outputs), counted as
 * byteLength does in UTF-8 or GitHub does in UTF-16, whichever is more.
 * `matrix` comes first, up to half of it (256 entries, the most GitHub
 * runs, take under 100 kB); `results` has the rest, built from values
 * `scrub` has already scrubbed. `resultsFile` is where the full results
 * are, for a later step to upload.
 */
export function fleetOutputs(
  run: FleetRun,
  scrub: Scrub,
  resultsFile?: string,
  budgetBytes = outputsBudgetBytes - stepOutputsBytes
): FleetOutputs {
  const counts = countResults(run.results)
  const small: Partial<Record<OutputName, string>> = {
    [Output.succeededCount]: String(counts.succeeded),
    [Output.failedCount]: String(counts.failed),
    [Output.skippedCount]: String(counts.skipped),
    [Output.plannedCount]: String(counts.planned),
    ...(resultsFile ? { [Output.resultsFile]: resultsFile } : {})
  }
  const left = budgetBytes - bytesOf(small)
  const matrix = run.dryRun
    ? fitArray(matrixOf(run).include, left / 2)
    : undefined
  const results = fitResults(
    run.results,
    left -
      (matrix ? outputBytes(matrix.json) : 0) -
      outputBytes('{"include":}'),
    scrub
  )
  return {
    outputs: {
      [Output.results]: results.json,
      ...small,
      ...(matrix ? { [Output.matrix]: `{"include":${matrix.json}}` } : {})
    },
    shortened: {
      resultsKept: results.kept,
      messagesCut: results.messagesCut,
      matrixKept: matrix ? matrix.kept : 0
    }
  }
}

/** `results` as JSON, and how much of it was kept. */
export interface FittedResults {
  json: string
  kept: number
  messagesCut: boolean
}

/**
 * `results` in `budgetBytes`: every VM with its full message; past it,
 * every VM with its message cut to 80 characters (the summary keeps 300);
 * past that, as many VMs as fit, those that did not succeed first, in the
 * order of the run. The results file always has every VM.
 */
export function fitResults(
  results: readonly VmResult[],
  budgetBytes: number,
  scrub: Scrub
): FittedResults {
  // Scrubbed before JSON escapes them: an echo that is JSON-escaped already
  // would be escaped twice, and cut in two by the clip below.
  const records = results.map((r) => scrubRecord(resultRecord(r), scrub))
  const full = JSON.stringify(records)
  if (outputBytes(full) <= budgetBytes) {
    return { json: full, kept: records.length, messagesCut: false }
  }
  const cut = records.map((r) => ({
    ...r,
    message: clip(String(r.message), shortMessageLength)
  }))
  // Those that did not succeed first; written back in the run's order.
  const order = cut
    .map((_, index) => index)
    .sort(
      (a, b) =>
        Number(results[a]?.status === 'succeeded') -
          Number(results[b]?.status === 'succeeded') || a - b
    )
  const kept = firstThatFit(
    order.map((index) => cut[index]),
    budgetBytes
  )
  const chosen = new Set(order.slice(0, kept))
  const json = JSON.stringify(cut.filter((_, index) => chosen.has(index)))
  return { json, kept, messagesCut: true }
}

/** The full `results` JSON, for the results file: every VM, every message. */
export function resultsJson(results: readonly VmResult[]): string {
  return JSON.stringify(results.map(resultRecord), null, 2)
}

/** A JSON array of the first of `items` that fit in `budgetBytes`. */
function fitArray(
  items: readonly unknown[],
  budgetBytes: number
): { json: string; kept: number } {
  const kept = firstThatFit(items, budgetBytes)
  return { json: JSON.stringify(items.slice(0, kept)), kept }
}

function scrubRecord(
  record: Record<string, string | number>,
  scrub: Scrub
): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [
      key,
      typeof value === 'string' ? scrub(value) : value
    ])
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
