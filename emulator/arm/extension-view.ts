import type { ExtensionState, VmState } from '../state.ts'

/** The ARM id of a VM. */
export function vmResourceId(subscriptionId: string, vm: VmState): string {
  return (
    `/subscriptions/${subscriptionId}/resourceGroups/${vm.resourceGroup}` +
    `/providers/Microsoft.Compute/virtualMachines/${vm.name}`
  )
}

/**
 * `VirtualMachineExtension` as GET returns it (definitions-extract.json).
 * `protectedSettings` is write-only and never appears.
 */
export function extensionView(
  subscriptionId: string,
  vm: VmState,
  extension: ExtensionState,
  options: { instanceView: boolean }
): Record<string, unknown> {
  return {
    name: extension.name,
    id: `${vmResourceId(subscriptionId, vm)}/extensions/${extension.name}`,
    type: 'Microsoft.Compute/virtualMachines/extensions',
    location: vm.location,
    properties: {
      autoUpgradeMinorVersion: extension.autoUpgradeMinorVersion,
      ...(extension.forceUpdateTag !== undefined
        ? { forceUpdateTag: extension.forceUpdateTag }
        : {}),
      provisioningState: extension.provisioningState,
      publisher: extension.publisher,
      type: extension.type,
      typeHandlerVersion: extension.typeHandlerVersion,
      settings: extension.settings,
      ...(options.instanceView
        ? { instanceView: extensionInstanceView(extension) }
        : {})
    }
  }
}

/** `VirtualMachineExtensionInstanceView`: what the agent last reported. */
export function extensionInstanceView(
  extension: ExtensionState
): Record<string, unknown> {
  return {
    name: extension.name,
    type: `${extension.publisher}.${extension.type}`,
    typeHandlerVersion: extension.handlerVersion,
    ...(extension.substatuses.length > 0
      ? { substatuses: extension.substatuses }
      : {}),
    statuses: extension.statuses
  }
}
