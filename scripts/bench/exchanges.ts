// Joins the emulator's request log (which service, which spec operation) with
// what the wire recorder saw (when the answer left, what it asked for).
import type { LoggedRequest, Service } from '../../emulator/index.ts'
import type { WireExchange } from './wire-log.ts'

/** One request of a run, with its operation and its timing on the server. */
export interface Exchange {
  service: Service
  /** Spec operationId or the emulator's name (`GitHub_GetIdToken`, …). */
  operationId: string
  method: string
  /** Path and query. */
  url: string
  status: number
  /** Epoch ms when the request arrived. */
  startMs: number
  /** Epoch ms when the answer left; `startMs` when it never did. */
  finishMs: number
  retryAfterMs?: number
}

/**
 * Pairs each logged request with the first unused wire exchange of the same
 * method and URL, in arrival order. A request the emulator never answered
 * (a held or reset connection) keeps its arrival time as its finish.
 */
export function joinExchanges(
  log: readonly LoggedRequest[],
  wire: readonly WireExchange[]
): Exchange[] {
  const unused = [...wire].sort((a, b) => a.startMs - b.startMs)
  return [...log]
    .sort((a, b) => a.at - b.at)
    .map((entry) => {
      const url = entry.query ? `${entry.path}?${entry.query}` : entry.path
      const index = unused.findIndex(
        (w) => w.method === entry.method && w.url === url
      )
      const match = index >= 0 ? unused.splice(index, 1)[0] : undefined
      return {
        service: entry.service,
        operationId: entry.operationId ?? `${entry.method} ${entry.path}`,
        method: entry.method,
        url,
        status: entry.status,
        startMs: entry.at,
        finishMs: match?.finishMs ?? entry.at,
        ...(match?.retryAfterMs !== undefined
          ? { retryAfterMs: match.retryAfterMs }
          : {})
      }
    })
}
