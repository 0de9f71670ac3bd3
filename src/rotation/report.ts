// Pure: where a rotated password is, for the outputs and the job summary:
// which version the VM has, whether the secret's latest version holds it,
// and what the next run does when this one could not finish.
import { code, escapeHtml } from '../markup.ts'
import type { ReportSection, ResetResult } from '../operation.ts'
import { Output } from '../settings.ts'
import { azCommand } from '../shell.ts'
import type { PasswordRecord } from './context.ts'

/** The secret-id and secret-version outputs and the "Where the password is" section. */
export function passwordSection(p: PasswordRecord): ReportSection {
  const lines = [
    `Key Vault ${code(p.vaultUrl)}, secret ${code(p.name)}, version ${code(p.version)}, tagged ${code(`rotation-state=${p.state}`)}.`,
    readLine(p),
    ...stateLines(p)
  ]
  return { outputs: outputsOf(p), html: section(lines) }
}

/**
 * The section when a vault write still failed after the others were tried:
 * exactly which version the VM has, whether readers of the latest get it,
 * and how the next run repairs the rest.
 */
export function unsettledSection(
  p: PasswordRecord,
  result: ResetResult
): ReportSection {
  const fate = {
    yes: 'The VM has this new password.',
    no: 'The VM did not take this new password.',
    unknown: 'Whether the VM got this new password is unknown.'
  }[result.applied]
  const lines = [
    `Key Vault ${code(p.vaultUrl)}, secret ${code(p.name)}, version ${code(p.version)}. ${fate}`,
    `⚠️ ${escapeHtml(problemText(p))} ${liveSentence(p)}`,
    latestSentence(p),
    readLine(p),
    escapeHtml(nextRunText(p))
  ]
  return { outputs: outputsOf(p), html: section(lines) }
}

/** Which version the VM has, as one sentence (HTML, escaped). */
function liveSentence(p: PasswordRecord): string {
  const why = escapeHtml(p.live.why)
  if (p.live.version) {
    return `The VM has version ${code(p.live.version)} (${why}).`
  }
  if (p.state === 'unknown') return `${capitalised(why)}.`
  return `The vault holds no password known to work on this VM (${why}).`
}

/** What the next run does with what this one left (plain text). */
export function nextRunText(p: PasswordRecord): string {
  // The stored version no longer reads pending, the VM's record names it
  // (VMAccess applied it), or this run wrote a copy that names it (tag
  // `settles`): each shows the next run that this one has ended.
  if (
    p.state === 'active' ||
    p.problem?.tagged !== false ||
    p.latest?.copiedFrom !== undefined
  ) {
    return 'A re-run reads the VM’s record and repairs the vault before it rotates again.'
  }
  return `Version ${p.version} still reads rotation-state=pending, so nothing in the vault shows that this run has ended: a re-run of this workflow run (Re-run jobs) repairs the vault at once; another run repairs it once the VM’s record shows that version’s outcome, and otherwise refuses to rotate this VM until ${p.pendingUntil ?? '(unknown)'}.`
}

function latestSentence(p: PasswordRecord): string {
  const { latest } = p
  if (latest?.isLive) {
    return `The secret’s latest version (${code(latest.version ?? '')}) holds that password, so whoever reads the secret gets a password that works.`
  }
  if (latest && latest.version === undefined) {
    return 'The secret’s latest version is disabled: whoever reads the secret gets an error, not a wrong password.'
  }
  if (latest) {
    return `The secret’s latest version (${code(latest.version ?? '')}) is not that password.`
  }
  const tagged = p.problem?.tagged !== false
  const what =
    p.state !== 'failed'
      ? ''
      : tagged
        ? ', the refused password, now disabled: whoever reads the secret gets an error'
        : ', the refused password, still enabled: whoever reads the secret gets a password that does not work'
  return `As far as this run knows, the secret’s latest version is still ${code(p.version)}${what}. Read the VM’s password by its version (below) until the vault is repaired.`
}

// What failed, in Key Vault's own words: the summary's “What went wrong”
// tells the reset's failure when there was one, not this.
function problemText(p: PasswordRecord): string {
  const error = p.problem?.error
  const said =
    error instanceof Error && error.name === 'AbortError'
      ? 'Key Vault did not answer before the run had to stop'
      : error instanceof Error
        ? error.message
        : String(error)
  return `A Key Vault write failed while this run recorded the outcome, so the vault may not name the password the VM has (${said}).`
}

function stateLines(p: PasswordRecord): string[] {
  const why = escapeHtml(p.live.why)
  if (p.state === 'unknown') {
    return p.live.version
      ? [
          `The run stopped before Azure said whether the VM got the new password, so it stays the latest version, tagged unknown, as the likely live password. The next run reads the VM’s record of its last VMAccess and corrects the vault.`
        ]
      : [
          `${capitalised(why)}. The new password stays the latest version, tagged unknown, and the password before it stays in the vault under its own version. The next run settles it from the VM’s record.`
        ]
  }
  if (p.state !== 'failed') return []
  if (p.restoredFrom) {
    return [
      `The VM did not take the new password, so the secret's latest version is again the password the VM has (copied from version ${code(p.restoredFrom)}: ${why}). The new one is kept, tagged failed and disabled.`
    ]
  }
  return p.live.version
    ? [
        `The VM did not take the new password; the latest version already holds the password the VM has (${why}). The new one is kept, tagged failed and disabled.`
      ]
    : [
        `⚠️ The VM did not take the new password, and the vault holds no password known to work on this VM (${why}). The refused one is kept, tagged failed and disabled, so whoever reads the secret gets an error rather than a password that does not work. Run the rotation again once the cause is fixed, or set a password you choose with a reset-password run and keep it yourself.`
      ]
}

/** How to read the password the VM has: the live version when it is not the stored one. */
function readLine(p: PasswordRecord): string {
  const id =
    p.state === 'failed' || (p.live.version && p.live.version !== p.version)
      ? p.live.version && `${p.vaultUrl}/secrets/${p.name}/${p.live.version}`
      : p.id
  return id
    ? `Read it with ${code(
        azCommand([
          'keyvault',
          'secret',
          'show',
          '--id',
          id,
          '--query',
          'value',
          '-o',
          'tsv'
        ])
      )} (needs the Key Vault Secrets User role).`
    : 'No version can be read as the VM’s password.'
}

function outputsOf(p: PasswordRecord): ReportSection['outputs'] {
  return { [Output.secretId]: p.id, [Output.secretVersion]: p.version }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function section(lines: readonly string[]): string {
  return `<h3>Where the password is</h3>\n<ul>\n${lines.map((l) => `<li>${l}</li>`).join('\n')}\n</ul>`
}
