// Pure: which VMAccess extension to apply, under which name and version,
// for which account, and the exact body of the PUT.
import type { VirtualMachineExtension } from '@azure/arm-compute'
import { AzureError } from '../errors.ts'
import type { Credentials, PlannedWrite } from '../operation.ts'
import type { ReadyVm } from '../preflight.ts'
import {
  Defaults,
  Input,
  type ExtensionRequest,
  type Settings
} from '../settings.ts'
import { checkPassword } from '../windows-credentials.ts'

/** What the steps apply, resolved from the inputs and the VM. */
export interface VmAccessPlan {
  extensionName: string
  typeHandlerVersion: string
  /** Present for reset-password: the account and its new password. */
  credentials?: Credentials
  /** A rotation's record of the version this PUT applies (forceUpdateTag). */
  forceUpdateTag?: string
}

/**
 * Resolves name, version and account. Throws (nothing changed) when the VM
 * names no admin, or the password breaks a rule of the now known account.
 */
export function planVmAccess(settings: Settings, vm: ReadyVm): VmAccessPlan {
  const plan: VmAccessPlan = {
    extensionName: chooseExtensionName(settings.extension, vm),
    typeHandlerVersion: chooseTypeHandlerVersion(settings.extension, vm)
  }
  if (settings.mode.kind !== 'reset-password') return plan
  const username = settings.mode.username ?? vm.adminUsername
  if (!username) {
    throw new AzureError(
      `VM '${settings.target.vmName}' reports no admin username.`,
      `Set the input '${Input.username}' to the account to reset.`,
      { code: 'NoAdminUsername' }
    )
  }
  // Checked again now that the default user is known: Windows refuses it.
  const problem = checkPassword(settings.mode.password.reveal(), username)
  if (problem) {
    throw new AzureError(
      `Input '${Input.password}' ${problem.problem}.`,
      `${problem.fix}`,
      { code: 'InvalidPassword' }
    )
  }
  return {
    ...plan,
    credentials: { username, password: settings.mode.password }
  }
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
    // Stored by ARM with the extension and returned by GET, so the VM itself
    // records which rotated version it was sent; VMAccess ignores it.
    ...(plan.forceUpdateTag ? { forceUpdateTag: plan.forceUpdateTag } : {}),
    // Without a user, VMAccess resets the Remote Desktop configuration only.
    settings: plan.credentials ? { UserName: plan.credentials.username } : {},
    // The password travels only here: encrypted to the VM, never returned by
    // GET. `{}` even for RDP: VMAccess fails to install without it (azure-cli#25512).
    protectedSettings: plan.credentials
      ? { Password: plan.credentials.password.reveal() }
      : {}
  }
}

/**
 * dry-run: the DELETE of each VMAccess on the VM and the PUT of the new one,
 * as REST requests; the password is `***` and a rotation's record a placeholder.
 */
export function previewVmAccess(
  vm: ReadyVm,
  settings: Settings
): PlannedWrite[] {
  const plan = planVmAccess(settings, vm)
  const { subscriptionId, resourceGroup, vmName } = settings.target
  const extensions = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vmName}/extensions/`
  const isRotation =
    settings.mode.kind === 'reset-password' && settings.mode.rotation
  const put = buildVmAccessExtension(
    {
      ...plan,
      ...(isRotation
        ? { forceUpdateTag: 'azure-vm-access-reset:<new secret version>' }
        : {})
    },
    vm.location
  )
  const removals = vm.vmAccessExtensions.map((e): PlannedWrite => ({
    method: 'DELETE',
    path: extensions + e.name,
    purpose: 'remove the VMAccess extension on the VM'
  }))
  return [
    ...removals,
    {
      method: 'PUT',
      path: extensions + plan.extensionName,
      body: {
        location: put.location,
        properties: {
          publisher: put.publisher,
          type: put.typePropertiesType,
          typeHandlerVersion: put.typeHandlerVersion,
          autoUpgradeMinorVersion: put.autoUpgradeMinorVersion,
          ...(put.forceUpdateTag ? { forceUpdateTag: put.forceUpdateTag } : {}),
          settings: put.settings as unknown,
          protectedSettings: plan.credentials ? { Password: '***' } : {}
        }
      },
      purpose: 'apply VMAccess'
    }
  ]
}
