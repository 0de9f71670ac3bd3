// Pure: the job summary of a step over several VMs, kept under GitHub's
// limit: totals first, then failures with their next steps, then every VM.
// Every value from Azure or the guest is escaped.
import { fitSections, summaryBudgetBytes, utf8Bytes } from '../byte-limits.ts'
import { renderFleetDiagnoses } from '../diagnose/index.ts'
import { vmChangeText, type AzureError } from '../errors.ts'
import { escapeHtml } from '../markup.ts'
import type { Operation } from '../operation.ts'
import { nextSteps } from '../remedies.ts'
import type { FailOn } from '../settings.ts'
import { clip, resultRecord, type OutputsShortened } from './outputs.ts'
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

/** Everything the fleet summary shows. */
export interface FleetReport {
  run: FleetRun
  operation: Pick<Operation, 'title'>
  failOn: FailOn
  durationSeconds: number
  runUrl?: string
  /** Where every VM's result is, in full: a JSON file a later step can upload. */
  resultsFile?: string
  /** What the outputs left out to stay under GitHub's limit. */
  shortened?: OutputsShortened
}

/** Room the table leaves for the note on what was shortened. */
const noteBytes = 2_000

/**
 * The job summary of a step over several VMs, under `budgetBytes` of UTF-8
 * (GitHub drops a summary over 1 MiB): totals, then the sections about some
 * VMs while they fit in half of it, then as many rows of the table as fit,
 * then what was left out and where the full list is.
 */
export function renderFleetSummary(
  report: FleetReport,
  budgetBytes = summaryBudgetBytes
): string {
  const { run } = report
  const sections = [
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
  ].filter(Boolean)
  const top = [heading(report), totalsTable(report), notes(run)]
    .filter(Boolean)
    .join('\n')
  const { html: middle, left: sectionsLeft } = fitSections(
    sections,
    budgetBytes / 2 - utf8Bytes(top)
  )
  const head = middle ? `${top}\n${middle}` : top
  const table = vmTable(
    run.results,
    budgetBytes - utf8Bytes(head) - noteBytes,
    report.resultsFile
  )
  // Said under the totals: a reader of a long summary sees it first.
  const note = shortenedNote(report, table.left, sectionsLeft)
  const body = middle ? `${middle}\n${table.html}` : table.html
  return `${top}\n${note ? `${note}\n` : ''}${body}\n`
}

/** What this summary and the outputs left out, and where the full list is. */
function shortenedNote(
  { run, resultsFile, shortened }: FleetReport,
  rowsLeft: number,
  sectionsLeft: number
): string {
  const n = run.results.length
  const parts = [
    rowsLeft > 0 ? `this summary leaves out ${rowsLeft} of ${n} VM row(s)` : '',
    sectionsLeft > 0
      ? `this summary leaves out ${sectionsLeft} section(s) about some VMs`
      : '',
    shortened && shortened.resultsKept < n
      ? `the <code>results</code> output keeps ${shortened.resultsKept} of ${n} VMs (those that did not succeed first)`
      : '',
    shortened?.messagesCut
      ? 'the messages in <code>results</code> are cut to 80 characters'
      : '',
    shortened &&
    run.dryRun &&
    shortened.matrixKept < countResults(run.results).planned
      ? `the <code>matrix</code> output keeps ${shortened.matrixKept} VMs`
      : ''
  ].filter(Boolean)
  if (parts.length === 0) return ''
  const where = resultsFile
    ? ` Every VM's result is in <code>${escapeHtml(resultsFile)}</code> (the <code>results-file</code> output); a later step of this job can upload it with actions/upload-artifact.`
    : ' The results file could not be written; the debug log says why.'
  return `<p><b>Shortened</b> to stay under GitHub's limits (1 MiB per job summary, 1 MB of outputs per job): ${parts.join('; ')}.${where}</p>`
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

/** Every VM: the others open, successes folded away past openRows; rows past `budgetBytes` left out. */
function vmTable(
  results: readonly VmResult[],
  budgetBytes: number,
  resultsFile: string | undefined
): { html: string; left: number } {
  const folded = results.length > openRows
  const open = folded
    ? results.filter((r) => r.status !== 'succeeded')
    : results
  const closed = folded ? results.filter((r) => r.status === 'succeeded') : []
  const header =
    '<tr><th>VM</th><th>Resource group</th><th>Status</th><th>Verified</th><th>Message</th><th>Secret version</th><th>Duration</th></tr>'
  const where = resultsFile ? 'the results file' : 'the results output'
  let bytesLeft = budgetBytes - 1_000
  let rowsLeft = 0
  const rowsOf = (rows: readonly VmResult[]): string => {
    const out: string[] = []
    for (const r of rows) {
      const row = tableRow(r)
      const size = utf8Bytes(row) + 1
      if (size > bytesLeft) {
        rowsLeft += rows.length - out.length
        out.push(
          `<tr><td colspan="7">…${rows.length - out.length} more row(s) left out to stay under GitHub's summary limit; see ${where}.</td></tr>`
        )
        break
      }
      bytesLeft -= size
      out.push(row)
    }
    return out.join('\n')
  }
  const table = `<h3>All VMs</h3>\n<table>\n${header}\n${rowsOf(open)}\n</table>`
  const html =
    closed.length === 0
      ? table
      : `${table}\n<details><summary>${closed.length} VM(s) succeeded</summary>\n<table>\n${header}\n${rowsOf(closed)}\n</table>\n</details>`
  return { html, left: rowsLeft }
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
