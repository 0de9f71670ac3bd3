import type { EmulatorRequest, Reply } from '../http-io.ts'
import { sameName, type VmState } from '../state.ts'
import type { ArmContext } from './context.ts'
import { cloudError, vmNotRunning } from './errors.ts'
import { wantsInstanceView } from './extensions.ts'
import { pageOf } from './paging.ts'
import {
  beginRunCommandOperation,
  findExecution,
  findManagedRunCommand,
  stopManagedRunCommand
} from './run-command-operations.ts'
import { runCommandPollingHeaders } from './run-command-polls.ts'
import type { RunCommandTarget } from './run-command-routes.ts'
import { managedRunCommandView } from './run-command-view.ts'
import { lookUpVm } from './virtual-machines.ts'

type ManagedTarget = Extract<RunCommandTarget, { kind: 'run-command' }>

/**
 * VirtualMachineRunCommands_GetByVirtualMachine (example:
 * VirtualMachineRunCommand_Get.2024-11-01.json): the output, exit code and
 * execution state only with `$expand=instanceView`.
 */
export function getRunCommand(
  context: ArmContext,
  target: ManagedTarget,
  req: EmulatorRequest
): Reply {
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  const resource = findManagedRunCommand(context.world, target)
  if (!resource) return runCommandNotFound(found.vm, target.runCommandName)
  return {
    status: 200,
    body: managedRunCommandView(
      context.world.scenario.subscription.id,
      found.vm,
      resource,
      findExecution(context.world, resource.executionId),
      { instanceView: wantsInstanceView(req) }
    )
  }
}

/**
 * VirtualMachineRunCommands_ListByVirtualMachine (example:
 * VirtualMachineRunCommand_List.json), paged like the VM lists, oldest first.
 */
export function listRunCommands(
  context: ArmContext,
  target: { resourceGroup: string; vmName: string },
  req: EmulatorRequest
): Reply {
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  const { world } = context
  const { vm } = found
  const resources = world.runCommands.resources.filter(
    (r) =>
      sameName(r.resourceGroup, vm.resourceGroup) && sameName(r.vmName, vm.name)
  )
  const page = pageOf(resources, req, context.armUrl(), context.listPageSize)
  if ('reply' in page) return page.reply
  const instanceView = wantsInstanceView(req)
  return {
    status: 200,
    body: {
      value: page.items.map((r) =>
        managedRunCommandView(
          world.scenario.subscription.id,
          vm,
          r,
          findExecution(world, r.executionId),
          { instanceView }
        )
      ),
      ...(page.nextLink ? { nextLink: page.nextLink } : {})
    }
  }
}

/**
 * VirtualMachineRunCommands_Delete (example:
 * VirtualMachineRunCommand_Delete.2024-11-01.json): 202 with Location, or 204
 * when there is none. A script still running is terminated (facts.md §b).
 */
export function deleteRunCommand(
  context: ArmContext,
  target: ManagedTarget
): Reply {
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  const { world } = context
  const resource = findManagedRunCommand(world, target)
  if (!resource) return { status: 204 }
  // Run commands are extensions underneath; Compute treats them alike.
  if (found.vm.powerState !== 'running') return vmNotRunning()
  const now = context.now()
  stopManagedRunCommand(world, resource, now)
  resource.provisioningState = 'Deleting'
  const operation = beginRunCommandOperation(
    world,
    {
      kind: 'delete',
      resourceGroup: resource.resourceGroup,
      vmName: resource.vmName,
      location: resource.location,
      apiVersion: context.apiVersion,
      runCommandName: resource.name,
      dueAtMs: now
    },
    now
  )
  return { status: 202, headers: runCommandPollingHeaders(context, operation) }
}

/** ARM's 404 for a run command that does not exist. */
function runCommandNotFound(vm: VmState, name: string): Reply {
  return cloudError(
    404,
    'ResourceNotFound',
    `The Resource 'Microsoft.Compute/virtualMachines/${vm.name}/runCommands/${name}' under resource group ` +
      `'${vm.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
  )
}
