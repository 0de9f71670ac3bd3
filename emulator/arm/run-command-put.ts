import { isRecord, type EmulatorRequest, type Reply } from '../http-io.ts'
import type { ManagedRunCommand } from '../run-command-state.ts'
import { sameName, type VmState } from '../state.ts'
import type { ArmContext } from './context.ts'
import { cloudError } from './errors.ts'
import { refuseScript, startExecution } from './run-command-executions.ts'
import {
  beginRunCommandOperation,
  findManagedRunCommand,
  stopManagedRunCommand
} from './run-command-operations.ts'
import { runCommandPollingHeaders } from './run-command-polls.ts'
import {
  managedScriptRequest,
  publicProperties,
  readRunCommandBody
} from './run-command-request.ts'
import type { RunCommandTarget } from './run-command-routes.ts'
import { managedRunCommandView } from './run-command-view.ts'
import { lookUpVm } from './virtual-machines.ts'

type ManagedTarget = Extract<RunCommandTarget, { kind: 'run-command' }>

/** "Currently limited to 25" managed run commands per VM (run-command-overview.md, facts.md §b). */
export const maxRunCommandsPerVm = 25

/**
 * VirtualMachineRunCommands_CreateOrUpdate (example:
 * VirtualMachineRunCommand_CreateOrUpdate.2025-11-01.json): 201 Creating or
 * 200 Updating, with Location; the script starts at once. A PUT on a run
 * command whose script still runs cancels that script (an approximation).
 */
export function putRunCommand(
  context: ArmContext,
  target: ManagedTarget,
  req: EmulatorRequest
): Reply {
  const read = readRunCommandBody(context, target.operationId, req)
  if ('reply' in read) return read.reply
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  const { world } = context
  const { vm } = found
  const existing = findManagedRunCommand(world, target)
  const full = countOn(vm, world.runCommands.resources) >= maxRunCommandsPerVm
  if (!existing && full) return tooManyRunCommands(vm)
  const now = context.now()
  const refusal = refuseScript(world, vm, 'managed', now)
  if (refusal) return refusal
  if (existing) stopManagedRunCommand(world, existing, now)
  const resource = startRunCommand(context, vm, read.body, {
    name: existing?.name ?? target.runCommandName,
    isUpdate: existing !== undefined
  })
  world.runCommands.resources = existing
    ? world.runCommands.resources.map((r) => (r === existing ? resource : r))
    : [...world.runCommands.resources, resource]
  const operation = beginRunCommandOperation(
    world,
    {
      kind: 'create-or-update',
      resourceGroup: vm.resourceGroup,
      vmName: vm.name,
      location: vm.location,
      apiVersion: context.apiVersion,
      runCommandName: resource.name,
      executionId: resource.executionId
    },
    now
  )
  return {
    status: existing ? 200 : 201,
    headers: runCommandPollingHeaders(context, operation),
    body: managedRunCommandView(
      world.scenario.subscription.id,
      vm,
      resource,
      undefined,
      { instanceView: false }
    )
  }
}

// Starts the script and returns the resource as it now stands.
function startRunCommand(
  context: ArmContext,
  vm: VmState,
  body: Record<string, unknown>,
  options: { name: string; isUpdate: boolean }
): ManagedRunCommand {
  const properties = isRecord(body.properties) ? body.properties : {}
  const execution = startExecution(
    context.world,
    vm,
    managedScriptRequest(options.name, properties),
    context.now()
  )
  return {
    name: options.name,
    resourceGroup: vm.resourceGroup,
    vmName: vm.name,
    // A run command lives in its VM's region, whatever spelling the body used.
    location: vm.location,
    ...tagsOf(body.tags),
    properties: publicProperties(properties),
    provisioningState: options.isUpdate ? 'Updating' : 'Creating',
    executionId: execution.id
  }
}

function countOn(vm: VmState, resources: readonly ManagedRunCommand[]): number {
  return resources.filter(
    (r) =>
      sameName(r.resourceGroup, vm.resourceGroup) && sameName(r.vmName, vm.name)
  ).length
}

// Approximation: the limit is documented, the error Azure gives is not.
function tooManyRunCommands(vm: VmState): Reply {
  return cloudError(
    409,
    'OperationNotAllowed',
    `VM '${vm.name}' already has ${maxRunCommandsPerVm} run commands, the most a VM can have. ` +
      'Delete one before creating another.'
  )
}

function tagsOf(value: unknown): { tags?: Record<string, string> } {
  if (!isRecord(value)) return {}
  return {
    tags: Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, String(v)])
    )
  }
}
