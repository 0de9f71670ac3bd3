// ARM's clock for a test that must not depend on the machine's speed: time
// stands still and moves on only as the requests the emulator has answered
// say ("3 s once the SDK has polled three times"), so an operation ends, or a
// bucket refills, after an event and never after a stretch of real time.
import type { Emulator, EmulatorOptions, LoggedRequest } from '../index.ts'

/** Where ARM's time stands before any request moves it. */
export const clockStartMs = Date.parse('2026-06-01T12:00:00Z')

/** How far ARM's time has moved, in ms, given the requests answered so far. */
export type ElapsedMs = (requests: readonly LoggedRequest[]) => number

/** Starts an emulator whose ARM clock reads `clockStartMs` plus `elapsedMs` of its requests. */
export async function startOnRequestClock(
  start: (options: EmulatorOptions) => Promise<Emulator>,
  options: EmulatorOptions,
  elapsedMs: ElapsedMs
): Promise<Emulator> {
  let answered: readonly LoggedRequest[] = []
  const emulator = await start({
    ...options,
    armClock: () => clockStartMs + elapsedMs(answered)
  })
  // The log only grows, so the clock reads it afresh at every request.
  answered = emulator.requests
  return emulator
}

/** How many answered requests were `operationId`. */
export function countOf(
  requests: readonly LoggedRequest[],
  operationId: string
): number {
  return requests.filter((r) => r.operationId === operationId).length
}
