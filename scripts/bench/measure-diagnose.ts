// One measured `mode: diagnose` run, read like a reset's (measure-run.ts):
// the requests beside the minimum, and the overhead beyond the server's time.
import { runAction } from './action-process.ts'
import { joinExchanges } from './exchanges.ts'
import type { BenchServer } from './measure-run.ts'
import {
  countRequests,
  extraRequests,
  minimumDiagnoseRequests,
  totalRequests,
  type DiagnoseShape,
  type RequestCount
} from './minimum.ts'
import { splitOverhead, type Overhead } from './overhead.ts'
import { summarisePolls, timePolls, type PollTiming } from './polls.ts'
import { nameExchanges } from './request-names.ts'
import { servingSpans } from './server-time.ts'
import { spread, type Spread } from './stats.ts'

/** What one diagnose run measured. */
export interface DiagnoseResult {
  mode: 'diagnose'
  vmName: string
  shape: DiagnoseShape
  retryAfterSeconds: number
  wallMs: number
  serverMs: number
  /**
   * The reset's stages, read for a diagnosis: `resetMs` is every Resource
   * Manager read (the probe runs beside the network reads, so it has no
   * stage of its own) and `verifyMs` is 0.
   */
  overhead: Overhead
  findings?: number
  requests: RequestCount[]
  extras: string[]
  polls: PollTiming[]
}

/** Diagnoses `vmName` once with `bundle`; `shape` is what the VM is, for its minimum. */
export async function measureDiagnose(
  server: BenchServer,
  vmName: string,
  shape: DiagnoseShape,
  bundle: string
): Promise<DiagnoseResult> {
  const { emulator, wire } = server
  const logFrom = emulator.requests.length
  const wireFrom = wire.exchanges.length
  const run = await runAction(
    bundle,
    { ...emulator.inputs(vmName), mode: 'diagnose', password: '' },
    emulator.env()
  )
  if (run.exitCode !== 0 || !run.outputs['diagnosis']) {
    throw new Error(
      `diagnose on ${vmName} failed (exit ${run.exitCode}, status ${String(run.outputs['status'])}):\n${run.log.slice(-2000)}`
    )
  }
  const exchanges = nameExchanges(
    joinExchanges(
      emulator.requests.slice(logFrom),
      wire.exchanges.slice(wireFrom)
    )
  )
  const writes = exchanges.filter((e) => !['GET', 'POST'].includes(e.method))
  if (writes.length > 0) {
    throw new Error(
      `diagnose on ${vmName} sent ${writes.map((e) => `${e.method} ${e.operationId}`).join(', ')}: it must only read.`
    )
  }
  const window = { fromMs: run.spawnedAtMs, toMs: run.exitedAtMs }
  const overhead = splitOverhead(
    window,
    exchanges,
    servingSpans(exchanges, server.profile)
  )
  const polls = timePolls(exchanges)
  const requests = countRequests(
    exchanges,
    minimumDiagnoseRequests(
      server.profile,
      server.retryAfterSeconds > 0
        ? server.retryAfterSeconds * 1000
        : Math.max(1, ...summarisePolls(polls).unaskedIntervalsMs),
      shape
    )
  )
  const findings = Number(run.outputs['findings'])
  return {
    mode: 'diagnose',
    vmName,
    shape,
    retryAfterSeconds: server.retryAfterSeconds,
    wallMs: run.exitedAtMs - run.spawnedAtMs,
    serverMs: run.exitedAtMs - run.spawnedAtMs - overhead.totalMs,
    overhead,
    ...(Number.isFinite(findings) ? { findings } : {}),
    requests,
    extras: extraRequests(requests),
    polls
  }
}

/** The diagnose runs of one VM, folded for the report. */
export interface DiagnoseFigure {
  /** `running VM (1 NIC, 1 public IP)`. */
  condition: string
  runs: number
  /** Per run: every run of one VM sends the same requests, or the most of them. */
  counts: RequestCount[]
  sent: number
  minimum: number
  extras: string[]
  overheadMs: Spread
  /** Medians of the stages. */
  stagesMs: Omit<Overhead, 'totalMs'>
  wallMs: Spread
  /** Polls earlier than their Retry-After, of all polls asked for. */
  earlyPolls: number
  askedPolls: number
}

/** Groups `results` by VM, in order of first appearance. */
export function aggregateDiagnose(
  results: readonly DiagnoseResult[]
): DiagnoseFigure[] {
  const vms = results
    .map((r) => r.vmName)
    .filter((v, i, all) => all.indexOf(v) === i)
  return vms.map((vmName) => {
    const runs = results.filter((r) => r.vmName === vmName)
    const first = runs[0] as DiagnoseResult
    // The run with the most requests stands for them all: a miss shows.
    const worst = runs.reduce((a, b) =>
      totalRequests(b.requests).sent > totalRequests(a.requests).sent ? b : a
    )
    const totals = totalRequests(worst.requests)
    const median = (pick: (o: Overhead) => number): number =>
      spread(runs.map((r) => pick(r.overhead))).median
    const polls = summarisePolls(runs.flatMap((r) => r.polls))
    return {
      condition: describeShape(first),
      runs: runs.length,
      counts: worst.requests,
      sent: totals.sent,
      minimum: totals.minimum,
      extras: [...new Set(runs.flatMap((r) => r.extras))],
      overheadMs: spread(runs.map((r) => r.overhead.totalMs)),
      stagesMs: {
        startUpMs: median((o) => o.startUpMs),
        signInMs: median((o) => o.signInMs),
        resetMs: median((o) => o.resetMs),
        verifyMs: median((o) => o.verifyMs),
        exitMs: median((o) => o.exitMs)
      },
      wallMs: spread(runs.map((r) => r.wallMs)),
      earlyPolls: polls.early,
      askedPolls: polls.asked
    }
  })
}

function describeShape(r: DiagnoseResult): string {
  const { running, nics, publicIps } = r.shape
  const plural = (n: number, one: string): string =>
    `${n} ${one}${n === 1 ? '' : 's'}`
  const pace =
    r.retryAfterSeconds > 0
      ? `Retry-After ${r.retryAfterSeconds} s`
      : 'no Retry-After'
  return (
    `diagnose, ${running ? 'running' : 'deallocated'} VM ` +
    `(${plural(nics, 'NIC')}, ${plural(publicIps, 'public IP')}), ${pace}`
  )
}
