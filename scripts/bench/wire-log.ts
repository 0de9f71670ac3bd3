// Watches the emulator's HTTPS servers from inside this process, through
// Node's http diagnostics channels: when each request arrived, when its answer
// left, and the Retry-After it carried. The emulator's own request log has the
// arrival time only, and never headers.
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { IncomingMessage, ServerResponse } from 'node:http'
import { retryAfterMs } from './retry-after.ts'

/** One request and its answer, as the emulator's servers handled it. */
export interface WireExchange {
  method: string
  /** Path and query, normalised as `new URL()` reads them. */
  url: string
  /** Epoch ms when the request's headers were read. */
  startMs: number
  /** Epoch ms when the last byte of the answer was handed to the socket. */
  finishMs: number
  status: number
  /** The wait the answer asked for, if it carried Retry-After. */
  retryAfterMs?: number
}

/** A running recorder; `stop()` detaches it. */
export interface WireLog {
  readonly exchanges: readonly WireExchange[]
  stop: () => void
}

const requestStart = 'http.server.request.start'
const responseFinish = 'http.server.response.finish'

/** Starts recording every HTTP(S) exchange served in this process. */
export function recordWire(): WireLog {
  const exchanges: WireExchange[] = []
  const started = new WeakMap<IncomingMessage, number>()
  const onStart = (message: unknown): void => {
    const request = requestOf(message)
    if (request) started.set(request, Date.now())
  }
  const onFinish = (message: unknown): void => {
    const request = requestOf(message)
    const response = responseOf(message)
    if (!request || !response) return
    const finishMs = Date.now()
    const wait = retryAfterMs(headerBlock(response), finishMs)
    exchanges.push({
      method: request.method ?? 'GET',
      url: normaliseUrl(request.url ?? '/'),
      startMs: started.get(request) ?? finishMs,
      finishMs,
      status: response.statusCode,
      ...(wait !== undefined ? { retryAfterMs: wait } : {})
    })
  }
  subscribe(requestStart, onStart)
  subscribe(responseFinish, onFinish)
  return {
    exchanges,
    stop: () => {
      unsubscribe(requestStart, onStart)
      unsubscribe(responseFinish, onFinish)
    }
  }
}

/** Path and query as the emulator's request log spells them. */
export function normaliseUrl(raw: string): string {
  const url = new URL(raw, 'https://127.0.0.1')
  return url.pathname + url.search
}

function requestOf(message: unknown): IncomingMessage | undefined {
  if (typeof message !== 'object' || message === null) return undefined
  const request: unknown = Reflect.get(message, 'request')
  return request instanceof IncomingMessage ? request : undefined
}

function responseOf(message: unknown): ServerResponse | undefined {
  if (typeof message !== 'object' || message === null) return undefined
  const response: unknown = Reflect.get(message, 'response')
  return response instanceof ServerResponse ? response : undefined
}

// The emulator answers with writeHead(status, headers), which Node writes
// straight into the header block without keeping them for getHeader(); the
// block (`_header`) is the only record of what went on the wire.
function headerBlock(response: ServerResponse): string {
  const block: unknown = Reflect.get(response, '_header')
  return typeof block === 'string' ? block : ''
}
