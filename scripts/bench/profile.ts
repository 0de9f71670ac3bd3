// The server-side delays every bench case runs against.
import type { DelayProfile } from './minimum.ts'

/**
 * The fixed delay profile, plus a Run Command script of 3.5 s (a
 * real probe takes 20 s or more; this keeps the bench short while the script
 * still outlasts the VMAccess handler). None is a multiple of the 1 s
 * Retry-After or of core-lro's 2 s default, so that a few ms of jitter
 * cannot change how many polls an operation needs.
 */
export const delayProfile: DelayProfile = {
  deleteMs: 1500,
  extensionMs: 2500,
  runCommandMs: 3500
}

/** No delays: for cold start and memory, which need many runs, not a realistic server. */
export const instantProfile: DelayProfile = {
  deleteMs: 0,
  extensionMs: 0,
  runCommandMs: 0
}
