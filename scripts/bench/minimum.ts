// The fewest requests a reset can make, derived from the protocols rather
// than from what the action happens to send; and how a run compares.
import type { NamedExchange } from './request-names.ts'

/** How long the server takes, per long-running operation. */
export interface DelayProfile {
  /** Deleting one VMAccess extension. */
  deleteMs: number
  /** The VMAccess handler running on the VM after the PUT. */
  extensionMs: number
}

/** Observed and minimum counts of one kind of request. */
export interface RequestCount {
  name: string
  minimum: number
  observed: number
}

/**
 * Polls a client that waits exactly `waitMs` between polls needs for an
 * operation of `durationMs`: it must poll at least once to learn the outcome.
 */
export function minimumPolls(durationMs: number, waitMs: number): number {
  return Math.max(1, Math.ceil(durationMs / waitMs))
}

/**
 * The minimum for a reset of a VM carrying `existingVmAccess` VMAccess
 * extensions. `waitMs` is the server's Retry-After, or when it sends none the
 * client's own poll interval (then nothing shorter was asked for).
 */
export function minimumRequests(
  existingVmAccess: number,
  profile: DelayProfile,
  waitMs: number
): Map<string, number> {
  return new Map([
    // One client assertion per token request (RFC 7521 §4.2).
    ['GitHub_GetIdToken', 1],
    // MSAL reads the token endpoint from the tenant's metadata. Instance
    // discovery is off for authorities MSAL does not know (the emulator's);
    // against login.microsoftonline.com it adds one GET.
    ['Entra_OpenIdConfiguration', 1],
    ['Entra_Token', 1],
    // Pre-flight: power state and agent status need the instance view.
    ['VirtualMachines_Get', 1],
    ['VirtualMachineExtensions_Delete', existingVmAccess],
    [
      'poll after DELETE',
      existingVmAccess * minimumPolls(profile.deleteMs, waitMs)
    ],
    // A delete has no final state to read: the operation status says Succeeded.
    ['final GET after DELETE', 0],
    ['VirtualMachineExtensions_CreateOrUpdate', 1],
    ['poll after PUT', minimumPolls(profile.extensionMs, waitMs)],
    // The spec's final-state-via: one GET of the extension's final state.
    ['final GET after PUT', 1],
    // The handler's status messages need $expand=instanceView, which the
    // final-state GET does not carry.
    ['VirtualMachineExtensions_Get', 1]
  ])
}

/** Counts a run's requests by name beside the minimum; unexpected names come last. */
export function countRequests(
  exchanges: readonly NamedExchange[],
  minimum: ReadonlyMap<string, number>
): RequestCount[] {
  const observed = new Map<string, number>()
  for (const e of exchanges)
    observed.set(e.name, (observed.get(e.name) ?? 0) + 1)
  const names = [...minimum.keys(), ...observed.keys()].filter(
    (name, i, all) => all.indexOf(name) === i
  )
  return names.map((name) => ({
    name,
    minimum: minimum.get(name) ?? 0,
    observed: observed.get(name) ?? 0
  }))
}

/** The requests beyond the minimum, e.g. `poll after PUT ×1`. */
export function extraRequests(counts: readonly RequestCount[]): string[] {
  return counts
    .filter((c) => c.observed > c.minimum)
    .map((c) => `${c.name} ×${c.observed - c.minimum}`)
}
