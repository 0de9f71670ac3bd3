// The Microsoft.Network paths the emulator serves
// (extended/network/virtualNetwork-2026-01-01.operations-extract.json), and
// the Location URL of the effective-NSG operation.

/** The Network operations, by spec operationId. */
export type NetworkOperationId =
  | 'NetworkInterfaces_Get'
  | 'NetworkInterfaces_ListEffectiveNetworkSecurityGroups'
  | 'NetworkSecurityGroups_Get'
  | 'PublicIPAddresses_Get'

/**
 * The Location URL of a Network long-running operation. Not in the spec
 * extract; the name is the emulator's (the RBAC action it needs is
 * `Microsoft.Network/locations/operationResults/read`).
 */
export type NetworkPollOperationId = 'NetworkOperationResults_Get'

/** A request matched to a Network operation. */
export type NetworkTarget =
  | {
      kind: 'network'
      operationId: NetworkOperationId
      subscriptionId: string
      resourceGroup: string
      /** The NIC, NSG or public IP the path names. */
      name: string
    }
  | {
      kind: 'network-poll'
      operationId: NetworkPollOperationId
      subscriptionId: string
      location: string
      id: string
    }

// ARM matches its fixed path segments case-insensitively.
const resourcePath =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/(networkInterfaces|networkSecurityGroups|publicIPAddresses)\/([^/]+)(\/effectiveNetworkSecurityGroups)?\/?$/i
const pollPath =
  /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Network\/locations\/([^/]+)\/operationResults\/([^/]+)\/?$/i

const getOperations: Record<string, NetworkOperationId> = {
  networkinterfaces: 'NetworkInterfaces_Get',
  networksecuritygroups: 'NetworkSecurityGroups_Get',
  publicipaddresses: 'PublicIPAddresses_Get'
}

/** Matches a Network request; undefined when it is none or its method is not served. */
export function matchNetworkRoute(
  method: string,
  pathname: string
): NetworkTarget | undefined {
  const poll = pollPath.exec(pathname)
  if (poll) {
    const [, subscriptionId = '', location = '', id = ''] = poll.map(decode)
    return method === 'GET'
      ? {
          kind: 'network-poll',
          operationId: 'NetworkOperationResults_Get',
          subscriptionId,
          location,
          id
        }
      : undefined
  }
  const match = resourcePath.exec(pathname)
  if (!match) return undefined
  const [, subscriptionId = '', resourceGroup = '', type = '', name = ''] =
    match.map(decode)
  const base = { kind: 'network', subscriptionId, resourceGroup, name } as const
  if (match[5] !== undefined) {
    return method === 'POST' && type.toLowerCase() === 'networkinterfaces'
      ? {
          ...base,
          operationId: 'NetworkInterfaces_ListEffectiveNetworkSecurityGroups'
        }
      : undefined
  }
  const operationId = getOperations[type.toLowerCase()]
  return method === 'GET' && operationId ? { ...base, operationId } : undefined
}

function decode(segment: string | undefined): string {
  return segment === undefined ? '' : decodeURIComponent(segment)
}
