import type { EmulatorRequest, Reply } from '../http-io.ts'
import { findResourceGroup, findVm, type VmState } from '../state.ts'
import { nicsOf } from '../network-state.ts'
import type { ArmContext } from './context.ts'
import { cloudError, resourceGroupNotFound, vmNotFound } from './errors.ts'
import { vmInstanceView, vmView } from './vm-view.ts'

/** The VM a request addresses, or the 404 ARM answers (resource group first). */
export function lookUpVm(
  context: ArmContext,
  target: { resourceGroup: string; vmName: string }
): { vm: VmState } | { reply: Reply } {
  if (!findResourceGroup(context.world, target.resourceGroup)) {
    return { reply: resourceGroupNotFound(target.resourceGroup) }
  }
  const vm = findVm(context.world, target.resourceGroup, target.vmName)
  return vm
    ? { vm }
    : { reply: vmNotFound(target.resourceGroup, target.vmName) }
}

// `$expand` on VirtualMachines_Get is an enum with modelAsString:false (operations-extract.json).
const vmExpandValues = ['instanceview', 'userdata', 'resiliencyview']

/**
 * VirtualMachines_Get, with and without `$expand=instanceView`
 * (example: spec/examples/VirtualMachine_Get.json).
 */
export function getVirtualMachine(
  context: ArmContext,
  target: { resourceGroup: string; vmName: string },
  req: EmulatorRequest
): Reply {
  const expand = req.url.searchParams.get('$expand')
  if (expand !== null && !vmExpandValues.includes(expand.toLowerCase())) {
    return cloudError(
      400,
      'InvalidParameter',
      'The value of parameter $expand is invalid.',
      { target: '$expand' }
    )
  }
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  const instanceView = expand?.toLowerCase() === 'instanceview'
  return {
    status: 200,
    body: vmView(context.world.scenario.subscription.id, found.vm, {
      instanceView,
      nics: nicsOf(context.world.network, found.vm.resourceGroup, found.vm.name)
    })
  }
}

/**
 * VirtualMachines_InstanceView (example: spec/examples/VirtualMachine_Get_InstanceView.json).
 */
export function getInstanceView(
  context: ArmContext,
  target: { resourceGroup: string; vmName: string }
): Reply {
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  return { status: 200, body: vmInstanceView(found.vm) }
}
