import { installedHandlerVersion } from './handler-version.ts'
import { hashPassword } from './password-hash.ts'
import type { ExtensionSpec, Scenario, VmSpec } from './scenario.ts'
import type { ExtensionState, VmState, World } from './state.ts'

/** Builds the starting state from a scenario; passwords are hashed here. */
export function createWorld(scenario: Scenario): World {
  return {
    scenario,
    resourceGroups: scenario.resourceGroups.map((rg) => ({
      name: rg.name,
      location: rg.location,
      vms: rg.virtualMachines.map((vm) => createVm(rg.name, rg.location, vm))
    })),
    operations: []
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
  timeCreated: '2025-03-14T09:26:53.1234567+00:00'
}

function createVm(
  resourceGroup: string,
  location: string,
  spec: VmSpec
): VmState {
  const os = spec.osType === 'Windows' ? defaults.windows : defaults.linux
  const accounts = spec.guest?.accounts ?? [
    { name: spec.adminUsername, isAdmin: true, enabled: true }
  ]
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
    agent: spec.agent ?? defaults.agent,
    guest: {
      accounts: accounts.map((a) => ({
        name: a.name,
        isAdmin: a.isAdmin,
        enabled: a.enabled,
        created: false,
        ...(a.password ? { passwordHash: hashPassword(a.password) } : {})
      })),
      rdpEnabled: spec.guest?.rdpEnabled ?? true,
      rdpFirewallEnabled: spec.guest?.rdpFirewallEnabled ?? true,
      domainController: spec.guest?.domainController ?? false
    },
    extensionRun: spec.extensionRun ?? { outcome: 'succeeds' },
    extensionDurationMs:
      spec.extensionDurationMs ?? defaults.extensionDurationMs,
    deleteDurationMs: spec.deleteDurationMs ?? defaults.deleteDurationMs,
    extensions: (spec.extensions ?? []).map(createExtension)
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
    statuses: [
      state === 'Succeeded'
        ? {
            code: 'ProvisioningState/succeeded',
            level: 'Info',
            displayStatus: 'Provisioning succeeded'
          }
        : {
            code: 'ProvisioningState/failed',
            level: 'Error',
            displayStatus: 'Provisioning failed'
          }
    ],
    substatuses: []
  }
}
