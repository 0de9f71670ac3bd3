import type {
  IncomingHttpHeaders,
  IncomingMessage,
  ServerResponse
} from 'node:http'

/** A request as the emulator's handlers see it: already read, never logged. */
export interface EmulatorRequest {
  method: string
  url: URL
  headers: IncomingHttpHeaders
  body: string
}

/** What a handler answers; `body` is JSON unless it is a string. */
export interface Reply {
  status: number
  headers?: Record<string, string>
  body?: unknown
}

/** Reads the whole request body as UTF-8 text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks).toString('utf8')
}

/** Writes a reply; JSON bodies get `application/json; charset=utf-8`. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers }
  let payload: string | undefined
  if (typeof reply.body === 'string') {
    payload = reply.body
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body)
    headers['Content-Type'] ??= 'application/json; charset=utf-8'
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload ?? ''))
  res.writeHead(reply.status, headers)
  res.end(payload)
}

/** A JSON reply. */
export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>
): Reply {
  return headers ? { status, body, headers } : { status, body }
}

/** The first value of a header, if present. */
export function headerValue(
  headers: IncomingHttpHeaders,
  name: string
): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** Parses a JSON body; undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** Narrows an unknown value to a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
