import type { Scenario } from '../scenario.ts'
import type { Caller } from './auth.ts'
import type { ArmTarget } from './routes.ts'

/** The RBAC action ARM checks for each operation. */
export const actionFor: Record<ArmTarget['operationId'], string> = {
  VirtualMachines_Get: 'Microsoft.Compute/virtualMachines/read',
  VirtualMachines_InstanceView: 'Microsoft.Compute/virtualMachines/read',
  // The provider-operations list names no separate list action (facts.md §e).
  VirtualMachines_List: 'Microsoft.Compute/virtualMachines/read',
  VirtualMachines_ListAll: 'Microsoft.Compute/virtualMachines/read',
  VirtualMachineExtensions_List:
    'Microsoft.Compute/virtualMachines/extensions/read',
  VirtualMachineExtensions_Get:
    'Microsoft.Compute/virtualMachines/extensions/read',
  VirtualMachineExtensions_CreateOrUpdate:
    'Microsoft.Compute/virtualMachines/extensions/write',
  VirtualMachineExtensions_Delete:
    'Microsoft.Compute/virtualMachines/extensions/delete',
  Operations_Get: 'Microsoft.Compute/locations/operations/read',
  Operations_Monitor: 'Microsoft.Compute/locations/operations/read',
  // facts.md §b: the action is singular, the managed resources plural (the
  // managed doc's `runCommand/write` is in no provider-operations table).
  VirtualMachines_RunCommand:
    'Microsoft.Compute/virtualMachines/runCommand/action',
  VirtualMachineRunCommands_CreateOrUpdate:
    'Microsoft.Compute/virtualMachines/runCommands/write',
  VirtualMachineRunCommands_GetByVirtualMachine:
    'Microsoft.Compute/virtualMachines/runCommands/read',
  VirtualMachineRunCommands_ListByVirtualMachine:
    'Microsoft.Compute/virtualMachines/runCommands/read',
  VirtualMachineRunCommands_Delete:
    'Microsoft.Compute/virtualMachines/runCommands/delete',
  // facts.md §e.
  NetworkInterfaces_Get: 'Microsoft.Network/networkInterfaces/read',
  NetworkInterfaces_ListEffectiveNetworkSecurityGroups:
    'Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action',
  NetworkSecurityGroups_Get: 'Microsoft.Network/networkSecurityGroups/read',
  PublicIPAddresses_Get: 'Microsoft.Network/publicIPAddresses/read',
  // facts.md §e finds no action for the poll. The provider-operations list
  // has this one, "Gets operation result of an async POST or DELETE
  // operation" (its S14 copy), so the emulator checks it, at subscription
  // scope as Compute's poll.
  NetworkOperationResults_Get:
    'Microsoft.Network/locations/operationResults/read'
}

/**
 * The scope ARM names in AuthorizationFailed: the resource the request
 * addresses; for a list, the resource group or subscription it lists. A
 * subscription list needs the action at the subscription; the emulator
 * does not narrow it to the groups the caller may read (not verified
 * against Azure).
 */
export function scopeOf(target: ArmTarget): string {
  const subscription = `/subscriptions/${target.subscriptionId}`
  if (target.kind === 'vm-list') {
    return target.resourceGroup === undefined
      ? subscription
      : `${subscription}/resourceGroups/${target.resourceGroup}`
  }
  if (target.kind === 'poll') {
    return `${subscription}/providers/Microsoft.Compute/locations/${target.location}/operations/${target.id}`
  }
  if (target.kind === 'network-poll') {
    return `${subscription}/providers/Microsoft.Network/locations/${target.location}/operationResults/${target.id}`
  }
  if (target.kind === 'network') {
    const type = networkTypeOf[target.operationId]
    return `${subscription}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Network/${type}/${target.name}`
  }
  const vm = `${subscription}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${target.vmName}`
  if (target.kind === 'extension')
    return `${vm}/extensions/${target.extensionName}`
  if (target.kind === 'run-command')
    return `${vm}/runCommands/${target.runCommandName}`
  if (target.kind === 'run-command-list') return `${vm}/runCommands`
  return target.operationId === 'VirtualMachineExtensions_List'
    ? `${vm}/extensions`
    : vm
}

const networkTypeOf = {
  NetworkInterfaces_Get: 'networkInterfaces',
  NetworkInterfaces_ListEffectiveNetworkSecurityGroups: 'networkInterfaces',
  NetworkSecurityGroups_Get: 'networkSecurityGroups',
  PublicIPAddresses_Get: 'publicIPAddresses'
} as const

/**
 * True when RBAC lets the caller do `action` at `scope`: no assignments
 * modelled, or one whose scope is `scope` or a parent of it grants it. A
 * role assigned on a resource group does not reach a subscription-level
 * path such as /subscriptions/…/providers/Microsoft.Compute/locations/….
 */
export function isGranted(
  assignments: Scenario['roleAssignments'],
  caller: Caller,
  action: string,
  scope: string
): boolean {
  if (assignments === undefined) return true
  const path = scope.toLowerCase()
  return assignments.some(
    (a) =>
      (a.principalId === undefined ||
        a.principalId === caller.objectId ||
        a.principalId === caller.appId) &&
      (path === a.scope.toLowerCase() ||
        path.startsWith(`${a.scope.toLowerCase().replace(/\/$/, '')}/`)) &&
      a.actions.some((pattern) => matchesAction(pattern, action))
  )
}

// Azure RBAC's wildcard: '*' stands for any run of characters.
function matchesAction(pattern: string, action: string): boolean {
  const parts = pattern
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
  return new RegExp(`^${parts.join('.*')}$`, 'i').test(action)
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
