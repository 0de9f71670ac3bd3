// Reads what stands between the internet and a VM's RDP port: each NIC,
// its public IP and its effective security rules, through the Azure SDK
// for Microsoft.Network. Read-only; a read Azure refuses becomes a reason.
import type {
  EffectiveNetworkSecurityGroup,
  NetworkManagementClient
} from '@azure/arm-network'
import { clip, oneLine } from '../markup.ts'
import { submit, waitFor } from '../vm-access/lro.ts'

/** The slice of the Network SDK diagnose reads. */
export type NetworkApi = Pick<
  NetworkManagementClient,
  'networkInterfaces' | 'publicIPAddresses'
>

/** A public IP as diagnose reports it. */
export interface PublicIpView {
  name: string
  address?: string
  sku?: string
  allocation?: string
}

/** One NIC: its addresses, and its effective rules or why they are unknown. */
export interface NicView {
  name: string
  resourceGroup: string
  primary: boolean
  privateIp?: string
  /** Absent: the NIC has no public IP. */
  publicIp?: PublicIpView | { unknown: string }
  effective: EffectiveNetworkSecurityGroup[] | { unknown: string }
}

/** Reads every NIC the VM names; a NIC that cannot be read is a reason. */
export async function readNics(
  network: NetworkApi,
  nicIds: readonly string[],
  signal: AbortSignal
): Promise<(NicView | { id: string; unknown: string })[]> {
  return Promise.all(
    nicIds.map((id) =>
      readNic(network, id, signal).catch((error: unknown) => ({
        id,
        unknown: reasonOf(error, 'Microsoft.Network/networkInterfaces/read')
      }))
    )
  )
}

async function readNic(
  network: NetworkApi,
  id: string,
  signal: AbortSignal
): Promise<NicView> {
  const { resourceGroup, name } = parseId(id)
  const nic = await network.networkInterfaces.get(resourceGroup, name, {
    abortSignal: signal
  })
  const config =
    nic.ipConfigurations?.find((c) => c.primary) ?? nic.ipConfigurations?.[0]
  const publicIpId = config?.publicIPAddress?.id
  const [publicIp, effective] = await Promise.all([
    publicIpId ? readPublicIp(network, publicIpId, signal) : undefined,
    readEffective(network, resourceGroup, name, signal)
  ])
  return {
    name,
    resourceGroup,
    primary: nic.primary ?? true,
    ...(config?.privateIPAddress ? { privateIp: config.privateIPAddress } : {}),
    ...(publicIp ? { publicIp } : {}),
    effective
  }
}

async function readPublicIp(
  network: NetworkApi,
  id: string,
  signal: AbortSignal
): Promise<PublicIpView | { unknown: string }> {
  const { resourceGroup, name } = parseId(id)
  try {
    const ip = await network.publicIPAddresses.get(resourceGroup, name, {
      abortSignal: signal
    })
    return {
      name,
      ...(ip.ipAddress ? { address: ip.ipAddress } : {}),
      ...(ip.sku?.name ? { sku: ip.sku.name } : {}),
      ...(ip.publicIPAllocationMethod
        ? { allocation: ip.publicIPAllocationMethod }
        : {})
    }
  } catch (error) {
    return {
      unknown: reasonOf(error, 'Microsoft.Network/publicIPAddresses/read')
    }
  }
}

/** The NIC's effective NSGs: a long-running POST, polled like every other. */
async function readEffective(
  network: NetworkApi,
  resourceGroup: string,
  nic: string,
  signal: AbortSignal
): Promise<EffectiveNetworkSecurityGroup[] | { unknown: string }> {
  try {
    const submitted = await submit(
      (options) =>
        network.networkInterfaces.listEffectiveNetworkSecurityGroups(
          resourceGroup,
          nic,
          options
        ),
      signal
    )
    const result = await waitFor(submitted, signal)
    return result.value ?? []
  } catch (error) {
    return {
      unknown: reasonOf(
        error,
        'Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action'
      )
    }
  }
}

/** The resource group and name in an ARM id. */
export function parseId(id: string): { resourceGroup: string; name: string } {
  const parts = id.split('/')
  const at = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups')
  return {
    resourceGroup: at >= 0 ? (parts[at + 1] ?? '') : '',
    name: parts.filter(Boolean).pop() ?? id
  }
}

/** One line on why a read gave nothing, naming the permission when that was it. */
export function reasonOf(error: unknown, action: string): string {
  const e = error as { statusCode?: number; code?: string; message?: string }
  if (e.statusCode === 403 || e.code === 'AuthorizationFailed') {
    return `the identity may not read it: it needs ${action}`
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return 'the run stopped (timeout-minutes or a cancel) before Azure answered'
  }
  return clip(
    oneLine(`${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`)
  )
}
