// Pure: decides from one GET of the VM (with its instance view) whether an
// operation can run on it. Nothing is sent to the VM unless this says ready.
import type { VirtualMachine } from '@azure/arm-compute'
import type { DomainControllerRoute, VmRef } from './settings.ts'
import { domainControllerFix, offlineResetUrl } from './errors.ts'
import { azCommand } from './shell.ts'

/** An extension already on the VM, as the model view lists it. */
export interface InstalledExtension {
  name: string
  typeHandlerVersion?: string
  /** What its last PUT carried and how it ended: a rotation's record. */
  forceUpdateTag?: string
  provisioningState?: string
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
  /** How the reset reaches the guest: VMAccess, or Run Command on a domain controller. */
  route: 'vmaccess' | 'run-command'
  /** The VM as Azure returned it, for an operation that reads more of it (diagnose). */
  model: VirtualMachine
}

/** What an operation needs of a VM before its first step. */
export interface VmNeeds {
  /** The guest OS it works on; absent: any (an operation that only reads). */
  os?: 'Windows'
  /** A running VM whose agent is Ready: whatever runs through an extension. */
  agent: boolean
}

/** Why the operation cannot run, and what to do about it. */
export interface PreflightFailure {
  kind: 'failure'
  reason:
    | 'not-windows'
    | 'not-running'
    | 'agent-not-ready'
    | 'no-instance-view'
    | 'domain-controller'
  message: string
  fix: string
}

/**
 * Checks that the VM runs the OS `needs` names and, if asked, is running
 * with a Ready agent; a known domain controller is refused, or routed to
 * Run Command when `domainControllers` says so.
 */
export function checkVm(
  vm: VirtualMachine,
  target: VmRef,
  needs: VmNeeds,
  domainControllers: DomainControllerRoute = 'refuse'
): ReadyVm | PreflightFailure {
  const isDc = vmAccessSaidDomainController(vm)
  const refusal =
    checkOs(vm, target, needs) ??
    (needs.agent ? checkAgent(vm, target) : undefined) ??
    (isDc && needs.agent && domainControllers === 'refuse'
      ? domainControllerRefusal(target)
      : undefined)
  return refusal ?? readyVm(vm, isDc ? 'run-command' : 'vmaccess')
}

/**
 * VMAccess refuses domain controllers, after its removal and re-apply; its
 * last message on the VM says so, and nothing is sent to meet it again.
 */
function vmAccessSaidDomainController(vm: VirtualMachine): boolean {
  return (vm.instanceView?.extensions ?? [])
    .filter((e) => e.type === 'Microsoft.Compute.VMAccessAgent')
    .flatMap((e) => e.statuses ?? [])
    .some((s) => isDomainControllerRefusal(s.message ?? ''))
}

/** True when VMAccess's words are its refusal of a domain controller (vmaccess-windows.md, "Error messages"). */
export function isDomainControllerRefusal(text: string): boolean {
  return /does not support domain controller/i.test(text)
}

/** The refusal of a domain controller, with both ways forward. */
export function domainControllerRefusal(target: VmRef): PreflightFailure {
  return failure(
    'domain-controller',
    `${theVm(target)} is a domain controller, and VMAccess does not support domain controllers ("VMAccess Extension does not support Domain Controller").`,
    domainControllerFix
  )
}

function checkOs(
  vm: VirtualMachine,
  target: VmRef,
  needs: VmNeeds
): PreflightFailure | undefined {
  const { resourceGroup: rg, vmName: name } = target
  const the = theVm(target)
  const osType = osTypeOf(vm)
  if (needs.os && osType !== needs.os) {
    return failure(
      'not-windows',
      `${the} runs ${osType ?? 'an unknown OS'}; this action resets Windows VMs only.`,
      `For Linux use the VMAccessForLinux extension (${azCommand(['vm', 'user', 'update', '-g', rg, '-n', name])} -u <username> -p <new password>).`
    )
  }
  return undefined
}

/** The guest OS, from the OS disk, else from a Linux configuration. */
export function osTypeOf(vm: VirtualMachine): string | undefined {
  return (
    vm.storageProfile?.osDisk?.osType ??
    (vm.osProfile?.linuxConfiguration ? 'Linux' : undefined)
  )
}

function checkAgent(
  vm: VirtualMachine,
  target: VmRef
): PreflightFailure | undefined {
  const { resourceGroup: rg, vmName: name } = target
  const the = theVm(target)
  const view = vm.instanceView
  if (!view) {
    return failure(
      'no-instance-view',
      `Azure returned no instance view for ${the}, so its power state and agent are unknown.`,
      'Re-run the workflow.'
    )
  }
  const power = view.statuses?.find((s) => s.code?.startsWith('PowerState/'))
  const powerState = power?.code?.slice('PowerState/'.length) ?? 'unknown'
  if (powerState !== 'running') {
    return failure(
      'not-running',
      `${the} is ${powerState}; VMAccess needs a running VM with its agent.`,
      powerState === 'starting'
        ? `Wait until it is running (${azCommand(['vm', 'wait', '-g', rg, '-n', name])} --custom "instanceView.statuses[?code=='PowerState/running']") and run the workflow again.`
        : `Start it (${azCommand(['vm', 'start', '-g', rg, '-n', name])}) and run the workflow again.`
    )
  }
  if (!isAgentReady(vm)) {
    const status = view.vmAgent?.statuses?.[0]
    const said = status?.message ? ` (agent says: ${status.message})` : ''
    return failure(
      'agent-not-ready',
      `The VM agent of ${the} is ${status?.displayStatus ?? 'not reporting'}${said}; VMAccess runs through the agent.`,
      `Check that the 'Windows Azure Guest Agent' service runs in the guest (a restart of the VM often brings it back), or reset the password offline: ${offlineResetUrl}.`
    )
  }
  return undefined
}

function readyVm(vm: VirtualMachine, route: ReadyVm['route']): ReadyVm {
  const extensions = vm.resources ?? []
  return {
    kind: 'ready',
    route,
    model: vm,
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
        typeHandlerVersion: e.typeHandlerVersion,
        ...(e.forceUpdateTag ? { forceUpdateTag: e.forceUpdateTag } : {}),
        ...(e.provisioningState
          ? { provisioningState: e.provisioningState }
          : {})
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

// "VM 'web-01' in resource group 'rg-prod'", as every refusal names it.
function theVm({ resourceGroup, vmName }: VmRef): string {
  return `VM '${vmName}' in resource group '${resourceGroup}'`
}

function failure(
  reason: PreflightFailure['reason'],
  message: string,
  fix: string
): PreflightFailure {
  return { kind: 'failure', reason, message, fix }
}
