import { randomUUID } from 'node:crypto'
import { headerValue, type EmulatorRequest } from '../http-io.ts'

// Clients log these to trace a call through Azure; support asks for them.
// ARM keeps a correlation id the client sends and otherwise starts one; the
// request id is always new; a client request id is echoed as sent
// (azure-resource-manager-rpc v1.0/common-api-details.md, "Proxy Request
// Header Modifications" and "Client Request Headers").

/** `x-ms-request-id`, `x-ms-correlation-request-id` and the echoed `x-ms-client-request-id`. */
export function requestIdHeaders(req: EmulatorRequest): Record<string, string> {
  const requestId = randomUUID()
  const correlationId = sentId(req, 'x-ms-correlation-request-id')
  const clientRequestId = sentId(req, 'x-ms-client-request-id')
  return {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': correlationId ?? requestId,
    ...(clientRequestId !== undefined
      ? { 'x-ms-client-request-id': clientRequestId }
      : {})
  }
}

// An id is echoed into a response header, so only a token-like value is kept:
// anything else could split the header or carry text the client never sent.
function sentId(req: EmulatorRequest, name: string): string | undefined {
  const value = headerValue(req.headers, name)?.trim()
  return value !== undefined && /^[\w.:-]{1,200}$/.test(value)
    ? value
    : undefined
}
