// The long-running operations of Run Command and how each one ends: the
// action with its script; a managed PUT with its script, or as soon as the
// script starts with asyncExecution; a DELETE when the resource is gone.
import { randomUUID } from 'node:crypto'
import type {
  ManagedRunCommand,
  RunCommandExecution,
  RunCommandOperation
} from '../run-command-state.ts'
import { findVm, sameName, type World } from '../state.ts'
import {
  cancelExecution,
  isRunning,
  settleExecutions
} from './run-command-executions.ts'

/** Fields a handler supplies to start an operation. */
export type RunCommandOperationStart = Omit<
  RunCommandOperation,
  'id' | 'startedAtMs' | 'status'
>

const preempted = {
  code: 'OperationPreempted',
  message: 'Operation execution has been preempted by a more recent operation.'
}

/** Starts an operation. */
export function beginRunCommandOperation(
  world: World,
  start: RunCommandOperationStart,
  nowMs: number
): RunCommandOperation {
  const operation: RunCommandOperation = {
    ...start,
    id: randomUUID(),
    startedAtMs: nowMs,
    status: 'InProgress'
  }
  world.runCommands.operations.push(operation)
  return operation
}

/** The managed run command of a VM, by name ignoring case. */
export function findManagedRunCommand(
  world: World,
  target: { resourceGroup: string; vmName: string; runCommandName: string }
): ManagedRunCommand | undefined {
  return world.runCommands.resources.find(
    (r) =>
      sameName(r.resourceGroup, target.resourceGroup) &&
      sameName(r.vmName, target.vmName) &&
      sameName(r.name, target.runCommandName)
  )
}

/** The execution with this id. */
export function findExecution(
  world: World,
  id: string | undefined
): RunCommandExecution | undefined {
  return world.runCommands.executions.find((e) => e.id === id)
}

/**
 * Stops what a managed run command is doing before it is replaced or
 * deleted: its script is canceled, its PUT's operation preempted.
 */
export function stopManagedRunCommand(
  world: World,
  resource: ManagedRunCommand,
  nowMs: number
): void {
  const execution = findExecution(world, resource.executionId)
  if (execution) cancelExecution(execution, nowMs)
  for (const operation of world.runCommands.operations) {
    if (
      operation.status === 'InProgress' &&
      operation.kind === 'create-or-update' &&
      operation.executionId === resource.executionId
    ) {
      end(operation, nowMs, 'Canceled', preempted)
    }
  }
}

/** Ends every script and operation whose time has come. */
export function settleRunCommands(world: World, nowMs: number): void {
  settleExecutions(world, nowMs)
  for (const operation of world.runCommands.operations) {
    if (operation.status === 'InProgress')
      advanceOperation(world, operation, nowMs)
  }
}

function advanceOperation(
  world: World,
  operation: RunCommandOperation,
  nowMs: number
): void {
  const execution = findExecution(world, operation.executionId)
  switch (operation.kind) {
    case 'action':
      if (execution && !isRunning(execution)) {
        const at = execution.endedAtMs ?? nowMs
        if (execution.error) end(operation, at, 'Failed', execution.error)
        else end(operation, at, 'Succeeded')
      }
      return
    case 'create-or-update':
      if (execution) advanceProvisioning(world, operation, execution, nowMs)
      return
    case 'delete':
      if ((operation.dueAtMs ?? nowMs) <= nowMs) finishDelete(world, operation)
      return
  }
}

// provisioningState reflects the script only with asyncExecution false, and
// its failure only with treatFailureAsDeploymentFailure (facts.md §b).
function advanceProvisioning(
  world: World,
  operation: RunCommandOperation,
  execution: RunCommandExecution,
  nowMs: number
): void {
  const resource = world.runCommands.resources.find(
    (r) => r.executionId === execution.id
  )
  if (!resource) return end(operation, nowMs, 'Canceled', preempted)
  const agentReady =
    findVm(world, resource.resourceGroup, resource.vmName)?.agent.ready === true
  const async = resource.properties.asyncExecution === true
  if (async && agentReady) {
    resource.provisioningState = 'Succeeded'
    return end(operation, execution.startedAtMs, 'Succeeded')
  }
  if (isRunning(execution)) return
  const at = execution.endedAtMs ?? nowMs
  const error = execution.error ?? deploymentFailure(resource, execution)
  resource.provisioningState = error ? 'Failed' : 'Succeeded'
  if (error) end(operation, at, 'Failed', error)
  else end(operation, at, 'Succeeded')
}

// Approximation, not verified: the code and text a failed script gives a
// deployment that treats it as a failure.
function deploymentFailure(
  resource: ManagedRunCommand,
  execution: RunCommandExecution
): RunCommandOperation['error'] {
  if (resource.properties.treatFailureAsDeploymentFailure !== true)
    return undefined
  if (execution.executionState === 'Succeeded') return undefined
  const why =
    execution.executionState === 'TimedOut'
      ? 'the script timed out'
      : `the script exited with code ${execution.exitCode ?? 'unknown'}`
  return {
    code: 'VMExtensionProvisioningError',
    message: `VM has reported a failure when processing extension '${resource.name}': ${why}.`
  }
}

function finishDelete(world: World, operation: RunCommandOperation): void {
  const book = world.runCommands
  book.resources = book.resources.filter(
    (r) =>
      !(
        sameName(r.resourceGroup, operation.resourceGroup) &&
        sameName(r.vmName, operation.vmName) &&
        sameName(r.name, operation.runCommandName ?? '')
      )
  )
  end(operation, operation.dueAtMs ?? operation.startedAtMs, 'Succeeded')
}

function end(
  operation: RunCommandOperation,
  atMs: number,
  status: Exclude<RunCommandOperation['status'], 'InProgress'>,
  error?: RunCommandOperation['error']
): void {
  operation.status = status
  operation.endedAtMs = atMs
  if (error) operation.error = error
}
