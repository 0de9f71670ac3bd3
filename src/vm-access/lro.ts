// Starting and awaiting Resource Manager's long-running operations through
// the SDK's pollers (core-lro), with the first wait at the server's pace.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FullOperationResponse } from '@azure-rest/core-client'
import { retryAfterMs } from '../retry.ts'

/** A long-running operation as the SDK's poller exposes it. */
interface Poller<T> {
  submitted: () => Promise<void>
  readonly isDone: boolean
  pollUntilDone: (options?: { abortSignal?: AbortSignal }) => Promise<T>
}

/** What a begin* call of the SDK takes: the signal, the interval, a response hook. */
export interface StartOptions {
  abortSignal: AbortSignal
  updateIntervalInMs: number
  onResponse: (response: FullOperationResponse) => void
}

/** A submitted operation and the wait its first answer asked for. */
export interface Submitted<T> {
  poller: Poller<T>
  /** The first answer's Retry-After in ms; 0 when it sent none. */
  firstWaitMs: number
}

// Between polls when the server sends no Retry-After (core-lro's default,
// stated here so the first wait below matches): VMAccess takes seconds to
// minutes, and the Azure CLI's 30 s would waste most of them.
const pollIntervalMs = 2000

/** Sends the request that starts an operation; throws if Azure refuses it. */
export async function submit<T>(
  start: (options: StartOptions) => Poller<T>,
  signal: AbortSignal
): Promise<Submitted<T>> {
  let firstWaitMs = 0
  const poller = start({
    abortSignal: signal,
    updateIntervalInMs: pollIntervalMs,
    onResponse: (response) => {
      firstWaitMs = retryAfterMs(response.headers)
    }
  })
  await poller.submitted()
  return { poller, firstWaitMs }
}

/**
 * Waits for a submitted operation. core-lro polls at once after a 201/202
 * and honours Retry-After only from its second poll on, so the first wait
 * is ours: no poll comes before the server asked for it.
 */
export async function waitFor<T>(
  { poller, firstWaitMs }: Submitted<T>,
  signal: AbortSignal
): Promise<T> {
  if (!poller.isDone) {
    await sleep(firstWaitMs || pollIntervalMs, undefined, { signal })
  }
  return poller.pollUntilDone({ abortSignal: signal })
}

/** True when `error` is the run's own stop (timeout or cancel), not Azure's answer. */
export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return (
    signal.aborted || (error instanceof Error && error.name === 'AbortError')
  )
}
