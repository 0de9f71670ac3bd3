import type { NetworkWorld } from './network-state.ts'
import type { PasswordHash } from './password-hash.ts'
import type { RunCommandBook } from './run-command-state.ts'
import type {
  ExtensionRun,
  FirewallProfile,
  PowerState,
  RunCommandBehaviour,
  Scenario
} from './scenario.ts'

/** `InstanceViewStatus` from the spec. */
export interface InstanceViewStatus {
  code: string
  level: 'Info' | 'Warning' | 'Error'
  displayStatus: string
  message?: string
  time?: string
}

/** A local account in the guest OS. */
export interface GuestAccount {
  name: string
  isAdmin: boolean
  enabled: boolean
  /** True when VMAccess created it. */
  created: boolean
  passwordHash?: PasswordHash
  /** When its password was last set (ISO time); undefined: never. */
  passwordLastSet?: string
  /** Logons the action's verify script tried with a password (each counts toward lockout when wrong). */
  logonAttempts?: number
}

/** What VMAccess and the action's scripts can see and change inside the guest. */
export interface GuestState {
  accounts: GuestAccount[]
  /** fDenyTSConnections = 0 */
  rdpEnabled: boolean
  /** RDP-Tcp `PortNumber`. */
  rdpPort: number
  /** The Remote Desktop Services service. */
  termService: 'Running' | 'Stopped'
  /** Profiles in which the firewall rule group "Remote Desktop" is enabled. */
  rdpFirewallProfiles: FirewallProfile[]
  /** The firewall profiles in effect on the VM's network. */
  activeFirewallProfiles: FirewallProfile[]
  domainController: boolean
  /** The guest's clock minus Resource Manager's, in ms (negative: behind). */
  clockSkewMs: number
  /** Whether local policy lets accounts log on over the network ("Access this computer from the network"). */
  networkLogon: 'granted' | 'denied'
  /** The one-attempt markers verify/2 left (its AttemptId), as files in C:\\Windows\\Temp would be. */
  logonMarkers: string[]
}

/** An extension resource on a VM. `protectedSettings` are never stored. */
export interface ExtensionState {
  name: string
  publisher: string
  type: string
  typeHandlerVersion: string
  autoUpgradeMinorVersion: boolean
  settings: Record<string, unknown>
  forceUpdateTag?: string
  provisioningState:
    'Creating' | 'Updating' | 'Deleting' | 'Succeeded' | 'Failed'
  /** Full version the handler runs, e.g. 2.4.12. */
  handlerVersion: string
  statuses: InstanceViewStatus[]
  substatuses: InstanceViewStatus[]
}

/** A virtual machine and its guest. */
export interface VmState {
  resourceGroup: string
  name: string
  location: string
  /** Absent when the VM has none; ARM then sends no `tags`. */
  tags?: Record<string, string>
  vmId: string
  osType: 'Windows' | 'Linux'
  powerState: PowerState
  computerName: string
  adminUsername: string
  vmSize: string
  osName: string
  osVersion: string
  timeCreated: string
  /** `lastHeartbeat`: ISO time; absent: now, while ready. */
  agent: { ready: boolean; version: string; lastHeartbeat?: string }
  bootDiagnostics: boolean
  guest: GuestState
  extensionRun: ExtensionRun
  extensionDurationMs: number
  deleteDurationMs: number
  extensions: ExtensionState[]
  /** How the guest's Run Command handler behaves (scenario faults included). */
  runCommand: RunCommandBehaviour
}

/** What an extension PUT asked VMAccess to do; the password only as a hash. */
export interface VmAccessRequest {
  userName?: string
  passwordHash?: PasswordHash
  /** True when protectedSettings carried a non-empty Password. */
  passwordGiven: boolean
}

/** A long-running extension operation (PUT or DELETE). */
export interface Operation {
  id: string
  kind: 'create-or-update' | 'delete'
  resourceGroup: string
  vmName: string
  extensionName: string
  location: string
  startedAtMs: number
  /** When it ends; undefined for an operation that never ends. */
  dueAtMs: number | undefined
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled'
  endedAtMs?: number
  error?: { code: string; message: string }
  vmAccess?: VmAccessRequest
  /** The PUT changed nothing the agent acts on, so the handler does not run again. */
  handlerSkipped?: boolean
}

/** The emulated cloud: the scenario's identities plus mutable resources. */
export interface World {
  scenario: Scenario
  resourceGroups: { name: string; location: string; vms: VmState[] }[]
  operations: Operation[]
  /** Run Command executions, managed run commands and their operations. */
  runCommands: RunCommandBook
  /** NICs, security groups, public IPs, subnets (read-only) and effective-NSG operations. */
  network: NetworkWorld
}

/**
 * ARM names are case-insensitive as .NET's OrdinalIgnoreCase is: each
 * character upper-cased on its own, so the Kelvin sign (U+212A) is not `k`.
 */
export function sameName(a: string, b: string): boolean {
  return ordinalUpper(a) === ordinalUpper(b)
}

function ordinalUpper(text: string): string {
  return Array.from(text, (c) => {
    const upper = c.toUpperCase()
    return upper.length === c.length ? upper : c
  }).join('')
}

/** Finds a resource group by name, ignoring case. */
export function findResourceGroup(
  world: World,
  name: string
): World['resourceGroups'][number] | undefined {
  return world.resourceGroups.find((rg) => sameName(rg.name, name))
}

/** Finds a VM by resource group and name, ignoring case. */
export function findVm(
  world: World,
  resourceGroup: string,
  name: string
): VmState | undefined {
  return findResourceGroup(world, resourceGroup)?.vms.find((vm) =>
    sameName(vm.name, name)
  )
}

/** Finds an extension on a VM by name, ignoring case. */
export function findExtension(
  vm: VmState,
  name: string
): ExtensionState | undefined {
  return vm.extensions.find((e) => sameName(e.name, name))
}
