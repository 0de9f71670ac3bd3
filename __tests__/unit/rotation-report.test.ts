// Where a rotated password is, line by line: which version the VM has,
// whether the latest holds it, and what the next run does.
import type { PasswordRecord } from '../../src/rotation/context.ts'
import {
  nextRunText,
  passwordSection,
  unsettledSection
} from '../../src/rotation/report.ts'

const vaultUrl = 'https://kv.vault.azure.net'
const record: PasswordRecord = {
  vaultUrl,
  name: 'web',
  version: 'new',
  id: `${vaultUrl}/secrets/web/new`,
  state: 'failed',
  live: { version: 'old', why: 'version old is the newest tagged active' },
  pendingUntil: '2026-12-02T07:16:00.000Z'
}
const lines = (html: string): string[] =>
  [...html.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1] ?? '')

describe('the rotation’s summary section', () => {
  it('says the vault holds no working password when the VM refused the first one', () => {
    const first = {
      ...record,
      live: { why: 'no version of this VM is tagged active' }
    }

    const shown = lines(passwordSection(first).html)

    expect(shown.slice(1)).toEqual([
      'No version can be read as the VM’s password.',
      '⚠️ The VM did not take the new password, and the vault holds no password known to work on this VM (no version of this VM is tagged active). The refused one is kept, tagged failed and disabled, so whoever reads the secret gets an error rather than a password that does not work. Run the rotation again once the cause is fixed, or set a password you choose with a reset-password run and keep it yourself.'
    ])
  })

  it('names the live version, the latest, how to read it and how a re-run repairs, when a write failed', () => {
    const unsettled: PasswordRecord = {
      ...record,
      problem: {
        error: new Error('Key Vault refused (HTTP 403)'),
        tagged: false
      }
    }

    const shown = lines(
      unsettledSection(unsettled, { applied: 'no', failure: 'x' }).html
    )

    expect(shown).toEqual([
      `Key Vault <code>${vaultUrl}</code>, secret <code>web</code>, version <code>new</code>. The VM did not take this new password.`,
      '⚠️ A Key Vault write failed while this run recorded the outcome, so the vault may not name the password the VM has (Key Vault refused (HTTP 403)). The VM has version <code>old</code> (version old is the newest tagged active).',
      'As far as this run knows, the secret’s latest version is still <code>new</code>, the refused password, still enabled: whoever reads the secret gets a password that does not work. Read the VM’s password by its version (below) until the vault is repaired.',
      `Read it with <code>az keyvault secret show --id ${vaultUrl}/secrets/web/old --query value -o tsv</code> (needs the Key Vault Secrets User role).`,
      'Version new still reads rotation-state=pending, so nothing in the vault shows that this run has ended: a re-run of this workflow run (Re-run jobs) repairs the vault at once; another run repairs it once the VM’s record shows that version’s outcome, and otherwise refuses to rotate this VM until 2026-12-02T07:16:00.000Z.'
    ])
  })

  it.each([
    ['the version’s own tag landed', { tagged: true }, {}],
    [
      'a copy names it',
      { tagged: false },
      { latest: { isLive: true, version: 'c', copiedFrom: 'old' } }
    ]
  ])('leaves the repair to any next run when %s', (_, problem, extra) => {
    const text = nextRunText({
      ...record,
      ...extra,
      problem: { error: new Error('x'), ...problem }
    })

    expect(text).toBe(
      'A re-run reads the VM’s record and repairs the vault before it rotates again.'
    )
  })
})
