// Pure: where a rotated password is, for the outputs and the job summary.
import { code, escapeHtml } from '../markup.ts'
import type { ReportSection } from '../operation.ts'
import { Output } from '../settings.ts'
import type { PasswordRecord } from './steps.ts'

/** The secret-id and secret-version outputs and the "Where the password is" section. */
export function passwordSection(p: PasswordRecord): ReportSection {
  return {
    outputs: { [Output.secretId]: p.id, [Output.secretVersion]: p.version },
    html: renderPasswordRecord(p)
  }
}

function renderPasswordRecord(p: PasswordRecord): string {
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
