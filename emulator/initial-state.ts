import { firewallProfiles } from './guest/remote-desktop.ts'
import { installedHandlerVersion } from './handler-version.ts'
import { createNetwork } from './initial-network.ts'
import { hashPassword } from './password-hash.ts'
import { emptyRunCommandBook } from './run-command-state.ts'
import type {
  AccountSpec,
  ExtensionSpec,
  FirewallProfile,
  RunCommandBehaviour,
  Scenario,
  VmSpec
} from './scenario.ts'
import type {
  ExtensionState,
  GuestAccount,
  GuestState,
  VmState,
  World
} from './state.ts'

/** Builds the starting state from a scenario; passwords are hashed here. */
export function createWorld(scenario: Scenario): World {
  return {
    scenario,
    resourceGroups: scenario.resourceGroups.map((rg) => ({
      name: rg.name,
      location: rg.location,
      vms: rg.virtualMachines.map((vm) => createVm(rg.name, rg.location, vm))
    })),
    operations: [],
    runCommands: emptyRunCommandBook(),
    network: createNetwork(scenario)
  }
}

// Defaults for optional fixture fields, in one place.
const defaults = {
  vmSize: 'Standard_D2s_v3',
  windows: {
    osName: 'Windows Server 2022 Datacenter',
    osVersion: '10.0.20348.2849'
  },
  linux: { osName: 'ubuntu', osVersion: '22.04' },
  agent: { ready: true, version: '2.7.41491.1130' },
  extensionDurationMs: 500,
  deleteDurationMs: 500,
  timeCreated: '2025-03-14T09:26:53.1234567+00:00',
  rdpPort: 3389,
  activeFirewallProfiles: ['Public'] as const,
  // A real Run Command takes 20 s or more (facts.md §b); tests want it quick.
  runCommand: {
    durationMs: 20,
    busyForMs: 0,
    noiseBytes: 0,
    outputCut: false
  } satisfies RunCommandBehaviour
}

function createVm(
  resourceGroup: string,
  location: string,
  spec: VmSpec
): VmState {
  const os = spec.osType === 'Windows' ? defaults.windows : defaults.linux
  return {
    resourceGroup,
    name: spec.name,
    location: spec.location ?? location,
    ...(spec.tags ? { tags: { ...spec.tags } } : {}),
    vmId: spec.vmId,
    osType: spec.osType,
    powerState: spec.powerState,
    computerName: spec.computerName ?? spec.name.slice(0, 15),
    adminUsername: spec.adminUsername,
    vmSize: spec.vmSize ?? defaults.vmSize,
    osName: spec.osName ?? os.osName,
    osVersion: spec.osVersion ?? os.osVersion,
    timeCreated: defaults.timeCreated,
    agent: agentOf(spec),
    bootDiagnostics: spec.bootDiagnostics ?? true,
    guest: createGuest(spec),
    extensionRun: spec.extensionRun ?? { outcome: 'succeeds' },
    extensionDurationMs:
      spec.extensionDurationMs ?? defaults.extensionDurationMs,
    deleteDurationMs: spec.deleteDurationMs ?? defaults.deleteDurationMs,
    extensions: (spec.extensions ?? []).map(createExtension),
    runCommand: { ...defaults.runCommand, ...spec.runCommand }
  }
}

// An agent that is not ready last reported before the emulator started
// (how long before is not from Azure: long enough to read as dead).
function agentOf(spec: VmSpec): VmState['agent'] {
  const agent: VmState['agent'] = spec.agent ?? defaults.agent
  if (agent.ready || agent.lastHeartbeat !== undefined) return { ...agent }
  const lastHeartbeat = new Date(Date.now() - 30 * 60_000).toISOString()
  return { ...agent, lastHeartbeat }
}

function createGuest(spec: VmSpec): GuestState {
  const guest = spec.guest ?? {}
  const accounts = guest.accounts ?? [
    { name: spec.adminUsername, isAdmin: true, enabled: true }
  ]
  return {
    accounts: accounts.map(createAccount),
    rdpEnabled: guest.rdpEnabled ?? true,
    rdpPort: guest.rdpPort ?? defaults.rdpPort,
    termService: guest.termService ?? 'Running',
    rdpFirewallProfiles: rdpFirewallProfilesOf(spec),
    activeFirewallProfiles: [
      ...(guest.activeFirewallProfiles ?? defaults.activeFirewallProfiles)
    ],
    domainController: guest.domainController ?? false,
    clockSkewMs: guest.clockSkewMs ?? 0,
    networkLogon: guest.networkLogon ?? 'granted',
    logonMarkers: []
  }
}

/** Where a fixture's "Remote Desktop" firewall group is on: the profiles given, else all or none. */
export function rdpFirewallProfilesOf(spec: VmSpec): FirewallProfile[] {
  const guest = spec.guest ?? {}
  return [
    ...(guest.rdpFirewallProfiles ??
      (guest.rdpFirewallEnabled === false ? [] : firewallProfiles))
  ]
}

// A seeded password was set when the VM was created, unless the fixture says otherwise.
function createAccount(spec: AccountSpec): GuestAccount {
  const passwordLastSet =
    spec.passwordLastSet === undefined
      ? new Date(defaults.timeCreated).toISOString()
      : spec.passwordLastSet
  return {
    name: spec.name,
    isAdmin: spec.isAdmin,
    enabled: spec.enabled,
    created: false,
    ...(spec.password ? { passwordHash: hashPassword(spec.password) } : {}),
    ...(passwordLastSet === null ? {} : { passwordLastSet })
  }
}

function createExtension(spec: ExtensionSpec): ExtensionState {
  const state = spec.provisioningState ?? 'Succeeded'
  return {
    name: spec.name,
    publisher: spec.publisher,
    type: spec.type,
    typeHandlerVersion: spec.typeHandlerVersion,
    autoUpgradeMinorVersion: spec.autoUpgradeMinorVersion,
    settings: spec.settings ?? {},
    provisioningState: state,
    handlerVersion: installedHandlerVersion(spec.typeHandlerVersion),
    statuses: [{ ...statusFor[state], ...message(spec) }],
    substatuses: []
  }
}

// What the agent last reported for an extension in each starting state.
const statusFor: Record<
  NonNullable<ExtensionSpec['provisioningState']>,
  ExtensionState['statuses'][number]
> = {
  Succeeded: {
    code: 'ProvisioningState/succeeded',
    level: 'Info',
    displayStatus: 'Provisioning succeeded'
  },
  Failed: {
    code: 'ProvisioningState/failed',
    level: 'Error',
    displayStatus: 'Provisioning failed'
  },
  Updating: {
    code: 'ProvisioningState/transitioning',
    level: 'Info',
    displayStatus: 'Transitioning'
  }
}

function message(spec: ExtensionSpec): { message?: string } {
  return spec.statusMessage === undefined ? {} : { message: spec.statusMessage }
}
