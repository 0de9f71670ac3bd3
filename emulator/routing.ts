import type { EmulatorRequest, Reply } from './http-io.ts'
import type { Route, StatusFault } from './server.ts'

/** An error reply in a service's own shape. */
export type ErrorReply = (
  status: number,
  code: string,
  message: string
) => Reply

/**
 * The route to a matched operation, or the service's own 404 for a path the
 * emulator does not implement (so a client sees that error shape, not ours).
 */
export function routeTo<T extends { operationId: string }>(
  req: EmulatorRequest,
  target: T | undefined,
  respond: (target: T, req: EmulatorRequest) => Promise<Reply>,
  notFound: ErrorReply
): Route {
  if (!target) {
    return {
      respond: () =>
        notFound(
          404,
          'NotFound',
          `The emulator does not implement ${req.method} ${req.url.pathname}.`
        )
    }
  }
  return { operationId: target.operationId, respond: (r) => respond(target, r) }
}

/** The code and message an injected status fault is answered with. */
export function faultText(
  fault: StatusFault,
  codeForStatus: (status: number) => string
): { code: string; message: string } {
  return {
    code: fault.code ?? codeForStatus(fault.status),
    message: fault.message ?? `Injected fault: HTTP ${fault.status}.`
  }
}
