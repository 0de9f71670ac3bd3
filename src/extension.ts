// Pure: which VMAccess extension to apply, under which name and version,
// and the exact body of the PUT.
import type { VirtualMachineExtension } from '@azure/arm-compute'
import type { ReadyVm } from './preflight.ts'
import type { Secret } from './secret.ts'
import { Defaults, type ExtensionRequest } from './settings.ts'

/** What the workflow applies, resolved from the inputs and the VM. */
export interface VmAccessPlan {
  extensionName: string
  typeHandlerVersion: string
  /** Present for reset-password: the account and its new password. */
  credentials?: { username: string; password: Secret }
}

/** The user's name, else the VM's existing VMAccess name, else enablevmaccess. */
export function chooseExtensionName(
  request: ExtensionRequest,
  vm: ReadyVm
): string {
  return (
    request.name ?? vm.vmAccessExtensions[0]?.name ?? Defaults.extensionName
  )
}

/**
 * The user's version, else 2.4 or the VM's installed major.minor when that is
 * higher: autoUpgradeMinorVersion never moves a handler down.
 */
export function chooseTypeHandlerVersion(
  request: ExtensionRequest,
  vm: ReadyVm
): string {
  if (request.typeHandlerVersion) return request.typeHandlerVersion
  const installed = vm.vmAccessExtensions
    .map((e) => majorMinor(e.typeHandlerVersion))
    .filter((v): v is [number, number] => v !== undefined)
  return [majorMinor(Defaults.typeHandlerVersion), ...installed]
    .filter((v): v is [number, number] => v !== undefined)
    .reduce((a, b) => (b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]) ? b : a))
    .join('.')
}

function majorMinor(version: string | undefined): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '')
  return match ? [Number(match[1]), Number(match[2])] : undefined
}

/**
 * The VMAccessAgent resource for the PUT. The SDK's model is flattened: a
 * nested `properties` object would be dropped silently.
 */
export function buildVmAccessExtension(
  plan: VmAccessPlan,
  location: string
): VirtualMachineExtension {
  return {
    location,
    publisher: 'Microsoft.Compute',
    typePropertiesType: 'VMAccessAgent',
    typeHandlerVersion: plan.typeHandlerVersion,
    autoUpgradeMinorVersion: true,
    // Without a user, VMAccess resets the Remote Desktop configuration only.
    settings: plan.credentials ? { UserName: plan.credentials.username } : {},
    // The password travels only here: encrypted to the VM, never returned by
    // GET. `{}` even for RDP: VMAccess fails to install without it (azure-cli#25512).
    protectedSettings: plan.credentials
      ? { Password: plan.credentials.password.reveal() }
      : {}
  }
}
