// Every case of the reliability catalogues (scripts/reliability/) as its own
// test, run by the same case runner as `npm run reliability`. A case marked
// knownGap runs as it.failing: it passes while the action still misbehaves
// and fails once the action is fixed, to say the mark should go.
import { badInputCases } from '../../scripts/reliability/bad-inputs.ts'
import { describeCase } from '../../scripts/reliability/report.ts'
import {
  allCases,
  type RunnableCase
} from '../../scripts/reliability/catalogue.ts'
import { faultCases, inGuestCases } from '../../scripts/reliability/faults.ts'
import { findSecrets } from '../../scripts/reliability/secret-scan.ts'
import {
  startBadInputBench,
  type BadInputBench
} from '../../scripts/reliability/run-bad-input.ts'

const cases = allCases()
const held = (c: RunnableCase): boolean => c.knownGap === undefined

// timeout-minutes is whole minutes: the never-ending LRO case takes ~65 s.
const slowTimeoutMs = 150_000
const caseTimeoutMs = 60_000

describe('reliability catalogue', () => {
  let bench: BadInputBench

  beforeAll(async () => {
    bench = await startBadInputBench(4)
  })
  afterAll(async () => {
    await bench.emulator.stop()
  })

  async function runCase(c: RunnableCase): Promise<void> {
    const result = await c.run(bench)

    // The problems, with the evidence, are the failure message.
    expect(result.problems.length === 0 ? [] : describeCase(result)).toEqual([])
  }

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

  it.concurrent.each(cases.filter((c) => held(c) && c.slow))(
    '$title',
    runCase,
    slowTimeoutMs
  )

  it.concurrent.each(cases.filter((c) => held(c) && !c.slow))(
    '$title',
    runCase,
    caseTimeoutMs
  )

  // `.each` refuses an empty table, and fixing the last gap empties this one.
  const gaps = cases.filter((c) => !held(c))
  if (gaps.length > 0) {
    it.concurrent.failing.each(gaps)(
      '$title (known gap: $knownGap)',
      runCase,
      slowTimeoutMs
    )
  }
})
