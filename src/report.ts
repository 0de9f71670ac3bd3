// Pure rendering of a run's outcome into the step's outputs and its job
// summary, and one thin step that writes them.
import * as core from '@actions/core'
import {
  offlineResetUrl,
  vmChangeText,
  type AzureError,
  type InvalidInputs
} from './errors.ts'
import type { PasswordRecord } from './rotation-steps.ts'
import type { Outcome } from './vm-access.ts'
import { Output, type Mode, type OutputName, type VmRef } from './settings.ts'

/** Everything the report shows about a run. */
export interface RunReport {
  target: VmRef
  mode: Mode['kind']
  outcome: Outcome
  durationSeconds: number
  runUrl?: string
}

/** The step's outputs; failures fill what they know. */
export function toOutputs(r: RunReport): Record<OutputName, string> {
  const { outcome } = r
  return {
    [Output.status]: outcome.status,
    [Output.message]: outcome.error
      ? outcome.error.message
      : (outcome.extensionMessage ?? 'VMAccess succeeded.'),
    [Output.extensionName]: outcome.extensionName ?? '',
    [Output.username]: outcome.username ?? '',
    [Output.vmId]: outcome.vmId ?? '',
    [Output.provisioningState]: outcome.provisioningState ?? '',
    [Output.durationSeconds]: r.durationSeconds.toFixed(1),
    [Output.secretId]: outcome.password?.id ?? '',
    [Output.secretVersion]: outcome.password?.version ?? ''
  }
}

/** Escapes text for the summary's HTML and Markdown (core.summary does not). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`|[\]*_\\]/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The job summary, as HTML that GitHub renders; every value escaped. */
export function renderSummary(r: RunReport): string {
  const { outcome, target } = r
  const ok = outcome.status === 'succeeded'
  const what =
    r.mode === 'reset-password' ? 'Password reset' : 'RDP configuration reset'
  const rows: [string, string | undefined][] = [
    ['VM', target.vmName],
    ['Resource group', target.resourceGroup],
    ['Mode', r.mode],
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
    ['Removed first', outcome.removedExtensions.join(', ') || undefined],
    ['Status', ok ? 'succeeded' : 'failed'],
    ['Provisioning state', outcome.provisioningState],
    ['Message', outcome.extensionMessage ?? outcome.error?.message],
    ['Duration', `${r.durationSeconds.toFixed(1)} s`]
  ]
  const table = rows
    .filter((row): row is [string, string] => Boolean(row[1]))
    .map(
      ([k, v]) => `<tr><th align="left">${k}</th><td>${escapeHtml(v)}</td></tr>`
    )
    .join('\n')
  const run = r.runUrl
    ? `\n<p><a href="${escapeHtml(r.runUrl)}">Workflow run</a></p>`
    : ''
  const body = [
    ok ? renderChanges(r) : renderFailure(outcome.error),
    outcome.password ? renderPasswordRecord(outcome.password) : ''
  ]
    .filter(Boolean)
    .join('\n')
  return `<h2>${ok ? '✅' : '❌'} ${what} ${ok ? 'succeeded' : 'failed'}: ${escapeHtml(target.vmName)}</h2>\n<table>\n${table}\n</table>${run}\n${body}\n`
}

function renderChanges(r: RunReport): string {
  const { outcome } = r
  const notes: string[] = []
  if (r.mode === 'reset-password') {
    const user = escapeHtml(outcome.username ?? '')
    notes.push(
      `The password of <code>${user}</code> was reset. VMAccess also enables the account if it was disabled, and resets the Remote Desktop configuration.`
    )
    if (!outcome.isAdminAccount) {
      notes.push(
        `<code>${user}</code> is not the VM’s admin account: if it did not exist, VMAccess created it as a local administrator, which may restart the VM. Azure keeps showing the original admin name.`
      )
    }
  } else {
    notes.push(
      'Reset: Remote Desktop enabled (fDenyTSConnections=0), the Windows Firewall profiles and the “Remote Desktop” rule group enabled.'
    )
    notes.push(
      'Not reset: a custom RDP port, a Group Policy that denies connections, network security group rules.'
    )
  }
  if (outcome.hasAadLogin) {
    notes.push(
      '⚠️ This VM carries the AADLoginForWindows extension: if Entra ID sign-in stops working, re-apply that extension.'
    )
  }
  return `<h3>What changed</h3>\n<ul>\n${notes.map((n) => `<li>${n}</li>`).join('\n')}\n</ul>`
}

/** Where a generated password is, how to read it, and what state it is in. */
function renderPasswordRecord(p: PasswordRecord): string {
  const code = (text: string): string => `<code>${escapeHtml(text)}</code>`
  const lines = [
    `Key Vault ${code(p.vaultUrl)}, secret ${code(p.name)}, version ${code(p.version)}, tagged ${code(`rotation-state=${p.state}`)}.`,
    `Read it with ${code(`az keyvault secret show --id ${p.id} --query value -o tsv`)} (needs the Key Vault Secrets User role).`
  ]
  if (p.state === 'failed') {
    lines.push(
      p.restoredFrom
        ? `The VM did not confirm the new password, so the secret's latest version is again the last password known to work (copied from version ${code(p.restoredFrom)}). The new one is kept in case the guest applied it anyway.`
        : 'The VM did not confirm the new password and no earlier version is tagged active: the latest version is this unconfirmed password, kept in case the guest applied it anyway.'
    )
  }
  if (p.warning) lines.push(`⚠️ ${escapeHtml(p.warning)}`)
  return `<h3>Where the password is</h3>\n<ul>\n${lines.map((l) => `<li>${l}</li>`).join('\n')}\n</ul>`
}

// Failures in which the guest agent may be the cause, so that the offline
// reset is the way in when it cannot be brought back.
const agentFailures = new Set([
  'agent-not-ready',
  'VMAgentStatusCommunicationError',
  'VMExtensionProvisioningTimeout',
  'VMExtensionProvisioningError',
  'Timeout'
])

/** The fix first, then what a re-run does, then the way in without the agent. */
export function nextSteps(error: AzureError | undefined): string[] {
  const steps = [error?.fix ?? 'Re-run the workflow.']
  if (error && error.change !== 'none') {
    steps.push(
      'Re-run the workflow once the cause is fixed: the action removes and re-applies VMAccess each time.'
    )
  }
  if (error?.code && agentFailures.has(error.code)) {
    steps.push(
      `If the VM agent cannot be brought back, reset the password offline: ${offlineResetUrl}`
    )
  }
  return steps
}

function renderFailure(error: AzureError | undefined): string {
  const steps = nextSteps(error)
  return [
    '<h3>What went wrong</h3>',
    `<p>${escapeHtml(error?.message ?? 'VMAccess did not succeed.')}${error?.code ? ` (<code>${escapeHtml(error.code)}</code>)` : ''}</p>`,
    '<h3>State of the VM</h3>',
    `<p>${escapeHtml(vmChangeText[error?.change ?? 'none'])}</p>`,
    '<h3>Next steps</h3>',
    `<ol>\n${steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('\n')}\n</ol>`
  ].join('\n')
}

/** Replaces every secret (and its URL and base64 forms) with ***. */
export function scrub(text: string, secrets: readonly string[]): string {
  let clean = text
  for (const secret of secrets.filter((s) => s.length > 0)) {
    for (const form of new Set([
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
      escapeHtml(secret)
    ])) {
      clean = clean.split(form).join('***')
    }
  }
  return clean
}

/** Writes the outputs and the job summary, scrubbed of every secret. */
export async function publish(
  r: RunReport,
  secrets: readonly string[]
): Promise<void> {
  for (const [name, value] of Object.entries(toOutputs(r))) {
    core.setOutput(name, scrub(value, secrets))
  }
  await core.summary.addRaw(scrub(renderSummary(r), secrets)).write()
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
  secrets: readonly string[]
): Promise<void> {
  core.setOutput(Output.status, 'failed')
  core.setOutput(Output.message, scrub(error.message, secrets))
  await core.summary.addRaw(scrub(renderInputSummary(error), secrets)).write()
}
