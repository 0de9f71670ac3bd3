import type { Scenario } from '../scenario.ts'
import type { Caller } from './auth.ts'
import type { ArmTarget } from './routes.ts'

/** The RBAC action ARM checks for each operation. */
export const actionFor: Record<ArmTarget['operationId'], string> = {
  VirtualMachines_Get: 'Microsoft.Compute/virtualMachines/read',
  VirtualMachines_InstanceView: 'Microsoft.Compute/virtualMachines/read',
  VirtualMachineExtensions_List:
    'Microsoft.Compute/virtualMachines/extensions/read',
  VirtualMachineExtensions_Get:
    'Microsoft.Compute/virtualMachines/extensions/read',
  VirtualMachineExtensions_CreateOrUpdate:
    'Microsoft.Compute/virtualMachines/extensions/write',
  VirtualMachineExtensions_Delete:
    'Microsoft.Compute/virtualMachines/extensions/delete',
  Operations_Get: 'Microsoft.Compute/locations/operations/read',
  Operations_Monitor: 'Microsoft.Compute/locations/operations/read'
}

/** The scope ARM names in AuthorizationFailed: the resource the request addresses. */
export function scopeOf(target: ArmTarget): string {
  const subscription = `/subscriptions/${target.subscriptionId}`
  if (target.kind === 'poll') {
    return `${subscription}/providers/Microsoft.Compute/locations/${target.location}/operations/${target.id}`
  }
  const vm = `${subscription}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${target.vmName}`
  if (target.kind === 'extension')
    return `${vm}/extensions/${target.extensionName}`
  return target.operationId === 'VirtualMachineExtensions_List'
    ? `${vm}/extensions`
    : vm
}

/**
 * True when the scenario withholds this action from the caller at this scope.
 * A denial without `principalId` applies to every caller; without `scope`, everywhere.
 */
export function isDenied(
  denied: Scenario['deniedActions'],
  caller: Caller,
  action: string,
  scope: string
): boolean {
  return denied.some(
    (d) =>
      d.action.toLowerCase() === action.toLowerCase() &&
      (d.principalId === undefined ||
        d.principalId === caller.objectId ||
        d.principalId === caller.appId) &&
      (d.scope === undefined ||
        scope.toLowerCase().startsWith(d.scope.toLowerCase()))
  )
}
