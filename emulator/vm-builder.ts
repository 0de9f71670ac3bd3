import type {
  AccountSpec,
  ExtensionSpec,
  PowerState,
  VmSpec
} from './scenario.ts'
import { sameName } from './state.ts'

/** Edits one VM of a scenario; every method returns the builder for chaining. */
export interface VmBuilder {
  running: () => VmBuilder
  starting: () => VmBuilder
  stopped: () => VmBuilder
  deallocated: () => VmBuilder
  powerState: (state: PowerState) => VmBuilder
  linux: () => VmBuilder
  windows: () => VmBuilder
  agentNotReady: () => VmBuilder
  /** The handler fails with this text (VMExtensionProvisioningError). */
  extensionFails: (message: string) => VmBuilder
  /** The handler never reports (VMExtensionProvisioningTimeout). */
  extensionTimesOut: () => VmBuilder
  /** The PUT stays InProgress and the extension Transitioning forever. */
  extensionNeverEnds: () => VmBuilder
  extensionTakes: (durationMs: number) => VmBuilder
  deleteTakes: (durationMs: number) => VmBuilder
  domainController: () => VmBuilder
  rdpDisabled: () => VmBuilder
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
  extension: (spec: ExtensionSpec) => VmBuilder
  withoutExtensions: () => VmBuilder
}

/** A builder that edits `vm` in place. */
export function vmBuilder(vm: VmSpec): VmBuilder {
  const edit = (change: () => void): VmBuilder => {
    change()
    return b
  }
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
    agentNotReady: () =>
      edit(() => (vm.agent = { ready: false, version: 'Unknown' })),
    extensionFails: (message) =>
      edit(() => (vm.extensionRun = { outcome: 'fails', message })),
    extensionTimesOut: () =>
      edit(() => (vm.extensionRun = { outcome: 'times-out' })),
    extensionNeverEnds: () =>
      edit(() => (vm.extensionRun = { outcome: 'never-ends' })),
    extensionTakes: (durationMs) =>
      edit(() => (vm.extensionDurationMs = durationMs)),
    deleteTakes: (durationMs) => edit(() => (vm.deleteDurationMs = durationMs)),
    domainController: () =>
      edit(() => (vm.guest = { ...vm.guest, domainController: true })),
    rdpDisabled: () =>
      edit(
        () =>
          (vm.guest = {
            ...vm.guest,
            rdpEnabled: false,
            rdpFirewallEnabled: false
          })
      ),
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
          ...(options.password ? { password: options.password } : {})
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
    withoutExtensions: () => edit(() => (vm.extensions = []))
  }
  return b
}
