import type {
  AccountSpec,
  ExtensionSpec,
  FirewallProfile,
  PowerState,
  RunCommandBehaviour,
  VmSpec
} from './scenario.ts'
import { firewallProfiles } from './guest/remote-desktop.ts'
import { rdpFirewallProfilesOf } from './initial-state.ts'
import type { PublicIpSpec, SecurityRuleSpec } from './network-spec.ts'
import { sameName } from './state.ts'
import { setNicNsg, setPublicIp, setSubnetNsg } from './vm-network-edits.ts'

/** Edits one VM of a scenario; every method returns the builder for chaining. */
export interface VmBuilder {
  running: () => VmBuilder
  starting: () => VmBuilder
  stopped: () => VmBuilder
  deallocated: () => VmBuilder
  powerState: (state: PowerState) => VmBuilder
  linux: () => VmBuilder
  windows: () => VmBuilder
  /**
   * The agent is dead: Not Ready, version Unknown, and its status `time` (the
   * last heartbeat) is `lastHeartbeat` (ISO; default 30 minutes before start).
   */
  agentNotReady: (options?: { lastHeartbeat?: string }) => VmBuilder
  /** The handler fails with this text (VMExtensionProvisioningError). */
  extensionFails: (message: string) => VmBuilder
  /** The handler never reports (VMExtensionProvisioningTimeout); `once`: only the first PUT. */
  extensionTimesOut: (options?: { once?: boolean }) => VmBuilder
  /** The PUT stays InProgress and the extension Transitioning forever. */
  extensionNeverEnds: () => VmBuilder
  /** The PUT stays InProgress until the test calls `emulator.finishOperations`; then it succeeds. */
  extensionHeld: () => VmBuilder
  /** VMAccess reports success, with a real success's messages, and changes nothing in the guest. */
  vmAccessSilentlySucceeds: () => VmBuilder
  extensionTakes: (durationMs: number) => VmBuilder
  deleteTakes: (durationMs: number) => VmBuilder
  /** DomainRole 5: VMAccess refuses it; the set-access script does not create accounts. */
  domainController: () => VmBuilder
  /** fDenyTSConnections=1 and the "Remote Desktop" firewall group off in every profile. */
  rdpDisabled: () => VmBuilder
  /** RDP-Tcp PortNumber (default 3389). */
  rdpPort: (port: number) => VmBuilder
  /** The TermService (Remote Desktop Services) service is stopped. */
  termServiceStopped: () => VmBuilder
  /** The "Remote Desktop" firewall group is off in these profiles (default: all three). */
  firewallGroupDisabled: (profiles?: FirewallProfile[]) => VmBuilder
  /** The firewall profiles in effect (default ["Public"]). */
  activeFirewallProfiles: (profiles: FirewallProfile[]) => VmBuilder
  /** The guest's clock runs this far from Resource Manager's (negative: behind). */
  guestClockSkew: (ms: number) => VmBuilder
  /** Local policy denies accounts network logon, as hardening baselines do. */
  networkLogonDenied: () => VmBuilder
  /** A script runs this long (default 20 ms; a real one takes 20 s or more). */
  runCommandTakes: (durationMs: number) => VmBuilder
  /** Script requests get 409 Conflict until this long after the VM's first one. */
  runCommandBusyFor: (durationMs: number) => VmBuilder
  /** The script writes this to stderr and exits 1 (v1: stdout empty). */
  runCommandFails: (stderr: string) => VmBuilder
  /** Scripts never end. */
  runCommandNeverEnds: () => VmBuilder
  /** The guest prints this many bytes of noise before the script's output. */
  runCommandNoise: (bytes: number) => VmBuilder
  /** The 4,096-byte output limit falls inside the script's JSON line: the client gets invalid JSON. */
  runCommandOutputCut: () => VmBuilder
  adminUsername: (name: string) => VmBuilder
  /** Sets an ARM tag; a name that differs only in case is replaced (Azure's tag names ignore case). */
  tag: (name: string, value: string) => VmBuilder
  /** Adds or replaces a local account. */
  account: (
    name: string,
    options?: Partial<Omit<AccountSpec, 'name'>>
  ) => VmBuilder
  /** Adds a VMAccessAgent extension under `name`. */
  vmAccess: (name?: string, typeHandlerVersion?: string) => VmBuilder
  /** Adds a VMAccessAgent extension whose last run failed with `message` (its instance view says so). */
  vmAccessFailed: (message: string, name?: string) => VmBuilder
  extension: (spec: ExtensionSpec) => VmBuilder
  withoutExtensions: () => VmBuilder
  /** An extension (not VMAccess: Microsoft.Azure.Monitor AzureMonitorWindowsAgent) stuck `ProvisioningState/transitioning`. */
  extensionTransitioning: (name: string) => VmBuilder
  /** `diagnosticsProfile.bootDiagnostics.enabled` (default true). */
  bootDiagnostics: (enabled: boolean) => VmBuilder
  /** A public IP on the primary NIC (default: `<vm>-ip`, Standard, Static, 20.1.x.y). */
  publicIp: (options?: PublicIpSpec) => VmBuilder
  /** No public IP on the primary NIC. */
  noPublicIp: () => VmBuilder
  /** The primary NIC's security group `<vm>-nsg` has these rules (default: AllowRDP); null: none on the NIC. */
  nicNsg: (rules: SecurityRuleSpec[] | null) => VmBuilder
  /** The primary NIC's subnet (its own, `<vm>-subnet`) has a group with these rules; null: back to `default`, none. */
  subnetNsg: (rules: SecurityRuleSpec[] | null) => VmBuilder
}

/** A builder that edits `vm` in place. */
export function vmBuilder(vm: VmSpec): VmBuilder {
  const edit = (change: () => void): VmBuilder => {
    change()
    return b
  }
  const guest = (change: NonNullable<VmSpec['guest']>): VmBuilder =>
    edit(() => (vm.guest = { ...vm.guest, ...change }))
  const runCommand = (change: Partial<RunCommandBehaviour>): VmBuilder =>
    edit(() => (vm.runCommand = { ...vm.runCommand, ...change }))
  const b: VmBuilder = {
    running: () => b.powerState('running'),
    starting: () => b.powerState('starting'),
    stopped: () => b.powerState('stopped'),
    deallocated: () => b.powerState('deallocated'),
    powerState: (state) => edit(() => (vm.powerState = state)),
    linux: () =>
      edit(() => {
        vm.osType = 'Linux'
        vm.adminUsername = 'azureuser'
        vm.guest = {
          ...vm.guest,
          accounts: [{ name: 'azureuser', isAdmin: true, enabled: true }]
        }
      }),
    windows: () => edit(() => (vm.osType = 'Windows')),
    agentNotReady: (options = {}) =>
      edit(
        () =>
          (vm.agent = {
            ready: false,
            version: 'Unknown',
            ...(options.lastHeartbeat !== undefined
              ? { lastHeartbeat: options.lastHeartbeat }
              : {})
          })
      ),
    extensionFails: (message) =>
      edit(() => (vm.extensionRun = { outcome: 'fails', message })),
    extensionTimesOut: (options = {}) =>
      edit(
        () =>
          (vm.extensionRun = {
            outcome: 'times-out',
            ...(options.once ? { once: true } : {})
          })
      ),
    extensionNeverEnds: () =>
      edit(() => (vm.extensionRun = { outcome: 'never-ends' })),
    extensionHeld: () => edit(() => (vm.extensionRun = { outcome: 'held' })),
    vmAccessSilentlySucceeds: () =>
      edit(() => (vm.extensionRun = { outcome: 'silently-succeeds' })),
    extensionTakes: (durationMs) =>
      edit(() => (vm.extensionDurationMs = durationMs)),
    deleteTakes: (durationMs) => edit(() => (vm.deleteDurationMs = durationMs)),
    domainController: () => guest({ domainController: true }),
    rdpDisabled: () =>
      guest({
        rdpEnabled: false,
        rdpFirewallEnabled: false,
        rdpFirewallProfiles: []
      }),
    rdpPort: (port) => guest({ rdpPort: port }),
    termServiceStopped: () => guest({ termService: 'Stopped' }),
    firewallGroupDisabled: (profiles = [...firewallProfiles]) =>
      guest({
        rdpFirewallProfiles: rdpFirewallProfilesOf(vm).filter(
          (p) => !profiles.includes(p)
        )
      }),
    activeFirewallProfiles: (profiles) =>
      guest({ activeFirewallProfiles: [...profiles] }),
    guestClockSkew: (ms) => guest({ clockSkewMs: ms }),
    networkLogonDenied: () => guest({ networkLogon: 'denied' }),
    runCommandTakes: (durationMs) => runCommand({ durationMs }),
    runCommandBusyFor: (durationMs) => runCommand({ busyForMs: durationMs }),
    runCommandFails: (stderr) => runCommand({ failsWith: stderr }),
    runCommandNeverEnds: () => runCommand({ durationMs: null }),
    runCommandNoise: (bytes) => runCommand({ noiseBytes: bytes }),
    runCommandOutputCut: () => runCommand({ outputCut: true }),
    adminUsername: (name) => edit(() => (vm.adminUsername = name)),
    tag: (name, value) =>
      edit(() => {
        const others = Object.entries(vm.tags ?? {}).filter(
          ([key]) => !sameName(key, name)
        )
        vm.tags = { ...Object.fromEntries(others), [name]: value }
      }),
    account: (name, options = {}) =>
      edit(() => {
        const others = (
          vm.guest?.accounts ?? [
            { name: vm.adminUsername, isAdmin: true, enabled: true }
          ]
        ).filter((a) => !sameName(a.name, name))
        const account: AccountSpec = {
          name,
          isAdmin: options.isAdmin ?? true,
          enabled: options.enabled ?? true,
          ...(options.password ? { password: options.password } : {}),
          ...(options.passwordLastSet !== undefined
            ? { passwordLastSet: options.passwordLastSet }
            : {})
        }
        vm.guest = { ...vm.guest, accounts: [...others, account] }
      }),
    vmAccess: (name = 'enablevmaccess', typeHandlerVersion = '2.4') =>
      b.extension({
        name,
        publisher: 'Microsoft.Compute',
        type: 'VMAccessAgent',
        typeHandlerVersion,
        autoUpgradeMinorVersion: true,
        settings: { UserName: vm.adminUsername }
      }),
    vmAccessFailed: (message, name = 'enablevmaccess') =>
      b.extension({
        name,
        publisher: 'Microsoft.Compute',
        type: 'VMAccessAgent',
        typeHandlerVersion: '2.4',
        autoUpgradeMinorVersion: true,
        settings: { UserName: vm.adminUsername },
        provisioningState: 'Failed',
        statusMessage: message
      }),
    extension: (spec) =>
      edit(
        () =>
          (vm.extensions = [
            ...(vm.extensions ?? []).filter(
              (e) => !sameName(e.name, spec.name)
            ),
            spec
          ])
      ),
    withoutExtensions: () => edit(() => (vm.extensions = [])),
    extensionTransitioning: (name) =>
      b.extension({
        name,
        publisher: 'Microsoft.Azure.Monitor',
        type: 'AzureMonitorWindowsAgent',
        typeHandlerVersion: '1.0',
        autoUpgradeMinorVersion: true,
        provisioningState: 'Updating'
      }),
    bootDiagnostics: (enabled) => edit(() => (vm.bootDiagnostics = enabled)),
    publicIp: (options = {}) => edit(() => setPublicIp(vm, options)),
    noPublicIp: () => edit(() => setPublicIp(vm, null)),
    nicNsg: (rules) => edit(() => setNicNsg(vm, rules)),
    subnetNsg: (rules) => edit(() => setSubnetNsg(vm, rules))
  }
  return b
}
