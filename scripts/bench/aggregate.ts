// Folds the runs into the figures the report and results.json show.
import {
  probeRequestNames,
  totalRequests,
  type RequestCount
} from './minimum.ts'
import type { ResetMode, Route, RunResult } from './measure-run.ts'
import type { Overhead } from './overhead.ts'
import { summarisePolls, type PollSummary } from './polls.ts'
import { spread, type Spread } from './stats.ts'

/** Runs of one mode, route and verify setting, with or without Retry-After. */
export interface Condition {
  mode: ResetMode
  retryAfterSeconds: number
  verify: boolean
  route: Route
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

/** Sent and minimum requests of a condition's worst run, and its runs' overhead. */
export interface CostFigure {
  sent: number
  minimum: number
  overheadMs: Spread
}

/**
 * What verify adds to a VMAccess reset of one mode: the runs with verify on
 * beside those with verify: false, and the probe's own share of the former.
 */
export interface VerifyCostFigure {
  mode: ResetMode
  retryAfterSeconds: number
  on: CostFigure
  off: CostFigure
  /** The probe's requests (its POST, polls, final GET), and the verify stage of the runs with it. */
  probe: CostFigure
  /**
   * Median exit stage with verify on less that with verify: false: the work
   * after the probe's last answer (reading its JSON line, the Proof section).
   */
  afterProbeMs: number
}

/** Everything measured, ready to judge. */
export interface Figures {
  coldStartMs: Spread
  overhead: OverheadFigure[]
  requests: RequestFigure[]
  verifyCost: VerifyCostFigure[]
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
    .map(conditionOf)
    .filter((c, i, list) => list.findIndex((o) => sameCondition(o, c)) === i)
  const runsOf = (c: Condition): RunResult[] =>
    profiled.filter((r) => sameCondition(r, c))
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
    verifyCost: verifyCosts(conditions, runsOf),
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

function conditionOf(r: Condition): Condition {
  return {
    mode: r.mode,
    retryAfterSeconds: r.retryAfterSeconds,
    verify: r.verify,
    route: r.route
  }
}

function sameCondition(a: Condition, b: Condition): boolean {
  return (
    a.mode === b.mode &&
    a.retryAfterSeconds === b.retryAfterSeconds &&
    a.verify === b.verify &&
    a.route === b.route
  )
}

// Pairs each VMAccess condition with verify on with its twin with verify off.
function verifyCosts(
  conditions: readonly Condition[],
  runsOf: (c: Condition) => RunResult[]
): VerifyCostFigure[] {
  return conditions
    .filter((c) => c.route === 'vm-access' && c.verify)
    .flatMap((c) => {
      const on = runsOf(c)
      const off = runsOf({ ...c, verify: false })
      if (off.length === 0) return []
      return [
        {
          mode: c.mode,
          retryAfterSeconds: c.retryAfterSeconds,
          on: costOf(on, (r) => r.overhead.totalMs),
          off: costOf(off, (r) => r.overhead.totalMs),
          probe: costOf(on, (r) => r.overhead.verifyMs, probeRequestNames),
          afterProbeMs:
            spread(on.map((r) => r.overhead.exitMs)).median -
            spread(off.map((r) => r.overhead.exitMs)).median
        }
      ]
    })
}

// Requests from the worst run, as the request table shows them.
function costOf(
  runs: readonly RunResult[],
  overheadMs: (r: RunResult) => number,
  only?: ReadonlySet<string>
): CostFigure {
  const worst = worstRun(runs)
  return {
    ...totalRequests(worst?.requests ?? [], only),
    overheadMs: spread(runs.map(overheadMs))
  }
}

function worstRun(runs: readonly RunResult[]): RunResult | undefined {
  const beyond = (r: RunResult): number =>
    r.requests.reduce((n, c) => n + Math.max(0, c.observed - c.minimum), 0)
  return [...runs].sort((a, b) => beyond(b) - beyond(a))[0]
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
      verifyMs: NaN,
      exitMs: NaN,
      totalMs: NaN
    }
  }
}

function requestsOf(
  condition: Condition,
  runs: readonly RunResult[]
): RequestFigure {
  const worst = worstRun(runs)
  return {
    ...condition,
    runs: runs.length,
    counts: worst?.requests ?? [],
    extras: worst?.extras ?? []
  }
}
