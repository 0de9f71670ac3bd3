import { settleOperations } from './arm/long-running.ts'
import { settleRunCommands } from './arm/run-command-operations.ts'
import { isRdpFirewallOpen } from './guest/remote-desktop.ts'
import { isSamePassword } from './password-hash.ts'
import type { FirewallProfile, PowerState } from './scenario.ts'
import { findVm, sameName, type VmState, type World } from './state.ts'

/** A copy of a VM's state for assertions; no password hashes. */
export interface VmSnapshot {
  name: string
  resourceGroup: string
  /** properties.vmId: what a rotation tags its versions with. */
  vmId: string
  osType: 'Windows' | 'Linux'
  powerState: PowerState
  agentReady: boolean
  /** fDenyTSConnections = 0 */
  rdpEnabled: boolean
  /** Firewall rule group "Remote Desktop" enabled in all three profiles. */
  rdpFirewallEnabled: boolean
  /** The profiles in which it is enabled. */
  rdpFirewallProfiles: FirewallProfile[]
  activeFirewallProfiles: FirewallProfile[]
  /** RDP-Tcp PortNumber. */
  rdpPort: number
  termService: 'Running' | 'Stopped'
  domainController: boolean
  extensions: {
    name: string
    publisher: string
    type: string
    typeHandlerVersion: string
    provisioningState: string
    forceUpdateTag?: string
  }[]
  accounts: {
    name: string
    isAdmin: boolean
    enabled: boolean
    created: boolean
    /** ISO time; null when never set. */
    passwordLastSet: string | null
    /** Logons verify/2 tried with a password. */
    logonAttempts: number
  }[]
}

/** Reads a VM after ending every operation due by `nowMs` (ARM's clock). Throws if it does not exist. */
export function snapshotVm(
  world: World,
  resourceGroup: string,
  vmName: string,
  nowMs: number
): VmSnapshot {
  const vm = settledVm(world, resourceGroup, vmName, nowMs)
  return {
    name: vm.name,
    resourceGroup: vm.resourceGroup,
    vmId: vm.vmId,
    osType: vm.osType,
    powerState: vm.powerState,
    agentReady: vm.agent.ready,
    rdpEnabled: vm.guest.rdpEnabled,
    rdpFirewallEnabled: isRdpFirewallOpen(vm.guest),
    rdpFirewallProfiles: [...vm.guest.rdpFirewallProfiles],
    activeFirewallProfiles: [...vm.guest.activeFirewallProfiles],
    rdpPort: vm.guest.rdpPort,
    termService: vm.guest.termService,
    domainController: vm.guest.domainController,
    extensions: vm.extensions.map((e) => ({
      name: e.name,
      publisher: e.publisher,
      type: e.type,
      typeHandlerVersion: e.typeHandlerVersion,
      provisioningState: e.provisioningState,
      ...(e.forceUpdateTag !== undefined
        ? { forceUpdateTag: e.forceUpdateTag }
        : {})
    })),
    accounts: vm.guest.accounts.map((a) => ({
      name: a.name,
      isAdmin: a.isAdmin,
      enabled: a.enabled,
      created: a.created,
      passwordLastSet: a.passwordLastSet ?? null,
      logonAttempts: a.logonAttempts ?? 0
    }))
  }
}

/** True when the account exists in the guest and `password` is its current password. */
export function passwordMatches(
  world: World,
  resourceGroup: string,
  vmName: string,
  userName: string,
  password: string,
  nowMs: number
): boolean {
  const vm = settledVm(world, resourceGroup, vmName, nowMs)
  const account = vm.guest.accounts.find((a) => sameName(a.name, userName))
  return (
    account?.passwordHash !== undefined &&
    isSamePassword(account.passwordHash, password)
  )
}

function settledVm(
  world: World,
  resourceGroup: string,
  vmName: string,
  nowMs: number
): VmState {
  settleOperations(world, nowMs)
  settleRunCommands(world, nowMs)
  const vm = findVm(world, resourceGroup, vmName)
  if (!vm)
    throw new Error(
      `the emulator has no VM '${vmName}' in resource group '${resourceGroup}'`
    )
  return vm
}
