// Pure rendering of a run's outcome into the step's outputs and its job
// summary, and one thin step that writes them through the redactor.
import { vmChangeText, type AzureError, type InvalidInputs } from './errors.ts'
import {
  diagnosisJson,
  findingCount,
  renderDiagnosis
} from './diagnose/index.ts'
import { renderProof, verificationJson, verifiedOf } from './guest/index.ts'
import {
  clipBytes,
  fitSections,
  summaryBudgetBytes,
  utf8Bytes
} from './byte-limits.ts'
import { escapeHtml, oneLine } from './markup.ts'
import type { Operation, Outcome } from './operation.ts'
import { nextSteps } from './remedies.ts'
import type { Redactor } from './secret.ts'
import { Output, type OutputName, type VmRef } from './settings.ts'

/**
 * The most of one message from Azure or the guest that the summary and
 * the `message` output keep: 16 KiB, so that no one message can take a
 * summary past GitHub's 1 MiB or the outputs past 1 MB.
 */
const messageBytes = 16_384

/** Everything the report shows about a run. */
export interface RunReport {
  target: VmRef
  /** What ran: its mode, its title and how it describes a success. */
  operation: Pick<Operation, 'mode' | 'title' | 'describeChanges'>
  outcome: Outcome
  durationSeconds: number
  runUrl?: string
}

/** The step's outputs; failures fill what they know. */
export function toOutputs(r: RunReport): Partial<Record<OutputName, string>> {
  const { outcome } = r
  return {
    // A skipped VM is a failure when it is the step's only VM, as it always was.
    [Output.status]: outcome.status === 'succeeded' ? 'succeeded' : 'failed',
    // One line: workflows echo it, and a line from the guest that starts
    // with '::' would be a workflow command.
    [Output.message]: clipBytes(
      oneLine(
        outcome.error
          ? outcome.error.message
          : (outcome.extensionMessage ?? successMessage(outcome))
      ),
      messageBytes
    ),
    [Output.extensionName]: outcome.extensionName ?? '',
    [Output.username]: outcome.username ?? '',
    [Output.vmId]: outcome.vmId ?? '',
    [Output.provisioningState]: outcome.provisioningState ?? '',
    [Output.durationSeconds]: r.durationSeconds.toFixed(1),
    [Output.secretId]: '',
    [Output.secretVersion]: '',
    [Output.verified]: verifiedOf(outcome.proof),
    [Output.verification]: verificationJson(
      outcome.proof,
      r.operation.mode === 'diagnose'
        ? 'read-only'
        : outcome.status === 'succeeded'
          ? 'verify-off'
          : 'not-reset'
    ),
    [Output.diagnosis]: diagnosisJson(outcome.diagnosis),
    [Output.findings]: outcome.diagnosis
      ? String(findingCount(outcome.diagnosis))
      : '',
    ...outcome.password?.outputs
  }
}

/** What succeeded, when the extension said nothing of its own. */
export function successMessage(outcome: Outcome): string {
  if (outcome.runCommandName) {
    return `set-access/1 succeeded through the Run Command '${outcome.runCommandName}'.`
  }
  if (outcome.diagnosis) {
    return `Diagnosis: ${findingCount(outcome.diagnosis)} finding(s) ❌.`
  }
  return 'VMAccess succeeded.'
}

/** The job summary, as HTML that GitHub renders; every value escaped. */
export function renderSummary(r: RunReport): string {
  const { outcome, target, operation } = r
  const ok = outcome.status === 'succeeded'
  const table = summaryRows(r)
    .filter((row): row is [string, string] => Boolean(row[1]))
    .map(
      ([k, v]) => `<tr><th align="left">${k}</th><td>${escapeHtml(v)}</td></tr>`
    )
    .join('\n')
  const run = r.runUrl
    ? `\n<p><a href="${escapeHtml(r.runUrl)}">Workflow run</a></p>`
    : ''
  const top = `<h2>${heading(r)}: ${escapeHtml(target.vmName)}</h2>\n<table>\n${table}\n</table>${run}`
  const body = boundSections(
    [
      ok
        ? renderChanges(operation.describeChanges(outcome))
        : renderFailure(outcome.error),
      renderProof(outcome.proof),
      renderDiagnosis(outcome.diagnosis),
      outcome.password?.html ?? ''
    ].filter(Boolean),
    summaryBudgetBytes - utf8Bytes(top)
  )
  return `${top}\n${body}\n`
}

/**
 * The sections, in order, while they fit in `budgetBytes` of UTF-8 (GitHub
 * drops a summary over 1 MiB); a note for those left out.
 */
function boundSections(
  sections: readonly string[],
  budgetBytes: number
): string {
  const note =
    '<p>Some sections were left out to stay under GitHub’s 1 MiB job summary limit; the step’s outputs and log have the rest.</p>'
  const { html, left } = fitSections(sections, budgetBytes - utf8Bytes(note))
  return left > 0 ? `${html}\n${note}` : html
}

/** "✅ Password reset succeeded"; a diagnosis says what it found instead. */
function heading({ operation, outcome }: RunReport): string {
  const ok = outcome.status === 'succeeded'
  if (operation.mode === 'diagnose' && outcome.diagnosis) {
    const found = findingCount(outcome.diagnosis)
    return `${found > 0 ? '❌' : '✅'} ${operation.title}: ${found} finding(s)`
  }
  return `${ok ? '✅' : '❌'} ${operation.title} ${ok ? 'succeeded' : 'failed'}`
}

function summaryRows(r: RunReport): [string, string | undefined][] {
  const { outcome, target } = r
  return [
    ['VM', target.vmName],
    ['Resource group', target.resourceGroup],
    ['Mode', r.operation.mode],
    [
      'User',
      outcome.username &&
        `${outcome.username}${outcome.isAdminAccount ? ' (the VM’s admin account)' : ''}`
    ],
    [
      'Extension',
      outcome.extensionName &&
        `${outcome.extensionName} (Microsoft.Compute.VMAccessAgent${outcome.typeHandlerVersion ? ` ${outcome.typeHandlerVersion}` : ''})`
    ],
    [
      'Run Command',
      outcome.runCommandName &&
        `${outcome.runCommandName} (managed, set-access/1; ${outcome.runCommandLeft ? 'left on the VM: see Next steps' : 'deleted afterwards'})`
    ],
    ['Removed first', outcome.removedExtensions.join(', ') || undefined],
    ['Status', outcome.status],
    ['Verified in the guest', outcome.proof?.verified],
    ['Provisioning state', outcome.provisioningState],
    ['Message', clipText(outcome.extensionMessage ?? outcome.error?.message)],
    ['Duration', `${r.durationSeconds.toFixed(1)} s`]
  ]
}

/** Text from Azure or the guest, cut to messageBytes. */
function clipText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : clipBytes(text, messageBytes)
}

function renderChanges(notes: readonly string[]): string {
  return `<h3>What changed</h3>\n<ul>\n${notes.map((n) => `<li>${n}</li>`).join('\n')}\n</ul>`
}

function renderFailure(error: AzureError | undefined): string {
  const steps = nextSteps(error)
  return [
    '<h3>What went wrong</h3>',
    `<p>${escapeHtml(clipText(error?.message) ?? 'VMAccess did not succeed.')}${error?.code ? ` (<code>${escapeHtml(error.code)}</code>)` : ''}</p>`,
    '<h3>State of the VM</h3>',
    `<p>${escapeHtml(vmChangeText[error?.change ?? 'none'])}</p>`,
    '<h3>Next steps</h3>',
    `<ol>\n${steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('\n')}\n</ol>`
  ].join('\n')
}

/** Writes the outputs (with `extra`, e.g. results) and the job summary, redacted of every secret. */
export async function publish(
  r: RunReport,
  redactor: Redactor,
  extra: Partial<Record<OutputName, string>> = {}
): Promise<void> {
  for (const [name, value] of Object.entries({ ...toOutputs(r), ...extra })) {
    redactor.setOutput(name, value)
  }
  await redactor.writeSummary(renderSummary(r))
}

/** The summary of a run refused for its inputs. */
export function renderInputSummary(error: InvalidInputs): string {
  const items = error.errors.map(
    (e) =>
      `<li><code>${escapeHtml(e.input)}</code> ${escapeHtml(e.problem)}. ${escapeHtml(e.fix)}</li>`
  )
  return `<h2>❌ Invalid inputs: nothing was sent to Azure</h2>\n<ul>\n${items.join('\n')}\n</ul>\n<p>${escapeHtml(vmChangeText.none)} Fix the inputs above and run the workflow again.</p>\n`
}

/** Writes the outputs and summary of a run refused for its inputs. */
export async function publishInputFailure(
  error: InvalidInputs,
  redactor: Redactor
): Promise<void> {
  redactor.setOutput(Output.status, 'failed')
  redactor.setOutput(Output.message, oneLine(error.message))
  await redactor.writeSummary(renderInputSummary(error))
}
