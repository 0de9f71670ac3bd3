// The fewest requests a reset can make, derived from the protocols rather
// than from what the action happens to send; and how a run compares.
import type { Lro, NamedExchange } from './request-names.ts'

/** How long the server takes, per long-running operation. */
export interface DelayProfile {
  /** Deleting one VMAccess extension. */
  deleteMs: number
  /** The VMAccess handler running on the VM after the PUT. */
  extensionMs: number
  /** A script run through Run Command: the verify probe, or set-access/1. */
  runCommandMs: number
}

/** What a run does, as far as its minimum depends on it. */
export interface RunShape {
  /** `run-command`: a domain controller reset through a managed Run Command. */
  route: 'vm-access' | 'run-command'
  /** VMAccess extensions on the VM before the reset (the VMAccess route's DELETEs). */
  existingVmAccess: number
  /** The probe runs after the reset (input verify, true by default). */
  verify: boolean
  /**
   * reset-password: the probe also tries the password once, so it runs
   * through a managed Run Command (protected parameters) instead of the
   * action Run Command.
   */
  passwordTried?: boolean
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

/** How long the server runs the operation a long-running write started. */
export function operationMs(lro: Lro, profile: DelayProfile): number {
  switch (lro) {
    case 'DELETE':
      return profile.deleteMs
    case 'PUT':
      return profile.extensionMs
    // asyncExecution: false, so the PUT's operation ends with the script.
    case 'POST runCommand':
    case 'PUT runCommands':
      return profile.runCommandMs
    // The emulator deletes a run command at once, though it answers 202.
    case 'DELETE runCommands':
      return 0
    // The emulator reads the effective groups when the Location is polled:
    // done by the first poll, whatever the profile.
    case 'POST effectiveNetworkSecurityGroups':
      return 0
  }
}

/**
 * The minimum of a run of `shape`. `waitMs` is the server's Retry-After, or
 * when it sends none the client's own poll interval (then nothing shorter
 * was asked for).
 */
export function minimumRequests(
  shape: RunShape,
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
    ...armMinimum(shape, profile, waitMs)
  ])
}

/** The Resource Manager part of `minimumRequests`: one VM's share of a fleet. */
export function armMinimum(
  shape: RunShape,
  profile: DelayProfile,
  waitMs: number
): [string, number][] {
  return summed([
    // Pre-flight: power state and agent status need the instance view.
    ['VirtualMachines_Get', 1],
    ...(shape.route === 'vm-access'
      ? vmAccessMinimum(shape.existingVmAccess, profile, waitMs)
      : setAccessMinimum(profile, waitMs)),
    ...(shape.verify
      ? shape.passwordTried
        ? managedRunCommandMinimum(profile, waitMs)
        : probeMinimum(profile, waitMs)
      : [])
  ])
}

// The domain controller's route and a password's proof both use a managed
// Run Command: their counts of one request add up.
function summed(counts: [string, number][]): [string, number][] {
  const totals = new Map<string, number>()
  for (const [name, n] of counts) totals.set(name, (totals.get(name) ?? 0) + n)
  return [...totals]
}

function vmAccessMinimum(
  existingVmAccess: number,
  profile: DelayProfile,
  waitMs: number
): [string, number][] {
  return [
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
  ]
}

// Run Command's operations are final-state-via: location, and Compute sends
// only Location (no Azure-AsyncOperation) on their 201/202: the URL polled is
// the one the final state comes from. Its first answer that is not 202 is
// both the last poll and the final state (a RunCommandResult, the run
// command, or an empty 200 after a delete), so no final GET is needed.
// ComputeRP-2026-04-01 operations extract; extended/README.md "Long-running".

/** The domain controller's route: no other run at work, then a managed Run Command. */
function setAccessMinimum(
  profile: DelayProfile,
  waitMs: number
): [string, number][] {
  return [
    // One list (with instance views) answers whether another run is at work.
    ['VirtualMachineRunCommands_ListByVirtualMachine', 1],
    ...managedRunCommandMinimum(profile, waitMs)
  ]
}

/** A managed Run Command: its PUT, its outcome, its DELETE. */
function managedRunCommandMinimum(
  profile: DelayProfile,
  waitMs: number
): [string, number][] {
  return [
    ['VirtualMachineRunCommands_CreateOrUpdate', 1],
    [
      'poll after PUT runCommands',
      minimumPolls(operationMs('PUT runCommands', profile), waitMs)
    ],
    ['final GET after PUT runCommands', 0],
    // The script's exit code and output are in the instance view, which
    // needs $expand=instanceView; the Location's final state has none.
    ['VirtualMachineRunCommands_GetByVirtualMachine', 1],
    ['VirtualMachineRunCommands_Delete', 1],
    [
      'poll after DELETE runCommands',
      minimumPolls(operationMs('DELETE runCommands', profile), waitMs)
    ],
    ['final GET after DELETE runCommands', 0]
  ]
}

/** The verify probe's minimum: the action Run Command and its polls. */
export function probeMinimum(
  profile: DelayProfile,
  waitMs: number
): [string, number][] {
  return [
    ['VirtualMachines_RunCommand', 1],
    [
      'poll after POST runCommand',
      minimumPolls(operationMs('POST runCommand', profile), waitMs)
    ],
    ['final GET after POST runCommand', 0]
  ]
}

/** What a diagnose run reads, as far as its minimum depends on it. */
export interface DiagnoseShape {
  /** PowerState/running (with its agent Ready): only then is the guest probed. */
  running: boolean
  /** Network interfaces on the VM. */
  nics: number
  /** Public IPs on those NICs' IP configurations. */
  publicIps: number
}

/**
 * The minimum of one `mode: diagnose` run: read-only, so no PUT, PATCH or
 * DELETE. `waitMs` as for `minimumRequests`.
 */
export function minimumDiagnoseRequests(
  profile: DelayProfile,
  waitMs: number,
  shape: DiagnoseShape
): Map<string, number> {
  return new Map([
    // The sign-in, as for a reset (see minimumRequests).
    ['GitHub_GetIdToken', 1],
    ['Entra_OpenIdConfiguration', 1],
    ['Entra_Token', 1],
    // Power state, agent status and the NIC ids, in one GET with the
    // instance view: the model alone has no power state.
    ['VirtualMachines_Get', 1],
    // The in-guest checks need a script run; a VM that is not running (or
    // whose agent is not Ready) cannot run one, and that is the finding.
    ...(shape.running ? probeMinimum(profile, waitMs) : []),
    // A NIC's IP configurations (public IP ids) and its NSG id are only in
    // the NIC; the VM's model holds only its id.
    ['NetworkInterfaces_Get', shape.nics],
    // SKU, allocation and address are only in the public IP resource; the
    // NIC holds only its id.
    ['PublicIPAddresses_Get', shape.publicIps],
    // The NIC's and the subnet's groups, merged with their default rules, in
    // one POST per NIC: no NetworkSecurityGroups_Get is needed. Azure's
    // answer for a VM that is not running is not known here, so the minimum
    // does not assume it can be skipped.
    ['NetworkInterfaces_ListEffectiveNetworkSecurityGroups', shape.nics],
    // final-state-via: location, and Network sends only Location: the poll's
    // first answer that is not 202 is the effective list, so there is no
    // final GET. ⌈operation ÷ wait⌉ polls, at least 1.
    [
      'poll after POST effectiveNetworkSecurityGroups',
      shape.nics *
        minimumPolls(
          operationMs('POST effectiveNetworkSecurityGroups', profile),
          waitMs
        )
    ],
    ['final GET after POST effectiveNetworkSecurityGroups', 0]
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

/** Sent and minimum summed over `counts`, or over the names in `only`. */
export function totalRequests(
  counts: readonly RequestCount[],
  only?: ReadonlySet<string>
): { sent: number; minimum: number } {
  const picked = only ? counts.filter((c) => only.has(c.name)) : counts
  return {
    sent: picked.reduce((n, c) => n + c.observed, 0),
    minimum: picked.reduce((n, c) => n + c.minimum, 0)
  }
}

const noDelay = { deleteMs: 0, extensionMs: 0, runCommandMs: 0 }

/**
 * The request names that belong to the verify probe: the action Run Command
 * (reset-rdp) and a managed one (a password reset; on a domain controller
 * these names also count set-access's requests).
 */
export const probeRequestNames: ReadonlySet<string> = new Set(
  [...probeMinimum(noDelay, 1), ...managedRunCommandMinimum(noDelay, 1)].map(
    ([name]) => name
  )
)
