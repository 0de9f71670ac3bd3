// Pure: decides from one GET of the VM (with its instance view) whether
// VMAccess can run. Nothing is sent to the VM unless this says ready.
import type { VirtualMachine } from '@azure/arm-compute'
import type { VmRef } from './settings.ts'
import { offlineResetUrl } from './errors.ts'

/** An extension already on the VM, as the model view lists it. */
export interface InstalledExtension {
  name: string
  typeHandlerVersion?: string
}

/** A VM that VMAccess can work on, with what the workflow needs of it. */
export interface ReadyVm {
  kind: 'ready'
  vmId: string
  /** The VM's ARM id, /subscriptions/…/virtualMachines/<name>. */
  vmResourceId: string
  location: string
  adminUsername?: string
  /** Every VMAccessAgent on the VM, whatever its name. */
  vmAccessExtensions: InstalledExtension[]
  /** Entra sign-in (AADLoginForWindows) may need re-applying after a reset. */
  hasAadLogin: boolean
}

/** Why VMAccess cannot run, and what to do about it. */
export interface PreflightFailure {
  kind: 'failure'
  reason: 'not-windows' | 'not-running' | 'agent-not-ready' | 'no-instance-view'
  message: string
  fix: string
}

/** Checks that the VM is Windows, running, and has a Ready VM agent. */
export function checkVm(
  vm: VirtualMachine,
  target: VmRef
): ReadyVm | PreflightFailure {
  const { resourceGroup: rg, vmName: name } = target
  const the = `VM '${name}' in resource group '${rg}'`
  const osType =
    vm.storageProfile?.osDisk?.osType ??
    (vm.osProfile?.linuxConfiguration ? 'Linux' : undefined)
  if (osType !== 'Windows') {
    return failure(
      'not-windows',
      `${the} runs ${osType ?? 'an unknown OS'}; this action resets Windows VMs only.`,
      `For Linux use the VMAccessForLinux extension (az vm user update -g ${rg} -n ${name}). Nothing was changed.`
    )
  }
  const view = vm.instanceView
  if (!view) {
    return failure(
      'no-instance-view',
      `Azure returned no instance view for ${the}, so its power state and agent are unknown.`,
      'Re-run the workflow; nothing was changed.'
    )
  }
  const power = view.statuses?.find((s) => s.code?.startsWith('PowerState/'))
  const powerState = power?.code?.slice('PowerState/'.length) ?? 'unknown'
  if (powerState !== 'running') {
    return failure(
      'not-running',
      `${the} is ${powerState}; VMAccess needs a running VM with its agent.`,
      powerState === 'starting'
        ? `Wait until it is running (az vm wait -g ${rg} -n ${name} --custom "instanceView.statuses[?code=='PowerState/running']") and run the workflow again. Nothing was changed.`
        : `Start it (az vm start -g ${rg} -n ${name}) and run the workflow again. Nothing was changed.`
    )
  }
  if (!isAgentReady(vm)) {
    const status = view.vmAgent?.statuses?.[0]
    const said = status?.message ? ` (agent says: ${status.message})` : ''
    return failure(
      'agent-not-ready',
      `The VM agent of ${the} is ${status?.displayStatus ?? 'not reporting'}${said}; VMAccess runs through the agent.`,
      `Check that the 'Windows Azure Guest Agent' service runs in the guest (a restart of the VM often brings it back), or reset the password offline: ${offlineResetUrl}. Nothing was changed.`
    )
  }
  const extensions = vm.resources ?? []
  return {
    kind: 'ready',
    vmId: vm.vmId ?? '',
    vmResourceId: vm.id ?? '',
    location: vm.location,
    adminUsername: vm.osProfile?.adminUsername,
    vmAccessExtensions: extensions
      .filter(
        (e) =>
          e.publisher === 'Microsoft.Compute' &&
          e.typePropertiesType === 'VMAccessAgent'
      )
      .map((e) => ({
        name: e.name ?? '',
        typeHandlerVersion: e.typeHandlerVersion
      })),
    hasAadLogin: extensions.some(
      (e) => e.typePropertiesType === 'AADLoginForWindows'
    )
  }
}

/** The seed article's "Provision Guest Agent" check, on today's instance view. */
export function isAgentReady(vm: VirtualMachine): boolean {
  return (vm.instanceView?.vmAgent?.statuses ?? []).some(
    (s) =>
      s.code === 'ProvisioningState/succeeded' && s.displayStatus === 'Ready'
  )
}

function failure(
  reason: PreflightFailure['reason'],
  message: string,
  fix: string
): PreflightFailure {
  return { kind: 'failure', reason, message, fix }
}
