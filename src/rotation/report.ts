// Pure: where a rotated password is, for the outputs and the job summary.
import { code, escapeHtml } from '../markup.ts'
import type { ReportSection, ResetResult } from '../operation.ts'
import { Output } from '../settings.ts'
import type { PasswordRecord } from './context.ts'
import type { StoredVersion } from './vault.ts'

/** The secret-id and secret-version outputs and the "Where the password is" section. */
export function passwordSection(p: PasswordRecord): ReportSection {
  const lines = [
    `Key Vault ${code(p.vaultUrl)}, secret ${code(p.name)}, version ${code(p.version)}, tagged ${code(`rotation-state=${p.state}`)}.`,
    readCommand(p.id),
    ...stateLines(p)
  ]
  return {
    outputs: { [Output.secretId]: p.id, [Output.secretVersion]: p.version },
    html: section(lines)
  }
}

/** The section when Key Vault failed while the outcome was recorded. */
export function vaultProblemSection(
  vaultUrl: string,
  stored: StoredVersion,
  result: ResetResult
): ReportSection {
  const fate = {
    yes: 'The VM has this new password.',
    no: 'The VM did not take this new password.',
    unknown: 'Whether the VM got this new password is unknown.'
  }[result.applied]
  const lines = [
    `Key Vault ${code(vaultUrl)}, secret ${code(stored.name)}, version ${code(stored.version)}. ${fate}`,
    readCommand(stored.id),
    '⚠️ Key Vault failed while this run recorded the outcome, so its latest version or its tags may not name the password the VM has (see “What went wrong”). A re-run repairs them from the VM’s own record first.'
  ]
  return {
    outputs: {
      [Output.secretId]: stored.id,
      [Output.secretVersion]: stored.version
    },
    html: section(lines)
  }
}

function stateLines(p: PasswordRecord): string[] {
  const why = escapeHtml(p.live.why)
  if (p.state === 'unknown') {
    return [
      `The run stopped before Azure said whether the VM got the new password, so it stays the latest version, tagged unknown, as the likely live password. The next run reads the VM’s record of its last VMAccess and corrects the vault.`
    ]
  }
  if (p.state !== 'failed') return []
  if (p.restoredFrom) {
    return [
      `The VM did not take the new password, so the secret's latest version is again the password the VM has (copied from version ${code(p.restoredFrom)}: ${why}). The new one is kept, tagged failed.`
    ]
  }
  return p.live.version
    ? [
        `The VM did not take the new password; the latest version already holds the password the VM has (${why}).`
      ]
    : [
        `The VM did not take the new password, and no version of this VM is known to be live (${why}): the latest version is this refused password. Set the VM’s password again (a reset-password run) to bring the vault in line.`
      ]
}

function readCommand(id: string): string {
  return `Read it with ${code(`az keyvault secret show --id ${id} --query value -o tsv`)} (needs the Key Vault Secrets User role).`
}

function section(lines: readonly string[]): string {
  return `<h3>Where the password is</h3>\n<ul>\n${lines.map((l) => `<li>${l}</li>`).join('\n')}\n</ul>`
}
