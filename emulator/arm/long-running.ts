import { randomUUID } from 'node:crypto'
import type { Reply } from '../http-io.ts'
import { findExtension, findVm, type Operation, type World } from '../state.ts'
import type { ArmContext } from './context.ts'
import { cloudError } from './errors.ts'
import { extensionView } from './extension-view.ts'
import { completeOperation } from './operation-outcome.ts'
import type { ArmTarget } from './routes.ts'

/** Fields a handler supplies to start a long-running operation. */
export type OperationStart = Pick<
  Operation,
  | 'kind'
  | 'resourceGroup'
  | 'vmName'
  | 'extensionName'
  | 'location'
  | 'vmAccess'
  | 'handlerSkipped'
> & { durationMs: number | undefined }

/**
 * Starts an operation. Compute runs one extension operation per VM at a time:
 * a newer one preempts any still in progress, which ends Canceled.
 */
export function beginOperation(
  world: World,
  start: OperationStart,
  nowMs: number
): Operation {
  for (const running of world.operations) {
    if (
      running.status === 'InProgress' &&
      running.vmName === start.vmName &&
      running.resourceGroup === start.resourceGroup
    ) {
      running.status = 'Canceled'
      running.endedAtMs = nowMs
      running.error = {
        code: 'OperationPreempted',
        message:
          'Operation execution has been preempted by a more recent operation.'
      }
    }
  }
  const { durationMs, ...fields } = start
  const operation: Operation = {
    ...fields,
    id: randomUUID(),
    startedAtMs: nowMs,
    dueAtMs: durationMs === undefined ? undefined : nowMs + durationMs,
    status: 'InProgress'
  }
  world.operations.push(operation)
  return operation
}

/**
 * Ends a VM's operations still in progress now (those that would never end
 * too), as the guest would end them; a held VM is released for good.
 */
export function finishOperationsNow(
  world: World,
  resourceGroup: string,
  vmName: string,
  nowMs: number
): void {
  const vm = findVm(world, resourceGroup, vmName)
  if (!vm) throw new Error(`no VM ${resourceGroup}/${vmName}`)
  for (const operation of world.operations) {
    if (
      operation.status === 'InProgress' &&
      operation.vmName.toLowerCase() === vmName.toLowerCase() &&
      operation.resourceGroup.toLowerCase() === resourceGroup.toLowerCase()
    ) {
      operation.dueAtMs = nowMs
    }
  }
  settleOperations(world, nowMs)
  if (vm.extensionRun.outcome === 'held')
    vm.extensionRun = { outcome: 'succeeds' }
}

/** Ends every operation whose time has come, oldest first, applying its effects. */
export function settleOperations(world: World, nowMs: number): void {
  const due = world.operations
    .filter(
      (o) =>
        o.status === 'InProgress' &&
        o.dueAtMs !== undefined &&
        o.dueAtMs <= nowMs
    )
    .sort((a, b) => (a.dueAtMs ?? 0) - (b.dueAtMs ?? 0))
  // An operation ends when it was due, however late the next request settles it.
  for (const operation of due) {
    completeOperation(world, operation, operation.dueAtMs ?? nowMs)
  }
}

/**
 * The polling headers Compute sends on 201/202: Azure-AsyncOperation (preferred
 * by core-lro), Location (`monitor=true`) and Retry-After in whole seconds.
 */
export function pollingHeaders(
  context: ArmContext,
  operation: Operation
): Record<string, string> {
  const url =
    `${context.armUrl()}/subscriptions/${context.world.scenario.subscription.id}` +
    `/providers/Microsoft.Compute/locations/${operation.location}/operations/${operation.id}`
  return {
    // The version the client used, as Compute's own URLs carry it.
    'Azure-AsyncOperation': `${url}?api-version=${context.apiVersion}`,
    Location: `${url}?monitor=true&api-version=${context.apiVersion}`,
    ...retryAfterHeader(context)
  }
}

// Compute often sends no Retry-After at all; 0 reproduces that, so clients
// fall back on their own poll interval.
function retryAfterHeader(context: ArmContext): Record<string, string> {
  return context.retryAfterSeconds > 0
    ? { 'Retry-After': String(context.retryAfterSeconds) }
    : {}
}

/** Operations_Get (Azure-AsyncOperation URL) and Operations_Monitor (Location URL). */
export function respondToPoll(
  context: ArmContext,
  target: Extract<ArmTarget, { kind: 'poll' }>
): Reply {
  const operation = context.world.operations.find((o) => o.id === target.id)
  if (!operation) {
    return cloudError(
      404,
      'NotFound',
      `The operation '${target.id}' was not found.`
    )
  }
  const retryAfter = retryAfterHeader(context)
  if (target.operationId === 'Operations_Get') {
    return {
      status: 200,
      ...(operation.status === 'InProgress' ? { headers: retryAfter } : {}),
      body: operationStatus(operation)
    }
  }
  return monitorReply(context, operation, retryAfter)
}

/** Compute's operation status body (Azure-AsyncOperation), for any of its long-running operations. */
export function operationStatus(
  operation: Pick<
    Operation,
    'startedAtMs' | 'endedAtMs' | 'status' | 'error' | 'id'
  >
): Record<string, unknown> {
  return {
    startTime: new Date(operation.startedAtMs).toISOString(),
    ...(operation.endedAtMs !== undefined
      ? { endTime: new Date(operation.endedAtMs).toISOString() }
      : {}),
    status: operation.status,
    ...(operation.error ? { error: operation.error } : {}),
    name: operation.id
  }
}

/**
 * The Location URL: 202 while running; when done, the final extension (PUT)
 * or 204 (DELETE); a failed or canceled operation answers its error.
 */
function monitorReply(
  context: ArmContext,
  operation: Operation,
  retryAfter: Record<string, string>
): Reply {
  if (operation.status === 'InProgress') {
    return {
      status: 202,
      headers: {
        Location: pollingHeaders(context, operation).Location ?? '',
        ...retryAfter
      }
    }
  }
  if (operation.error) {
    return cloudError(
      operation.status === 'Canceled' ? 409 : 400,
      operation.error.code,
      operation.error.message
    )
  }
  if (operation.kind === 'delete') return { status: 204 }
  const vm = findVm(context.world, operation.resourceGroup, operation.vmName)
  const extension = vm && findExtension(vm, operation.extensionName)
  if (!vm || !extension)
    return cloudError(
      404,
      'NotFound',
      'The entity was not found in this Azure location.'
    )
  return {
    status: 200,
    body: extensionView(context.world.scenario.subscription.id, vm, extension, {
      instanceView: false
    })
  }
}
