import { headerValue, type EmulatorRequest, type Reply } from '../http-io.ts'
import { faultText, routeTo } from '../routing.ts'
import type { Route, ServiceDefinition } from '../server.ts'
import { authenticate, type ArmAuthConfig, type Caller } from './auth.ts'
import { actionFor, isDenied, isGranted, scopeOf } from './authorization.ts'
import { providerApiVersionProblem } from './api-versions.ts'
import { forRequest, type ArmContext } from './context.ts'
import { computeChargesFor } from './compute-policies.ts'
import { authorizationFailed, cloudError, codeForStatus } from './errors.ts'
import {
  deleteExtension,
  getExtension,
  listExtensions,
  putExtension
} from './extensions.ts'
import { respondToPoll, settleOperations } from './long-running.ts'
import {
  isNetworkPoll,
  respondToNetwork,
  respondToNetworkPoll
} from './network.ts'
import { requestIdHeaders } from './request-ids.ts'
import { respondToRunCommand } from './run-command-dispatch.ts'
import { settleRunCommands } from './run-command-operations.ts'
import {
  finalStateOperationId,
  respondToRunCommandPoll
} from './run-command-polls.ts'
import { matchArmRoute, type ArmTarget } from './routes.ts'
import { matchTenantRoute } from './tenant-routes.ts'
import { getInstanceView, getVirtualMachine } from './virtual-machines.ts'
import { listVirtualMachines } from './vm-list.ts'

/** Azure Resource Manager for the Microsoft.Compute and Microsoft.Network operations the action uses. */
export function armService(
  context: ArmContext,
  auth: ArmAuthConfig
): ServiceDefinition {
  return {
    service: 'arm',
    route: (req): Route =>
      matchTenantRoute(context, auth, req) ??
      routeTo(
        req,
        matchArmRoute(req.method, req.url),
        (target, r) => respond(context, auth, target, r),
        cloudError
      ),
    frontDoorHeaders: requestIdHeaders,
    renderFault: (fault) => {
      const { code, message } = faultText(fault, codeForStatus)
      return cloudError(
        fault.status,
        code,
        message,
        fault.retryAfterSeconds === undefined
          ? {}
          : { headers: { 'Retry-After': String(fault.retryAfterSeconds) } }
      )
    },
    inspect: (route, req, reply) =>
      checkReply(context, route.operationId, reply, req.url)
  }
}

/**
 * Front door order: authentication, ARM's throttle, api-version,
 * authorization, subscription, Compute's throttle, then the operation. Every
 * answer past the front door carries the budgets it left.
 */
async function respond(
  context: ArmContext,
  auth: ArmAuthConfig,
  target: ArmTarget,
  req: EmulatorRequest
): Promise<Reply> {
  const authenticated = await authenticate(
    headerValue(req.headers, 'authorization'),
    auth
  )
  if (!authenticated.ok) return authenticated.reply
  const { caller } = authenticated
  const admitted = context.throttle.admitToArm(
    target.subscriptionId,
    caller,
    req.method,
    context.now()
  )
  if (!admitted.ok) return admitted.reply
  return withHeaders(
    admitted.headers,
    refusal(context, caller, target, req) ?? computeReply(context, target, req)
  )
}

/** What Compute answers once ARM lets the request through. */
function computeReply(
  context: ArmContext,
  target: ArmTarget,
  req: EmulatorRequest
): Reply {
  const admitted = context.throttle.admitToCompute(
    computeChargesFor(target, context.world),
    context.now()
  )
  if (!admitted.ok) return admitted.reply
  settleOperations(context.world, context.now())
  settleRunCommands(context.world, context.now())
  return withHeaders(
    admitted.headers,
    dispatch(forRequest(context, req.url), target, req)
  )
}

/** ARM's own refusals: the api-version, RBAC, an unknown subscription. */
function refusal(
  context: ArmContext,
  caller: Caller,
  target: ArmTarget,
  req: EmulatorRequest
): Reply | undefined {
  const versionProblem = providerApiVersionProblem(
    req.url,
    context.world.scenario
  )
  if (versionProblem) return versionProblem
  const action = actionFor[target.operationId]
  const scope = scopeOf(target)
  const { scenario } = context.world
  if (
    isDenied(scenario.deniedActions, caller, action, scope) ||
    !isGranted(scenario.roleAssignments, caller, action, scope)
  ) {
    return authorizationFailed(caller, action, scope)
  }
  if (
    target.subscriptionId.toLowerCase() !==
    scenario.subscription.id.toLowerCase()
  ) {
    return cloudError(
      404,
      'SubscriptionNotFound',
      `The subscription '${target.subscriptionId}' could not be found.`
    )
  }
  return undefined
}

function withHeaders(headers: Record<string, string>, reply: Reply): Reply {
  return Object.keys(headers).length === 0
    ? reply
    : { ...reply, headers: { ...headers, ...reply.headers } }
}

function dispatch(
  context: ArmContext,
  target: ArmTarget,
  req: EmulatorRequest
): Reply {
  switch (target.kind) {
    case 'poll':
      return (
        respondToRunCommandPoll(context, target) ??
        respondToPoll(context, target)
      )
    case 'vm-list':
      return listVirtualMachines(context, target, req)
    case 'vm':
      if (target.operationId === 'VirtualMachines_Get')
        return getVirtualMachine(context, target, req)
      if (target.operationId === 'VirtualMachines_InstanceView')
        return getInstanceView(context, target)
      return listExtensions(context, target, req)
    case 'extension':
      if (target.operationId === 'VirtualMachineExtensions_Get')
        return getExtension(context, target, req)
      if (target.operationId === 'VirtualMachineExtensions_CreateOrUpdate')
        return putExtension(context, target, req)
      return deleteExtension(context, target)
    case 'run-command-action':
    case 'run-command':
    case 'run-command-list':
      return respondToRunCommand(context, target, req)
    case 'network':
      return respondToNetwork(context, target)
    case 'network-poll':
      return respondToNetworkPoll(context, target)
  }
}

/**
 * Validates every reply against the spec. The Location polls are not in the
 * extract; their final 200 follows the operation's final-state-schema: the
 * extension for an extension PUT, Run Command's own for its operations, the
 * effective-NSG list for Network's.
 */
function checkReply(
  context: ArmContext,
  operationId: string | undefined,
  reply: Reply,
  url: URL
): void {
  if (operationId === undefined) return
  const checked =
    reply.status !== 200
      ? operationId
      : operationId === 'Operations_Monitor'
        ? (finalStateOperationId(context.world, url) ??
          'VirtualMachineExtensions_Get')
        : operationId === 'NetworkOperationResults_Get' && isNetworkPoll(url)
          ? 'NetworkInterfaces_ListEffectiveNetworkSecurityGroups'
          : operationId
  if (!context.contract.declares(checked)) return
  for (const problem of context.contract.checkResponse(
    checked,
    reply.status,
    reply.body
  )) {
    context.recordViolation(
      `${operationId} ${reply.status} response: ${problem}`
    )
  }
}
