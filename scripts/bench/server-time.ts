// The time the emulator, not the action, held a run up. Precisely: the union
// of the spans in which
//   1. the emulator was handling a request (arrival to the answer leaving);
//   2. it had asked the client to wait (Retry-After, from the answer leaving
//      until the wait is over or the client sends its next request: the
//      action sends one request at a time, so a poll sent early ends the wait
//      it cut short, and the answer to that poll asks for its own);
//   3. an operation it had accepted was still running (the scenario's delay,
//      from the 201/202 leaving; the emulator starts that clock while handling
//      the request, a few ms earlier, so this credits it at most those ms).
// A wait the client chose itself, after an answer without Retry-After, is not
// in it: that time is the client's, and counts as overhead.
import { operationMs, type DelayProfile } from './minimum.ts'
import type { NamedExchange } from './request-names.ts'

/** A span of time in epoch ms, `fromMs` ≤ `toMs`. */
export interface Span {
  fromMs: number
  toMs: number
}

/** The spans in which the emulator held the run up (see the file comment); `exchanges` in arrival order. */
export function servingSpans(
  exchanges: readonly NamedExchange[],
  profile: DelayProfile
): Span[] {
  return exchanges.flatMap((e, i) => {
    const spans: Span[] = [{ fromMs: e.startMs, toMs: e.finishMs }]
    if (e.retryAfterMs !== undefined) {
      const nextMs = exchanges[i + 1]?.startMs ?? Infinity
      spans.push({
        fromMs: e.finishMs,
        toMs: Math.max(
          e.finishMs,
          Math.min(e.finishMs + e.retryAfterMs, nextMs)
        )
      })
    }
    if (e.role === 'start' && e.lro) {
      const delayMs = operationMs(e.lro, profile)
      spans.push({ fromMs: e.finishMs, toMs: e.finishMs + delayMs })
    }
    return spans
  })
}

/** How much of `window` the spans cover, overlaps counted once. */
export function coveredMs(spans: readonly Span[], window: Span): number {
  const clipped = spans
    .map((s) => ({
      fromMs: Math.max(s.fromMs, window.fromMs),
      toMs: Math.min(s.toMs, window.toMs)
    }))
    .filter((s) => s.toMs > s.fromMs)
    .sort((a, b) => a.fromMs - b.fromMs)
  let total = 0
  let reachedMs = window.fromMs
  for (const s of clipped) {
    const fromMs = Math.max(s.fromMs, reachedMs)
    if (s.toMs > fromMs) total += s.toMs - fromMs
    reachedMs = Math.max(reachedMs, s.toMs)
  }
  return total
}
