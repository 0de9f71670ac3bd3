// Pure: the job summary of a step over several VMs, kept under GitHub's
// limit: totals first, then failures with their next steps, then every VM.
// Every value from Azure or the guest is escaped.
import { renderFleetDiagnoses } from '../diagnose/index.ts'
import { vmChangeText, type AzureError } from '../errors.ts'
import { escapeHtml } from '../markup.ts'
import type { Operation } from '../operation.ts'
import { nextSteps } from '../remedies.ts'
import type { FailOn } from '../settings.ts'
import { clip, resultRecord } from './outputs.ts'
import {
  dryRunSection,
  failureSection,
  openRows,
  skippedSection
} from './summary-sections.ts'
import { describePassedOver } from './select.ts'
import {
  countResults,
  stepFails,
  type FleetRun,
  type VmResult
} from './results.ts'

/** GitHub refuses a step summary over 1 MiB; this leaves room for the rest. */
export const summaryBudget = 900_000

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
    ? `<h2>${ok ? '📋' : '❌'} Dry run of ${title}: ${c.planned} of ${n} VMs ${escapeHtml(run.plannedAs ?? 'would be reset')}</h2>`
    : `<h2>${ok ? '✅' : '❌'} ${title}: ${c.succeeded} of ${n} VMs succeeded</h2>`
}

function totalsTable({ run, durationSeconds, runUrl }: FleetReport): string {
  const c = countResults(run.results)
  const cells: [string, string][] = [
    [
      run.dryRun ? capitalized(run.plannedAs ?? 'would be reset') : 'Succeeded',
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

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`
}
