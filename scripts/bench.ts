// `npm run bench`: the action's own cost, measured from outside. Runs the real
// dist/index.js against the local emulator with a fixed server-side delay
// profile, prints the figures beside the issue's targets, and writes them to
// .bench/results.json. A script, not a test: timings do not belong in CI.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { runBareNode } from './bench/action-process.ts'
import { aggregate } from './bench/aggregate.ts'
import { diagnoseTargets, startBenchServer } from './bench/bench-server.ts'
import { formatCondition } from './bench/format.ts'
import { describeMachine } from './bench/machine.ts'
import {
  measureRun,
  type BenchServer,
  type ResetMode,
  type Route,
  type RunResult
} from './bench/measure-run.ts'
import {
  aggregateDiagnose,
  measureDiagnose,
  type DiagnoseResult
} from './bench/measure-diagnose.ts'
import type { DelayProfile, DiagnoseShape } from './bench/minimum.ts'
import { delayProfile as profile, instantProfile } from './bench/profile.ts'
import {
  renderDiagnose,
  renderReport,
  type BenchResults
} from './bench/report.ts'
import { judge } from './bench/targets.ts'
import { recordWire } from './bench/wire-log.ts'
import { measureFleets } from './bench/fleet.ts'
import { renderFleet } from './bench/fleet-report.ts'
import { bundlePath } from './runner.ts'

const usage = `Usage: npm run bench [-- --bundle PATH] [--fleet-only | --skip-fleet | --diagnose-only]

Measures dist/index.js (or another bundle of src/, e.g. one built with
'npx ncc build src/index.ts -o /tmp/x --minify') against the local emulator,
prints the results beside the targets and writes .bench/results.json.
--fleet-only measures only the fleet cases (many VMs in one step);
--skip-fleet everything but them; --diagnose-only only the mode: diagnose
runs, written to .bench/diagnose.json (results.json is left as it is).`

const retryAfterSeconds = 1
const coldStartRuns = 10
const runsPerMode = 3
const runsPerModeWithoutRetryAfter = 1
// mode: diagnose: runs of the healthy VM (with the probe) and of a deallocated one (without).
const diagnoseRuns = { healthy: 3, deallocated: 1 } as const
const modes: readonly ResetMode[] = ['reset-password', 'reset-rdp']
// verify is on by default; the runs with verify: false show what it adds.
const verifySettings: readonly boolean[] = [true, false]

const root = fileURLToPath(new URL('../', import.meta.url))
const { values: args } = parseArgs({
  options: {
    bundle: { type: 'string', default: bundlePath },
    'fleet-only': { type: 'boolean', default: false },
    'skip-fleet': { type: 'boolean', default: false },
    'diagnose-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (args.help) {
  console.log(usage)
  process.exit(0)
}
const bundle = path.resolve(args.bundle)
if (!existsSync(bundle)) {
  console.error(`${bundle} is missing: run 'npm run bundle' first.`)
  process.exit(2)
}

if (args['fleet-only']) {
  console.log(renderFleet(await measureFleets(bundle)))
  process.exit(0)
}

const loadAtStart = os.loadavg()[0] ?? NaN
const wire = recordWire()

if (args['diagnose-only']) {
  const runs = await measureDiagnoseRuns()
  wire.stop()
  const figures = aggregateDiagnose(runs)
  const out = path.join(root, '.bench', 'diagnose.json')
  await mkdir(path.dirname(out), { recursive: true })
  await writeFile(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: describeMachine(),
        loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? NaN },
        bundle: describeBundle(bundle),
        profile: { ...profile, retryAfterSeconds },
        diagnose: figures,
        diagnoseRuns: runs
      },
      null,
      2
    ) + '\n'
  )
  console.log(renderDiagnose(figures))
  console.log(`Written to ${path.relative(root, out)}.`)
  process.exit(0)
}
const all: RunResult[] = []
const profiled: RunResult[] = []
const bareNodeMs: number[] = []

// Cold start and RSS need many runs, not a realistic server: no delays.
await withServer(instantProfile, retryAfterSeconds, async (server) => {
  // One unrecorded run, so the page cache and the emulator's first-use
  // work (spec validators) are warm for every measured run.
  await measureRun(server, 'reset-password', bundle)
  for (let i = 0; i < coldStartRuns; i++) {
    all.push(await step(server, modes[i % modes.length] ?? 'reset-password'))
    // Beside each cold start, under the same load: what Node alone costs.
    const bare = await runBareNode()
    bareNodeMs.push(bare.exitedAtMs - bare.spawnedAtMs)
  }
})
// The delay profile, paced by the server and then by the client alone.
await withServer(profile, retryAfterSeconds, async (server) => {
  for (let i = 0; i < runsPerMode; i++) {
    for (const mode of modes) {
      for (const verify of verifySettings) {
        profiled.push(await step(server, mode, verify))
      }
    }
  }
})
await withServer(profile, 0, async (server) => {
  for (let i = 0; i < runsPerModeWithoutRetryAfter; i++) {
    for (const mode of modes) {
      for (const verify of verifySettings) {
        profiled.push(await step(server, mode, verify))
      }
    }
  }
})
// A domain controller through a managed Run Command, then the probe.
await withServer(
  profile,
  retryAfterSeconds,
  async (server) => {
    for (let i = 0; i < runsPerMode; i++) {
      profiled.push(await step(server, 'reset-password', true))
    }
  },
  'run-command'
)
all.push(...profiled)
const diagnosed = await measureDiagnoseRuns()
wire.stop()
const fleet = args['skip-fleet'] ? [] : await measureFleets(bundle)

const figures = aggregate(all, profiled, bareNodeMs)
const results: BenchResults = {
  date: new Date().toISOString(),
  machine: describeMachine(),
  loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? NaN },
  bundle: describeBundle(bundle),
  profile: { ...profile, retryAfterSeconds },
  figures,
  verdicts: judge(figures),
  fleet,
  runs: all,
  diagnose: aggregateDiagnose(diagnosed),
  diagnoseRuns: diagnosed
}
const report = renderReport(results)
const out = path.join(root, '.bench', 'results.json')
await mkdir(path.dirname(out), { recursive: true })
await writeFile(out, JSON.stringify(results, null, 2) + '\n')
console.log(report)
if (fleet.length > 0) console.log(renderFleet(fleet))
console.log(`Written to ${path.relative(root, out)}.`)

async function withServer(
  delays: DelayProfile,
  seconds: number,
  measure: (server: BenchServer) => Promise<void>,
  route: Route = 'vm-access'
): Promise<void> {
  const server = await startBenchServer(delays, seconds, wire, route)
  try {
    await measure(server)
  } finally {
    await server.emulator.stop()
  }
}

// mode: diagnose against the delay profile (the probe's script takes
// runCommandMs), after one unrecorded run so that first use is warm.
async function measureDiagnoseRuns(): Promise<DiagnoseResult[]> {
  const results: DiagnoseResult[] = []
  await withServer(profile, retryAfterSeconds, async (server) => {
    const { healthy, deallocated } = diagnoseTargets
    await measureDiagnose(server, healthy.vmName, healthy.shape, bundle)
    for (const [target, runs] of [
      [healthy, diagnoseRuns.healthy],
      [deallocated, diagnoseRuns.deallocated]
    ] as const) {
      for (let i = 0; i < runs; i++) {
        results.push(await diagnoseStep(server, target))
      }
    }
  })
  return results
}

async function diagnoseStep(
  server: BenchServer,
  target: { vmName: string; shape: DiagnoseShape }
): Promise<DiagnoseResult> {
  const result = await measureDiagnose(
    server,
    target.vmName,
    target.shape,
    bundle
  )
  const { sent, minimum } = result.requests.reduce(
    (n, c) => ({ sent: n.sent + c.observed, minimum: n.minimum + c.minimum }),
    { sent: 0, minimum: 0 }
  )
  console.error(
    `${`diagnose ${target.vmName}`.padEnd(60)} requests ${sent} / ${minimum}: ` +
      `wall ${result.wallMs} ms, overhead ${Math.round(result.overhead.totalMs)} ms`
  )
  return result
}

async function step(
  server: BenchServer,
  mode: ResetMode,
  verify = true
): Promise<RunResult> {
  const result = await measureRun(server, mode, bundle, verify)
  const { deleteMs, extensionMs, runCommandMs } = server.profile
  console.error(
    `${formatCondition(result).padEnd(60)} delete ${deleteMs} ms, ` +
      `handler ${extensionMs} ms, script ${runCommandMs} ms: wall ${result.wallMs} ms, ` +
      `overhead ${Math.round(result.overhead.totalMs)} ms`
  )
  return result
}

// ncc splits rarely used modules into numbered chunks loaded on demand.
function describeBundle(file: string): BenchResults['bundle'] {
  const dir = path.dirname(file)
  const chunkBytes = readdirSync(dir)
    .filter((name) => /^\d+\.index\.js$/.test(name))
    .reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0)
  return {
    path: path.relative(root, file),
    bytes: statSync(file).size,
    chunkBytes
  }
}
