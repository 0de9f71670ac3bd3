import { nicsOf } from '../network-state.ts'
import type { EmulatorRequest, Reply } from '../http-io.ts'
import { findResourceGroup, type VmState } from '../state.ts'
import type { ArmContext } from './context.ts'
import { cloudError, resourceGroupNotFound } from './errors.ts'
import { pageOf } from './paging.ts'
import type { ArmTarget } from './routes.ts'
import { vmView } from './vm-view.ts'

type VmListTarget = Extract<ArmTarget, { kind: 'vm-list' }>

// Declared by the spec but not played: no scale sets exist here, and the
// action never asks for run-time status in a list.
const unsupportedQuery = ['$filter', '$expand', 'statusOnly']

/**
 * VirtualMachines_List (a resource group) and VirtualMachines_ListAll (the
 * subscription), `listPageSize` VMs a page in scenario order, each as
 * VirtualMachines_Get shows it without instanceView
 * (example: extended/examples/compute/VirtualMachine_ListAll_MinimumSet_Gen.json).
 */
export function listVirtualMachines(
  context: ArmContext,
  target: VmListTarget,
  req: EmulatorRequest
): Reply {
  const unsupported = unsupportedQuery.find((name) =>
    req.url.searchParams.has(name)
  )
  if (unsupported !== undefined) {
    return cloudError(
      400,
      'InvalidParameter',
      `The emulator does not implement ${unsupported} on ${target.operationId}.`,
      { target: unsupported }
    )
  }
  const listed = vmsListed(context, target)
  if ('reply' in listed) return listed.reply
  const page = pageOf(listed.vms, req, context.armUrl(), context.listPageSize)
  if ('reply' in page) return page.reply
  const subscriptionId = context.world.scenario.subscription.id
  return {
    status: 200,
    body: {
      value: page.items.map((vm) =>
        vmView(subscriptionId, vm, {
          instanceView: false,
          nics: nicsOf(context.world.network, vm.resourceGroup, vm.name)
        })
      ),
      ...(page.nextLink ? { nextLink: page.nextLink } : {})
    }
  }
}

function vmsListed(
  context: ArmContext,
  target: VmListTarget
): { vms: VmState[] } | { reply: Reply } {
  const { resourceGroup } = target
  if (resourceGroup === undefined)
    return { vms: context.world.resourceGroups.flatMap((rg) => rg.vms) }
  const group = findResourceGroup(context.world, resourceGroup)
  return group
    ? { vms: group.vms }
    : { reply: resourceGroupNotFound(resourceGroup) }
}
