// Runs the cases of one reliability catalogue (scripts/reliability/) as
// tests, by the same case runner as `npm run reliability`. Each catalogue
// has its own test file, so Jest's workers run them side by side. A case
// marked knownGap runs as it.failing: it passes while the action still
// misbehaves and fails once the action is fixed, to say the mark should go.
import { describeCase } from '../../scripts/reliability/report.ts'
import {
  allCases,
  type RunnableCase
} from '../../scripts/reliability/catalogue.ts'
import {
  startBadInputBench,
  type BadInputBench
} from '../../scripts/reliability/run-bad-input.ts'

// timeout-minutes is whole minutes: the never-ending LRO case takes ~65 s.
const slowTimeoutMs = 150_000
const caseTimeoutMs = 60_000

/** Declares one test per case of `catalogue` that `only` keeps. */
export function describeCatalogue(
  catalogue: RunnableCase['catalogue'],
  only: (c: RunnableCase) => boolean = () => true
): void {
  const cases = allCases().filter((c) => c.catalogue === catalogue && only(c))
  const held = (c: RunnableCase): boolean => c.knownGap === undefined
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

  const slow = cases.filter((c) => held(c) && c.slow)
  // `.each` refuses an empty table.
  if (slow.length > 0) {
    it.concurrent.each(slow)('$title', runCase, slowTimeoutMs)
  }
  it.concurrent.each(cases.filter((c) => held(c) && !c.slow))(
    '$title',
    runCase,
    caseTimeoutMs
  )
  const gaps = cases.filter((c) => !held(c))
  if (gaps.length > 0) {
    it.concurrent.failing.each(gaps)(
      '$title (known gap: $knownGap)',
      runCase,
      slowTimeoutMs
    )
  }
}
