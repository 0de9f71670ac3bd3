// One measured reset: run the action against the emulator, then read its
// requests off the emulator's log and the wire recorder.
import type { Emulator } from '../../emulator/index.ts'
import { runAction } from './action-process.ts'
import { joinExchanges } from './exchanges.ts'
import {
  countRequests,
  extraRequests,
  minimumRequests,
  type DelayProfile,
  type RequestCount,
  type RunShape
} from './minimum.ts'
import { splitOverhead, type Overhead } from './overhead.ts'
import { summarisePolls, timePolls, type PollTiming } from './polls.ts'
import { nameExchanges, type NamedExchange } from './request-names.ts'
import { servingSpans } from './server-time.ts'
import type { WireLog } from './wire-log.ts'

/** The two things the action does. */
export type ResetMode = 'reset-password' | 'reset-rdp'

/** How a reset reaches the guest: VMAccess, or a domain controller's Run Command. */
export type Route = RunShape['route']

/** An emulator set up for the bench, with what it was set up with. */
export interface BenchServer {
  emulator: Emulator
  wire: WireLog
  /** 0: the emulator sends no Retry-After. */
  retryAfterSeconds: number
  profile: DelayProfile
  vmName: string
  /** `run-command`: vmName is a domain controller, reset with domain-controller: run-command. */
  route: Route
}

/** What one run measured. */
export interface RunResult {
  mode: ResetMode
  retryAfterSeconds: number
  /** The verify input: true runs the probe after the reset. */
  verify: boolean
  route: Route
  wallMs: number
  serverMs: number
  coldStartMs: number
  overhead: Overhead
  peakRssKib?: number
  cpuMs?: number
  requests: RequestCount[]
  extras: string[]
  polls: PollTiming[]
}

// Not a real secret: the emulator's VM only; it meets Windows' rules.
const benchPassword = 'Bench-Only!Emulator-2026'

/** Resets `server.vmName` once with `bundle` and measures the run; `verify` as the input. */
export async function measureRun(
  server: BenchServer,
  mode: ResetMode,
  bundle: string,
  verify = true
): Promise<RunResult> {
  const { emulator, wire, route } = server
  const shape: RunShape = {
    route,
    existingVmAccess: route === 'vm-access' ? countVmAccess(server) : 0,
    verify,
    passwordTried: mode === 'reset-password'
  }
  const logFrom = emulator.requests.length
  const wireFrom = wire.exchanges.length
  const run = await runAction(
    bundle,
    {
      ...emulator.inputs(server.vmName),
      mode,
      ...(mode === 'reset-password' ? { password: benchPassword } : {}),
      // true is the default: a run with verify on sets nothing, as users do.
      ...(verify ? {} : { verify: 'false' }),
      ...(route === 'run-command' ? { 'domain-controller': 'run-command' } : {})
    },
    emulator.env()
  )
  checkOutcome(server, mode, run, verify)
  const exchanges = nameExchanges(
    joinExchanges(
      emulator.requests.slice(logFrom),
      wire.exchanges.slice(wireFrom)
    )
  )
  checkRetryAfterSeen(server, exchanges)
  const window = { fromMs: run.spawnedAtMs, toMs: run.exitedAtMs }
  const serving = servingSpans(exchanges, server.profile)
  const overhead = splitOverhead(window, exchanges, serving, verify)
  const polls = timePolls(exchanges)
  const requests = countRequests(
    exchanges,
    minimumRequests(shape, server.profile, pollWaitMs(server, polls))
  )
  return {
    mode,
    retryAfterSeconds: server.retryAfterSeconds,
    verify,
    route,
    wallMs: run.exitedAtMs - run.spawnedAtMs,
    serverMs: run.exitedAtMs - run.spawnedAtMs - overhead.totalMs,
    coldStartMs: overhead.startUpMs,
    overhead,
    ...(run.peakRssKib !== undefined ? { peakRssKib: run.peakRssKib } : {}),
    ...(run.cpuMs !== undefined ? { cpuMs: run.cpuMs } : {}),
    requests,
    extras: extraRequests(requests),
    polls
  }
}

function countVmAccess(server: BenchServer): number {
  const { emulator } = server
  return emulator
    .vm(emulator.resourceGroup, server.vmName)
    .extensions.filter((e) => e.type === 'VMAccessAgent').length
}

// A run that failed, or whose probe did not prove the reset, measured
// something other than a reset: stop rather than report it.
function checkOutcome(
  server: BenchServer,
  mode: ResetMode,
  run: {
    exitCode: number | null
    outputs: Record<string, string>
    log: string
  },
  verify: boolean
): void {
  const verified = run.outputs['verified']
  if (
    run.exitCode === 0 &&
    run.outputs['status'] === 'succeeded' &&
    (!verify || verified === 'true')
  ) {
    return
  }
  throw new Error(
    `${mode} on ${server.vmName} failed (exit ${run.exitCode}, verified ${String(verified)}):\n${run.log.slice(-2000)}`
  )
}

// The wire recorder reads Retry-After from Node's header block; if that ever
// changes, every wait would count as the client's. Fail instead of misreport.
function checkRetryAfterSeen(
  server: BenchServer,
  exchanges: readonly NamedExchange[]
): void {
  const seen = exchanges.some((e) => e.retryAfterMs !== undefined)
  if (seen !== server.retryAfterSeconds > 0) {
    throw new Error(
      `The emulator was set to ${server.retryAfterSeconds > 0 ? 'send' : 'omit'} Retry-After, ` +
        `but the wire recorder ${seen ? 'saw one' : 'saw none'}: the figures would be wrong.`
    )
  }
}

// Without Retry-After the minimum is judged at the client's own interval:
// its longest unasked wait (an immediate first poll is not its interval).
function pollWaitMs(server: BenchServer, polls: readonly PollTiming[]): number {
  if (server.retryAfterSeconds > 0) return server.retryAfterSeconds * 1000
  const chosen = summarisePolls(polls).unaskedIntervalsMs
  return Math.max(1, ...chosen)
}
