// A step over several VMs as outputs (results, counts, matrix) and
// as a job summary: totals first, then failures with their next steps,
// then every VM. Every value from Azure or the guest is escaped. Pure but
// for the two publish functions at the end.
import { findingCount, renderFleetDiagnoses } from '../diagnose/index.ts'
import { vmChangeText, type AzureError } from '../errors.ts'
import { clip as clipText, escapeHtml, oneLine } from '../markup.ts'
import type { Operation } from '../operation.ts'
import { nextSteps } from '../remedies.ts'
import type { Redactor } from '../secret.ts'
import { Output, type FailOn, type OutputName } from '../settings.ts'
import { describePassedOver } from './select.ts'
import {
  countResults,
  messageOf,
  stepFails,
  vmStateOf,
  type FleetRun,
  type VmResult
} from './results.ts'

/** GitHub refuses a step summary over 1 MiB; this leaves room for the rest. */
export const summaryBudget = 900_000
/** GitHub keeps at most 1 MB of a job's outputs. */
const outputBudget = 900_000
/** Past this many VMs the successes fold into a <details>. */
export const openRows = 50
/** Causes of failure told in full; the rest are counted (and in the table). */
const shownCauses = 20
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

/** strategy.matrix for the VMs a dry run found ready. */
export function matrixOf(run: FleetRun): { include: Record<string, string>[] } {
  return {
    include: run.results
      .filter((r) => r.status === 'planned')
      .map((r) => ({
        'resource-group': r.target.resourceGroup,
        'vm-name': r.target.vmName
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
    ? `${c.planned} would be reset`
    : `${c.succeeded} succeeded`
  return `${done}, ${c.failed} failed, ${c.skipped} skipped, ${c['not-started']} not started (${run.results.length} VMs).`
}

/** Everything the fleet summary shows. */
export interface FleetReport {
  run: FleetRun
  operation: Pick<Operation, 'title'>
  failOn: FailOn
  durationSeconds: number
  runUrl?: string
}

/** The job summary of a step over several VMs, kept under GitHub's limit. */
export function renderFleetSummary(report: FleetReport): string {
  const { run } = report
  const head = [
    heading(report),
    totalsTable(report),
    notes(run),
    failureSection(run.results),
    skippedSection(run.results),
    renderFleetDiagnoses(
      run.results.flatMap((r) =>
        r.outcome?.diagnosis
          ? [
              {
                name: `${r.target.resourceGroup}/${r.target.vmName}`,
                findings: r.outcome.diagnosis
              }
            ]
          : []
      )
    ),
    run.dryRun ? dryRunSection(run.results) : ''
  ]
    .filter(Boolean)
    .join('\n')
  return `${head}\n${vmTable(run.results, summaryBudget - head.length)}\n`
}

function heading({ run, operation, failOn }: FleetReport): string {
  const c = countResults(run.results)
  const ok = !stepFails(run, failOn)
  const title = escapeHtml(operation.title)
  const n = run.results.length
  return run.dryRun
    ? `<h2>${ok ? '📋' : '❌'} Dry run of ${title}: ${c.planned} of ${n} VMs would be reset</h2>`
    : `<h2>${ok ? '✅' : '❌'} ${title}: ${c.succeeded} of ${n} VMs succeeded</h2>`
}

function totalsTable({ run, durationSeconds, runUrl }: FleetReport): string {
  const c = countResults(run.results)
  const cells: [string, string][] = [
    [
      run.dryRun ? 'Would be reset' : 'Succeeded',
      String(run.dryRun ? c.planned : c.succeeded)
    ],
    ['Failed', String(c.failed)],
    ['Skipped', String(c.skipped)],
    ['Not started', String(c['not-started'])],
    ['Throttled (429)', String(run.pacing.throttled)],
    ['Duration', `${durationSeconds.toFixed(1)} s`]
  ]
  const header = cells.map(([k]) => `<th>${k}</th>`).join('')
  const values = cells.map(([, v]) => `<td>${v}</td>`).join('')
  const link = runUrl
    ? `\n<p><a href="${escapeHtml(runUrl)}">Workflow run</a></p>`
    : ''
  return `<table>\n<tr>${header}</tr>\n<tr>${values}</tr>\n</table>${link}`
}

function notes(run: FleetRun): string {
  const lines: string[] = []
  const passed = describePassedOver(run.passedOver)
  if (passed) {
    lines.push(
      `Only Windows VMs are selected; the list passed over ${escapeHtml(passed)}.`
    )
  }
  const { throttled, held, heldMs } = run.pacing
  if (throttled > 0 || held > 0) {
    lines.push(
      `Azure throttled ${throttled} request(s) (429); the action held ${held} request(s) back for ${(heldMs / 1000).toFixed(1)} s in all to stay under its limits.`
    )
  }
  if (run.stopReason) {
    const c = countResults(run.results)
    lines.push(
      `The run was ${run.stopReason === 'cancelled' ? 'cancelled' : 'stopped by timeout-minutes'}: ${c['not-started']} VM(s) were not started; the VMs in progress are reported with the state they were left in.`
    )
  }
  return lines.map((l) => `<p>${l}</p>`).join('\n')
}

/** Failures grouped by their remedy: one list of next steps per cause. */
function failureSection(results: readonly VmResult[]): string {
  const groups = groupBy(
    results.filter((r) => r.status === 'failed'),
    (r) => `${r.outcome?.error?.code ?? ''}|${r.outcome?.error?.fix ?? ''}`
  )
  if (groups.length === 0) return ''
  const blocks = groups.slice(0, shownCauses).map((group) => {
    const first = group[0] as VmResult
    const steps = nextSteps(first.outcome?.error)
    return [
      `<h4>${group.length} VM(s): ${escapeHtml(clip(first.outcome?.error?.message ?? 'failed'))}</h4>`,
      `<p>${vmList(group)}</p>`,
      `<ol>\n${steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('\n')}\n</ol>`
    ].join('\n')
  })
  const rest = groups.slice(shownCauses).reduce((n, g) => n + g.length, 0)
  const more =
    rest > 0
      ? `\n<p>…and ${rest} more failed VM(s) with ${groups.length - shownCauses} other cause(s): see the table below and the results output.</p>`
      : ''
  return `<h3>Failures and next steps</h3>\n${blocks.join('\n')}${more}`
}

function skippedSection(results: readonly VmResult[]): string {
  // By fix, not by code: a fix names its VM (az vm start -g … -n …).
  const groups = groupBy(
    results.filter((r) => r.status === 'skipped'),
    (r) => r.outcome?.error?.fix ?? ''
  )
  if (groups.length === 0) return ''
  const items = groups.slice(0, openRows).map((group) => {
    const first = group[0] as VmResult
    return `<li>${vmList(group)}: ${escapeHtml(clip(first.outcome?.error?.fix ?? ''))}</li>`
  })
  const more =
    groups.length > openRows
      ? `\n<p>…and ${groups.length - openRows} more; see the table below.</p>`
      : ''
  return `<h3>Skipped (nothing was sent to them)</h3>\n<ul>\n${items.join('\n')}\n</ul>${more}`
}

/** The exact writes of the first VMs a dry run found ready. */
function dryRunSection(results: readonly VmResult[]): string {
  const planned = results.filter((r) => r.status === 'planned')
  if (planned.length === 0) return ''
  const shown = planned.slice(0, openRows).map((r) => {
    const requests = (r.writes ?? [])
      .map(
        (w) =>
          `${w.method} ${w.path}${w.body ? `\n${JSON.stringify(w.body, null, 2)}` : ''}`
      )
      .join('\n\n')
    return `<details><summary>${escapeHtml(`${r.target.resourceGroup}/${r.target.vmName}`)}</summary>\n<pre>${escapeHtml(requests)}</pre>\n</details>`
  })
  const more =
    planned.length > openRows
      ? `\n<p>…and ${planned.length - openRows} more VM(s) with the same requests for their own names.</p>`
      : ''
  return `<h3>What a real run would send (passwords as ***)</h3>\n${shown.join('\n')}${more}`
}

/** Every VM: the others open, successes folded away past openRows. */
function vmTable(results: readonly VmResult[], budget: number): string {
  const folded = results.length > openRows
  const open = folded
    ? results.filter((r) => r.status !== 'succeeded')
    : results
  const closed = folded ? results.filter((r) => r.status === 'succeeded') : []
  const header =
    '<tr><th>VM</th><th>Resource group</th><th>Status</th><th>Verified</th><th>Message</th><th>Secret version</th><th>Duration</th></tr>'
  let left = budget - 400
  const rowsOf = (rows: readonly VmResult[]): string => {
    const out: string[] = []
    for (const r of rows) {
      const row = tableRow(r)
      if (row.length > left) {
        out.push(
          `<tr><td colspan="7">…${rows.length - out.length} more row(s) left out to stay under GitHub's summary limit; see the results output.</td></tr>`
        )
        break
      }
      left -= row.length
      out.push(row)
    }
    return out.join('\n')
  }
  const table = `<h3>All VMs</h3>\n<table>\n${header}\n${rowsOf(open)}\n</table>`
  return closed.length === 0
    ? table
    : `${table}\n<details><summary>${closed.length} VM(s) succeeded</summary>\n<table>\n${header}\n${rowsOf(closed)}\n</table>\n</details>`
}

function tableRow(r: VmResult): string {
  const record = resultRecord(r)
  const cells = [
    r.target.vmName,
    r.target.resourceGroup,
    r.status,
    String(record.verified),
    clip(String(record.message)),
    String(record['secret-version']),
    `${r.durationSeconds.toFixed(1)} s`
  ]
  return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`
}

/** "rg/vm-a, rg/vm-b and 3 more". */
function vmList(group: readonly VmResult[]): string {
  const names = group
    .slice(0, openRows)
    .map(
      (r) =>
        `<code>${escapeHtml(`${r.target.resourceGroup}/${r.target.vmName}`)}</code>`
    )
  const more =
    group.length > openRows ? ` and ${group.length - openRows} more` : ''
  return names.join(', ') + more
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return [...groups.values()]
}

/** Guest and server text can be long; the table keeps a line of it. */
function clip(text: string, length = 300): string {
  return clipText(oneLine(text), length)
}

/** The summary of a step whose VMs could not be listed: nothing was sent. */
export function renderSelectionFailure(
  error: AzureError,
  operation: Pick<Operation, 'title'>
): string {
  const steps = nextSteps(error)
  return [
    `<h2>❌ ${escapeHtml(operation.title)}: the VMs could not be selected</h2>`,
    `<p>${escapeHtml(error.message)}${error.code ? ` (<code>${escapeHtml(error.code)}</code>)` : ''}</p>`,
    '<h3>State of the VMs</h3>',
    `<p>${escapeHtml(vmChangeText.none)}</p>`,
    '<h3>Next steps</h3>',
    `<ol>\n${steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('\n')}\n</ol>`,
    ''
  ].join('\n')
}

/** Writes the outputs and the summary of a step over several VMs. */
export async function publishFleet(
  report: FleetReport,
  redactor: Redactor
): Promise<void> {
  const outputs = {
    ...fleetOutputs(report.run),
    ...stepOutputs(report.run, report.failOn, report.durationSeconds)
  }
  for (const [name, value] of Object.entries(outputs)) {
    redactor.setOutput(name, value)
  }
  await redactor.writeSummary(renderFleetSummary(report))
}

/** Writes the outputs and the summary of a step whose VMs could not be listed. */
export async function publishSelectionFailure(
  error: AzureError,
  operation: Pick<Operation, 'title'>,
  redactor: Redactor
): Promise<void> {
  redactor.setOutput(Output.status, 'failed')
  redactor.setOutput(Output.message, oneLine(error.message))
  redactor.setOutput(Output.results, '[]')
  await redactor.writeSummary(renderSelectionFailure(error, operation))
}
