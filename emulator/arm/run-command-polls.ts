// The Location URL of a Run Command operation, and what it answers. The spec
// declares only Location and Retry-After on these 201/202 answers (extended
// README "Long-running operations"), so no Azure-AsyncOperation is sent:
// the SDK polls Location until it stops answering 202.
import type { Reply } from '../http-io.ts'
import type { RunCommandOperation } from '../run-command-state.ts'
import { findVm, type World } from '../state.ts'
import type { ArmContext } from './context.ts'
import { childNotFound, cloudError } from './errors.ts'
import {
  findExecution,
  findManagedRunCommand
} from './run-command-operations.ts'
import {
  managedRunCommandView,
  runCommandResultView
} from './run-command-view.ts'
import { operationStatus } from './long-running.ts'

/** A poll of a long-running operation (Operations_Get or Operations_Monitor). */
export interface PollTarget {
  operationId: 'Operations_Get' | 'Operations_Monitor'
  id: string
}

/** Location (the `monitor=true` URL Compute uses) and Retry-After. */
export function runCommandPollingHeaders(
  context: ArmContext,
  operation: RunCommandOperation
): Record<string, string> {
  const url =
    `${context.armUrl()}/subscriptions/${context.world.scenario.subscription.id}` +
    `/providers/Microsoft.Compute/locations/${operation.location}/operations/${operation.id}`
  return {
    Location: `${url}?monitor=true&api-version=${operation.apiVersion}`,
    ...(context.retryAfterSeconds > 0
      ? { 'Retry-After': String(context.retryAfterSeconds) }
      : {})
  }
}

/** The answer to a poll of a Run Command operation; undefined when the id is not one. */
export function respondToRunCommandPoll(
  context: ArmContext,
  target: PollTarget
): Reply | undefined {
  const operation = context.world.runCommands.operations.find(
    (o) => o.id === target.id
  )
  if (!operation) return undefined
  const headers = runCommandPollingHeaders(context, operation)
  if (target.operationId === 'Operations_Get') {
    const { Location: _location, ...retryAfter } = headers
    return {
      status: 200,
      ...(operation.status === 'InProgress' ? { headers: retryAfter } : {}),
      body: operationStatus(operation)
    }
  }
  if (operation.status === 'InProgress') return { status: 202, headers }
  if (operation.error) {
    return cloudError(
      operation.status === 'Canceled' ? 409 : 400,
      operation.error.code,
      operation.error.message
    )
  }
  return finalReply(context, operation)
}

/**
 * The operation whose 200 schema a Location URL's final answer follows
 * (final-state-schema), for the contract check; undefined when `url` is
 * not a Run Command operation's.
 */
export function finalStateOperationId(
  world: World,
  url: URL
): string | undefined {
  const id = decodeURIComponent(
    url.pathname.replace(/\/$/, '').split('/').at(-1) ?? ''
  )
  const operation = world.runCommands.operations.find((o) => o.id === id)
  if (!operation) return undefined
  return {
    action: 'VirtualMachines_RunCommand',
    'create-or-update': 'VirtualMachineRunCommands_GetByVirtualMachine',
    delete: 'VirtualMachineRunCommands_Delete'
  }[operation.kind]
}

// final-state-via location: the action's RunCommandResult, the run command
// (without instanceView, as a plain GET), or an empty 200 for a delete.
function finalReply(
  context: ArmContext,
  operation: RunCommandOperation
): Reply {
  const { world } = context
  if (operation.kind === 'delete') return { status: 200 }
  const execution = findExecution(world, operation.executionId)
  if (operation.kind === 'action') {
    return execution
      ? { status: 200, body: runCommandResultView(execution) }
      : childNotFound()
  }
  const vm = findVm(world, operation.resourceGroup, operation.vmName)
  const resource = findManagedRunCommand(world, {
    resourceGroup: operation.resourceGroup,
    vmName: operation.vmName,
    runCommandName: operation.runCommandName ?? ''
  })
  if (!vm || !resource) return childNotFound()
  return {
    status: 200,
    body: managedRunCommandView(
      world.scenario.subscription.id,
      vm,
      resource,
      execution,
      { instanceView: false }
    )
  }
}
