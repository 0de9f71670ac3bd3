import { createServer } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Fault, FaultBook } from './faults.ts'
import {
  readBody,
  writeReply,
  type EmulatorRequest,
  type Reply
} from './http-io.ts'
import type { RequestLog, Service } from './request-log.ts'
import { parseRequestUrl } from './request-url.ts'
import type { TlsMaterial } from './tls.ts'

/** A matched route: the operation it implements and how to answer it. */
export interface Route {
  operationId?: string
  respond: (req: EmulatorRequest) => Reply | Promise<Reply>
}

/** A status fault, the only kind a service renders itself. */
export type StatusFault = Extract<Fault, { status: number }>

/** One emulated service: its routes and its error shape. */
export interface ServiceDefinition {
  service: Service
  /** Always returns a route; unknown paths get the service's 404 route. */
  route: (req: EmulatorRequest) => Route
  /**
   * Answers a request before its route and any fault, as a front door does:
   * Key Vault's 401 challenge to a request without a token. Undefined: go on.
   */
  challenge?: (req: EmulatorRequest) => Reply | undefined
  /** Shapes an injected status fault the way this service reports errors. */
  renderFault: (fault: StatusFault) => Reply
  /** Sees every reply before it is sent; ARM checks it against the spec here. */
  inspect?: (route: Route, req: EmulatorRequest, reply: Reply) => void
  /**
   * Headers the front door puts on every answer, faults and unknown paths
   * included: ARM's request and correlation ids.
   */
  frontDoorHeaders?: (req: EmulatorRequest) => Record<string, string>
}

/** A listening service. */
export interface RunningServer {
  /** `https://127.0.0.1:PORT`, no trailing slash. */
  url: string
  /** Closes the server and destroys every socket, held ones included. */
  close: () => Promise<void>
}

interface Shared {
  tls: TlsMaterial
  log: RequestLog
  faults: FaultBook
}

// Only loopback: the emulator hands out tokens and must never be reachable from elsewhere.
const loopback = '127.0.0.1'

/** Starts one HTTPS server on 127.0.0.1 with a free port for a service. */
export async function startServiceServer(
  definition: ServiceDefinition,
  shared: Shared
): Promise<RunningServer> {
  const sockets = new Set<Socket>()
  const server = createServer(
    { key: shared.tls.serverKeyPem, cert: shared.tls.serverCertPem },
    (req, res) => {
      // Reading the body fails when the client leaves mid-request: no one is left to answer.
      handle(definition, shared, req, res).catch(() => res.destroy())
    }
  )
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') {
    throw new Error('emulator server has no TCP address')
  }
  return {
    url: `https://${loopback}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        for (const socket of sockets) socket.destroy()
      })
  }
}

async function handle(
  definition: ServiceDefinition,
  shared: Shared,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const at = Date.now()
  const request: EmulatorRequest = {
    method: req.method ?? 'GET',
    url: parseRequestUrl(req.url),
    headers: req.headers,
    body: await readBody(req)
  }
  const route = definition.route(request)
  const challenge = definition.challenge?.(request)
  // Faults are for the operation itself, so a challenged request keeps them queued.
  const fault =
    route.operationId && challenge === undefined
      ? shared.faults.take(route.operationId)
      : undefined
  const record = (status: number): void =>
    shared.log.record({
      service: definition.service,
      method: request.method,
      path: request.url.pathname,
      query: request.url.search.replace(/^\?/, ''),
      ...(route.operationId ? { operationId: route.operationId } : {}),
      status,
      ...(fault ? { fault: fault.kind ?? 'status' } : {}),
      at
    })
  if (fault?.kind === 'reset' || fault?.kind === 'hang') {
    record(0)
    if (fault.kind === 'reset') req.socket.destroy()
    return
  }
  let reply = challenge ?? (await answer(definition, route, request, fault))
  if (fault?.kind === 'malformed') reply = malform(reply)
  const frontDoor = definition.frontDoorHeaders?.(request)
  if (frontDoor)
    reply = { ...reply, headers: { ...frontDoor, ...reply.headers } }
  definition.inspect?.(route, request, reply)
  record(reply.status)
  writeReply(res, reply)
}

async function answer(
  definition: ServiceDefinition,
  route: Route,
  request: EmulatorRequest,
  fault: Fault | undefined
): Promise<Reply> {
  if (fault !== undefined && fault.kind !== 'malformed' && 'status' in fault) {
    return definition.renderFault(fault)
  }
  try {
    return await route.respond(request)
  } catch (error) {
    // A bug in the emulator: answer it visibly instead of hanging the client.
    const message = error instanceof Error ? error.message : String(error)
    return { status: 500, body: { error: { code: 'EmulatorError', message } } }
  }
}

/** Breaks a reply's body: its first object-valued property becomes a string. */
function malform(reply: Reply): Reply {
  const body = reply.body
  if (typeof body !== 'object' || body === null) {
    return { ...reply, body: 'malformed by fault' }
  }
  const entries = Object.entries(body)
  const target = entries.find(([, v]) => typeof v === 'object' && v !== null)
  const key = target?.[0] ?? entries[0]?.[0] ?? 'malformed'
  return { ...reply, body: { ...body, [key]: 'malformed by fault' } }
}
