// The fault catalogue of scripts/reliability/, each case its own test, and
// the checks of the catalogues themselves. Bad inputs and rotations have
// their own files (reliability-*.e2e.test.ts), so the three run side by side.
import { badInputCases } from '../../scripts/reliability/bad-inputs.ts'
import { faultCases, inGuestCases } from '../../scripts/reliability/faults.ts'
import { findSecrets } from '../../scripts/reliability/secret-scan.ts'
import { describeCatalogue } from './reliability-suite.ts'

describe('reliability catalogue: faults', () => {
  describeCatalogue('fault')

  it('holds at least 60 bad inputs and 20 faults', () => {
    expect(badInputCases.length).toBeGreaterThanOrEqual(60)
    expect(faultCases.length).toBeGreaterThanOrEqual(20)
  })

  it('gives each in-guest failure a next step of its own', () => {
    const phrases = inGuestCases.map((c) =>
      c.expect.outcome === 'fails' ? c.expect.nextStep : ''
    )

    expect(new Set(phrases).size).toBe(inGuestCases.length)
    expect(phrases).not.toContain('')
  })

  it('finds a secret however the log, outputs or summary escape it', () => {
    const secret = 'Pa"ss\\w<0>rd%1'
    const step = {
      exitCode: 1,
      signal: null,
      signalsSent: [],
      stdout: `::add-mask::${secret}\n::error::${secret.replace('%', '%25')}`,
      stderr: Buffer.from(secret).toString('base64'),
      outputs: { message: JSON.stringify(secret).slice(1, -1) },
      summary: `<p>${secret.replace(/[<>"\\]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`
    }

    const hits = findSecrets(step, [{ label: 'password', value: secret }])

    expect(hits.map((h) => `${h.place}: ${h.how}`)).toEqual([
      'stdout: clear, as the runner displays it',
      'stderr: base64, as printed',
      'outputs: JSON-escaped, as written',
      'summary: HTML-escaped, as HTML'
    ])
  })
})
