// How each poll kept to the wait the server asked for. A poll is timed from
// the moment the previous answer of its operation left the server.
import type { Lro, NamedExchange } from './request-names.ts'

/** One poll and the answer before it. */
export interface PollTiming {
  lro: Lro
  /** From the previous answer leaving the server to this poll arriving. */
  sinceAnswerMs: number
  /** The Retry-After of the previous answer; undefined when it had none. */
  askedMs?: number
  /** `sinceAnswerMs - askedMs`: negative is early, positive is late. */
  lateMs?: number
}

/** What a set of runs shows about polling. */
export interface PollSummary {
  polls: number
  /** Polls whose previous answer carried Retry-After. */
  asked: number
  early: number
  /** How early the earliest poll was (ms, ≥ 0); 0 when none was early. */
  worstEarlyMs: number
  /** How late the latest on-time poll was (ms); 0 when none was asked for. */
  worstLateMs: number
  /** Waits the client chose itself, after answers without Retry-After. */
  unaskedIntervalsMs: number[]
}

/** Times every poll of one run against the answer before it. */
export function timePolls(exchanges: readonly NamedExchange[]): PollTiming[] {
  const timings: PollTiming[] = []
  // Per operation: diagnose polls a Compute and a Network operation at once.
  const previousOf = new Map<Lro, NamedExchange>()
  for (const e of exchanges) {
    if (!e.lro) continue
    if (e.role === 'start') {
      previousOf.set(e.lro, e)
      continue
    }
    const previous = previousOf.get(e.lro)
    if (e.role !== 'poll' || !previous) {
      previousOf.delete(e.lro)
      continue
    }
    const sinceAnswerMs = e.startMs - previous.finishMs
    const askedMs = previous.retryAfterMs
    timings.push(
      askedMs === undefined
        ? { lro: e.lro, sinceAnswerMs }
        : {
            lro: e.lro,
            sinceAnswerMs,
            askedMs,
            lateMs: sinceAnswerMs - askedMs
          }
    )
    previousOf.set(e.lro, e)
  }
  return timings
}

/** Folds the poll timings of many runs into the figures the report shows. */
export function summarisePolls(timings: readonly PollTiming[]): PollSummary {
  const lateness = timings.flatMap((t) =>
    t.lateMs === undefined ? [] : [t.lateMs]
  )
  const early = lateness.filter((ms) => ms < 0)
  return {
    polls: timings.length,
    asked: lateness.length,
    early: early.length,
    worstEarlyMs: Math.max(0, ...early.map((ms) => -ms)),
    worstLateMs: Math.max(0, ...lateness),
    unaskedIntervalsMs: timings.flatMap((t) =>
      t.askedMs === undefined ? [t.sinceAnswerMs] : []
    )
  }
}
