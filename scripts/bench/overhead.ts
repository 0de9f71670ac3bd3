// A run's overhead (wall time minus the emulator's serving time, see
// server-time.ts), split by where in the run it was spent.
import type { Exchange } from './exchanges.ts'
import { coveredMs, type Span } from './server-time.ts'

/** Overhead per stage of one run, in ms; the stages add up to `totalMs`. */
export interface Overhead {
  /** Process start to the first request on the wire (the cold start). */
  startUpMs: number
  /** First request to the first Resource Manager request: OIDC and Entra. */
  signInMs: number
  /** First Resource Manager request to the answer before the verify probe (or the last answer). */
  resetMs: number
  /** The answer before the verify probe to the last answer; 0 without a probe. */
  verifyMs: number
  /** Last answer to process exit. */
  exitMs: number
  totalMs: number
}

/**
 * Splits `run`'s overhead at its first request, first ARM request, the
 * answer before the verify probe (the last Run Command started, when
 * `verified`) and the last answer.
 */
export function splitOverhead(
  run: Span,
  exchanges: readonly Exchange[],
  serving: readonly Span[],
  verified = false
): Overhead {
  const firstMs = Math.min(...exchanges.map((e) => e.startMs), run.toMs)
  const armMs = Math.min(
    ...exchanges.filter((e) => e.service === 'arm').map((e) => e.startMs),
    run.toMs
  )
  const lastMs = Math.max(...exchanges.map((e) => e.finishMs), firstMs)
  const probeMs = verified ? probeStartMs(exchanges) : undefined
  const verifyFromMs = Math.min(Math.max(probeMs ?? lastMs, armMs), lastMs)
  const spent = (fromMs: number, toMs: number): number =>
    toMs - fromMs - coveredMs(serving, { fromMs, toMs })
  const overhead = {
    startUpMs: spent(run.fromMs, firstMs),
    signInMs: spent(firstMs, armMs),
    resetMs: spent(armMs, verifyFromMs),
    verifyMs: spent(verifyFromMs, lastMs),
    exitMs: spent(lastMs, run.toMs)
  }
  return {
    ...overhead,
    totalMs:
      overhead.startUpMs +
      overhead.signInMs +
      overhead.resetMs +
      overhead.verifyMs +
      overhead.exitMs
  }
}

// The probe's cost starts where the reset's last answer left: the client's
// work to build and send the probe is verify's, not the reset's. The probe
// is the last Run Command started: the action one after reset-rdp, a managed
// one after a password reset (a domain controller's set-access comes before).
function probeStartMs(exchanges: readonly Exchange[]): number | undefined {
  const at = exchanges.findLastIndex(
    (e) =>
      e.operationId === 'VirtualMachines_RunCommand' ||
      e.operationId === 'VirtualMachineRunCommands_CreateOrUpdate'
  )
  if (at < 0) return undefined
  const before = exchanges[at - 1]
  return before?.finishMs ?? exchanges[at]?.startMs
}
