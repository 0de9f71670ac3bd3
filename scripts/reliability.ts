// npm run reliability [-- --only TEXT] [--verbose]: every bad-input and fault case
// against the local emulator, then the table. Exits 1 when a case breaks an
// expectation that is not a listed known gap, or a known gap now holds.
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { bundlePath } from './runner.ts'
import type { CaseResult } from './reliability/case-result.ts'
import { allCases } from './reliability/catalogue.ts'
import { createLimiter } from './reliability/limiter.ts'
import {
  describeCase,
  isPassing,
  renderReport,
  tally
} from './reliability/report.ts'
import { startBadInputBench } from './reliability/run-bad-input.ts'

const srcDir = fileURLToPath(new URL('../src/', import.meta.url))

// Cases at once. Each spawns node on a 4 MB bundle; on 2 cores more than
// this only makes every case slower and Retry-After timings noisier.
const concurrency = 5

/** Warns when dist/index.js is older than src/: the cases run the bundle. */
async function warnIfStale(): Promise<void> {
  const bundleTime = (await stat(bundlePath)).mtimeMs
  const files = await readdir(srcDir)
  const times = await Promise.all(
    files.map(async (f) => ({
      file: f,
      mtimeMs: (await stat(path.join(srcDir, f))).mtimeMs
    }))
  )
  const newer = times.filter((t) => t.mtimeMs > bundleTime).map((t) => t.file)
  if (newer.length > 0) {
    console.warn(
      `warning: dist/index.js is older than src/${newer.join(', src/')}; run npm run bundle first.\n`
    )
  }
}

function printProgress(result: CaseResult): CaseResult {
  const mark = result.problems.length === 0 ? '✓' : result.knownGap ? '○' : '✗'
  const seconds = (result.durationMs / 1000).toFixed(1)
  console.log(`${mark} [${result.catalogue}] ${result.name} (${seconds} s)`)
  return result
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, verbose: { type: 'boolean' } }
  })
  await warnIfStale()
  const cases = allCases().filter(
    (c) => values.only === undefined || c.name.includes(values.only)
  )
  const started = Date.now()
  const limiter = createLimiter(concurrency)
  const bench = await startBadInputBench(4)
  try {
    const results = await Promise.all(
      cases.map((c) => limiter.run(() => c.run(bench)).then(printProgress))
    )
    if (values.verbose) {
      console.log(`\n${results.flatMap(describeCase).join('\n')}`)
    }
    console.log(`\n${renderReport(results, Date.now() - started)}`)
    process.exitCode = isPassing(tally(results)) ? 0 : 1
  } finally {
    await bench.emulator.stop()
  }
}

await main()
