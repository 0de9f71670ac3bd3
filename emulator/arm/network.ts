// Microsoft.Network: the three reads and the effective-NSG POST
// (extended/network/virtualNetwork-2026-01-01.operations-extract.json), and
// the Location poll of that POST.
import { randomUUID } from 'node:crypto'
import type { Reply } from '../http-io.ts'
import { findIn, type NetworkOperation } from '../network-state.ts'
import { findResourceGroup } from '../state.ts'
import type { ArmContext } from './context.ts'
import { cloudError, resourceGroupNotFound } from './errors.ts'
import { effectiveSecurityGroups } from './effective-security-groups.ts'
import type { NetworkTarget } from './network-routes.ts'
import { nicView, nsgView, publicIpView } from './network-views.ts'

type ResourceTarget = Extract<NetworkTarget, { kind: 'network' }>
type PollTarget = Extract<NetworkTarget, { kind: 'network-poll' }>

const typeOf: Record<ResourceTarget['operationId'], string> = {
  NetworkInterfaces_Get: 'networkInterfaces',
  NetworkInterfaces_ListEffectiveNetworkSecurityGroups: 'networkInterfaces',
  NetworkSecurityGroups_Get: 'networkSecurityGroups',
  PublicIPAddresses_Get: 'publicIPAddresses'
}

/**
 * NetworkInterfaces_Get (example NetworkInterfaceGet.2025-03-01.json),
 * NetworkSecurityGroups_Get (NetworkSecurityGroupGet.json),
 * PublicIPAddresses_Get (PublicIpAddressGet.json) and the start of
 * NetworkInterfaces_ListEffectiveNetworkSecurityGroups. `$expand` is
 * accepted and changes nothing: the references stay ids.
 */
export function respondToNetwork(
  context: ArmContext,
  target: ResourceTarget
): Reply {
  const { world } = context
  if (!findResourceGroup(world, target.resourceGroup))
    return resourceGroupNotFound(target.resourceGroup)
  const subscriptionId = world.scenario.subscription.id
  const { network } = world
  const notFound = (): Reply =>
    networkResourceNotFound(
      typeOf[target.operationId],
      target.resourceGroup,
      target.name
    )
  switch (target.operationId) {
    case 'NetworkInterfaces_Get': {
      const nic = findIn(network.nics, target.resourceGroup, target.name)
      return nic ? ok(nicView(subscriptionId, nic)) : notFound()
    }
    case 'NetworkSecurityGroups_Get': {
      const nsg = findIn(network.nsgs, target.resourceGroup, target.name)
      return nsg ? ok(nsgView(subscriptionId, nsg)) : notFound()
    }
    case 'PublicIPAddresses_Get': {
      const pip = findIn(network.publicIps, target.resourceGroup, target.name)
      return pip ? ok(publicIpView(world, pip)) : notFound()
    }
    case 'NetworkInterfaces_ListEffectiveNetworkSecurityGroups': {
      const nic = findIn(network.nics, target.resourceGroup, target.name)
      return nic ? beginEffective(context, nic) : notFound()
    }
  }
}

/**
 * The POST is long-running: 202 with Location (`…/locations/{l}/operationResults/{id}`,
 * as Network answers) and Retry-After, the only headers the spec declares.
 * The groups are read when the Location is polled, and the operation is
 * done by the first poll. Azure's answer for the NIC of a VM that is not
 * running is not in the shared facts, so it is answered like any other.
 */
function beginEffective(
  context: ArmContext,
  nic: { resourceGroup: string; name: string; location: string }
): Reply {
  const operation: NetworkOperation = {
    id: randomUUID(),
    location: nic.location,
    resourceGroup: nic.resourceGroup,
    nicName: nic.name,
    apiVersion: context.apiVersion
  }
  context.world.network.operations.push(operation)
  return { status: 202, headers: pollingHeaders(context, operation) }
}

function pollingHeaders(
  context: ArmContext,
  operation: NetworkOperation
): Record<string, string> {
  const url =
    `${context.armUrl()}/subscriptions/${context.world.scenario.subscription.id}` +
    `/providers/Microsoft.Network/locations/${operation.location}/operationResults/${operation.id}`
  return {
    Location: `${url}?api-version=${operation.apiVersion}`,
    ...(context.retryAfterSeconds > 0
      ? { 'Retry-After': String(context.retryAfterSeconds) }
      : {})
  }
}

/** The Location URL: final-state-via location, so the effective list itself. */
export function respondToNetworkPoll(
  context: ArmContext,
  target: PollTarget
): Reply {
  const { network, scenario } = context.world
  const operation = network.operations.find((o) => o.id === target.id)
  if (!operation) {
    return cloudError(
      404,
      'NotFound',
      `The operation '${target.id}' was not found.`
    )
  }
  const nic = findIn(network.nics, operation.resourceGroup, operation.nicName)
  if (!nic)
    return networkResourceNotFound(
      'networkInterfaces',
      operation.resourceGroup,
      operation.nicName
    )
  return ok({
    value: effectiveSecurityGroups(scenario.subscription.id, network, nic)
  })
}

/** True when `url` is the Location of an effective-NSG operation (its final 200 is that operation's). */
export function isNetworkPoll(url: URL): boolean {
  return /\/providers\/Microsoft\.Network\/locations\/[^/]+\/operationResults\//i.test(
    url.pathname
  )
}

function ok(body: Record<string, unknown>): Reply {
  return { status: 200, body }
}

/** ARM's 404 for a missing resource in an existing group. */
function networkResourceNotFound(
  type: string,
  resourceGroup: string,
  name: string
): Reply {
  return cloudError(
    404,
    'ResourceNotFound',
    `The Resource 'Microsoft.Network/${type}/${name}' under resource group ` +
      `'${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
  )
}
