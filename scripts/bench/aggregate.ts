// Folds the runs into the figures the report and results.json show.
import type { RequestCount } from './minimum.ts'
import type { ResetMode, RunResult } from './measure-run.ts'
import type { Overhead } from './overhead.ts'
import { summarisePolls, type PollSummary } from './polls.ts'
import { spread, type Spread } from './stats.ts'

/** Runs of one mode with or without Retry-After. */
export interface Condition {
  mode: ResetMode
  retryAfterSeconds: number
}

/** Overhead of one condition's runs. */
export interface OverheadFigure extends Condition {
  totalMs: Spread
  /** The stages of the run with the median total. */
  medianRun: Overhead
}

/** The requests of one condition's worst run (most requests beyond the minimum). */
export interface RequestFigure extends Condition {
  runs: number
  counts: RequestCount[]
  extras: string[]
}

/** Everything measured, ready to judge. */
export interface Figures {
  coldStartMs: Spread
  overhead: OverheadFigure[]
  requests: RequestFigure[]
  pollsWithRetryAfter: PollSummary
  pollsWithoutRetryAfter: PollSummary
  peakRssMib: Spread
  /** User plus system CPU time of the action's process. */
  cpuMs: Spread
  /** Spawn to exit of `node -e 0`, run beside the cold-start runs. */
  bareNodeMs: Spread
}

/**
 * Cold start, RSS and CPU come from every run; overhead and requests from
 * the runs against the delay profile (`profiled`), per condition.
 */
export function aggregate(
  all: readonly RunResult[],
  profiled: readonly RunResult[],
  bareNodeMs: readonly number[]
): Figures {
  const conditions = profiled
    .map((r) => ({ mode: r.mode, retryAfterSeconds: r.retryAfterSeconds }))
    .filter(
      (c, i, list) =>
        list.findIndex(
          (o) =>
            o.mode === c.mode && o.retryAfterSeconds === c.retryAfterSeconds
        ) === i
    )
  const runsOf = (c: Condition): RunResult[] =>
    profiled.filter(
      (r) => r.mode === c.mode && r.retryAfterSeconds === c.retryAfterSeconds
    )
  const polls = (sent: boolean): PollSummary =>
    summarisePolls(
      profiled
        .filter((r) => r.retryAfterSeconds > 0 === sent)
        .flatMap((r) => r.polls)
    )
  return {
    coldStartMs: spread(all.map((r) => r.coldStartMs)),
    overhead: conditions.map((c) => overheadOf(c, runsOf(c))),
    requests: conditions.map((c) => requestsOf(c, runsOf(c))),
    pollsWithRetryAfter: polls(true),
    pollsWithoutRetryAfter: polls(false),
    peakRssMib: spread(
      all.flatMap((r) =>
        r.peakRssKib === undefined ? [] : [r.peakRssKib / 1024]
      )
    ),
    cpuMs: spread(all.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]))),
    bareNodeMs: spread(bareNodeMs)
  }
}

function overheadOf(
  condition: Condition,
  runs: readonly RunResult[]
): OverheadFigure {
  const totalMs = spread(runs.map((r) => r.overhead.totalMs))
  const byTotal = [...runs].sort(
    (a, b) => a.overhead.totalMs - b.overhead.totalMs
  )
  const median = byTotal[Math.floor((byTotal.length - 1) / 2)]
  return {
    ...condition,
    totalMs,
    medianRun: median?.overhead ?? {
      startUpMs: NaN,
      signInMs: NaN,
      resetMs: NaN,
      exitMs: NaN,
      totalMs: NaN
    }
  }
}

function requestsOf(
  condition: Condition,
  runs: readonly RunResult[]
): RequestFigure {
  const beyond = (r: RunResult): number =>
    r.requests.reduce((n, c) => n + Math.max(0, c.observed - c.minimum), 0)
  const worst = [...runs].sort((a, b) => beyond(b) - beyond(a))[0]
  return {
    ...condition,
    runs: runs.length,
    counts: worst?.requests ?? [],
    extras: worst?.extras ?? []
  }
}
