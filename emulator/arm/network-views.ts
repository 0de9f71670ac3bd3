// The Network resources as GET returns them, shaped after the shared
// examples (extended/spec/examples/network/NetworkInterfaceGet.2025-03-01.json,
// NetworkSecurityGroupGet.json, PublicIpAddressGet.json).
import { defaultSecurityRules } from '../network-defaults.ts'
import {
  findIn,
  type NetworkWorld,
  type NicState,
  type NsgState,
  type PublicIpState,
  type SecurityRuleState,
  type SubnetRef
} from '../network-state.ts'
import { findVm, type World } from '../state.ts'

/** The ARM id of a Network resource of a resource group. */
export function networkId(
  subscriptionId: string,
  resourceGroup: string,
  type: 'networkInterfaces' | 'networkSecurityGroups' | 'publicIPAddresses',
  name: string
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/${type}/${name}`
}

/** The ARM id of a subnet. */
export function subnetId(subscriptionId: string, subnet: SubnetRef): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${subnet.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${subnet.virtualNetwork}/subnets/${subnet.name}`
}

/** `NetworkInterface` (NetworkInterfaces_Get): one IP configuration, `ipconfig1`. */
export function nicView(
  subscriptionId: string,
  nic: NicState
): Record<string, unknown> {
  const id = networkId(
    subscriptionId,
    nic.resourceGroup,
    'networkInterfaces',
    nic.name
  )
  const etag = `W/"${nic.resourceGuid}"`
  return {
    name: nic.name,
    id,
    etag,
    type: 'Microsoft.Network/networkInterfaces',
    location: nic.location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: nic.resourceGuid,
      ipConfigurations: [
        {
          name: 'ipconfig1',
          id: `${id}/ipConfigurations/ipconfig1`,
          etag,
          type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
          properties: ipConfigurationProperties(subscriptionId, nic)
        }
      ],
      dnsSettings: {
        dnsServers: [],
        appliedDnsServers: [],
        internalDomainNameSuffix: 'emulator.ax.internal.cloudapp.net'
      },
      macAddress: nic.macAddress,
      vnetEncryptionSupported: false,
      enableIPForwarding: false,
      enableAcceleratedNetworking: false,
      disableTcpStateTracking: false,
      ...(nic.nsg
        ? {
            networkSecurityGroup: {
              id: networkId(
                subscriptionId,
                nic.resourceGroup,
                'networkSecurityGroups',
                nic.nsg
              )
            }
          }
        : {}),
      primary: nic.primary,
      virtualMachine: {
        id: `/subscriptions/${subscriptionId}/resourceGroups/${nic.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${nic.vmName}`
      },
      hostedWorkloads: [],
      tapConfigurations: []
    }
  }
}

function ipConfigurationProperties(
  subscriptionId: string,
  nic: NicState
): Record<string, unknown> {
  return {
    provisioningState: 'Succeeded',
    privateIPAddress: nic.privateIpAddress,
    privateIPAllocationMethod: 'Dynamic',
    privateIPAddressVersion: 'IPv4',
    subnet: { id: subnetId(subscriptionId, nic.subnet) },
    primary: true,
    ...(nic.publicIp
      ? {
          publicIPAddress: {
            id: networkId(
              subscriptionId,
              nic.resourceGroup,
              'publicIPAddresses',
              nic.publicIp
            )
          }
        }
      : {})
  }
}

/** `NetworkSecurityGroup` (NetworkSecurityGroups_Get): user rules, Azure's six default rules, associations. */
export function nsgView(
  subscriptionId: string,
  nsg: NsgState
): Record<string, unknown> {
  const id = networkId(
    subscriptionId,
    nsg.resourceGroup,
    'networkSecurityGroups',
    nsg.name
  )
  const etag = `W/"${nsg.resourceGuid}"`
  const rule =
    (kind: 'securityRules' | 'defaultSecurityRules') =>
    (r: SecurityRuleState): Record<string, unknown> => ({
      name: r.name,
      id: `${id}/${kind}/${r.name}`,
      etag,
      type: `Microsoft.Network/networkSecurityGroups/${kind}`,
      properties: {
        ...(r.description ? { description: r.description } : {}),
        protocol: r.protocol,
        sourcePortRange: r.sourcePortRange,
        destinationPortRange: r.destinationPortRange,
        sourceAddressPrefix: r.sourceAddressPrefix,
        destinationAddressPrefix: r.destinationAddressPrefix,
        access: r.access,
        priority: r.priority,
        direction: r.direction,
        provisioningState: 'Succeeded'
      }
    })
  return {
    name: nsg.name,
    id,
    etag,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: nsg.location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: nsg.resourceGuid,
      securityRules: nsg.securityRules.map(rule('securityRules')),
      defaultSecurityRules: defaultSecurityRules.map(
        rule('defaultSecurityRules')
      ),
      ...(nsg.networkInterfaces.length > 0
        ? {
            networkInterfaces: nsg.networkInterfaces.map((name) => ({
              id: networkId(
                subscriptionId,
                nsg.resourceGroup,
                'networkInterfaces',
                name
              )
            }))
          }
        : {}),
      ...(nsg.subnets.length > 0
        ? {
            subnets: nsg.subnets.map((s) => ({
              id: subnetId(subscriptionId, s)
            }))
          }
        : {})
    }
  }
}

/**
 * `PublicIPAddress` (PublicIPAddresses_Get). A Dynamic address is released
 * while its VM is deallocated, so `ipAddress` is absent then (public IP
 * addressing docs); a Static one stays.
 */
export function publicIpView(
  world: World,
  pip: PublicIpState
): Record<string, unknown> {
  const subscriptionId = world.scenario.subscription.id
  const nicId = networkId(
    subscriptionId,
    pip.resourceGroup,
    'networkInterfaces',
    pip.nicName
  )
  const hasAddress = pip.allocation === 'Static' || !isDeallocated(world, pip)
  return {
    name: pip.name,
    id: networkId(
      subscriptionId,
      pip.resourceGroup,
      'publicIPAddresses',
      pip.name
    ),
    etag: `W/"${pip.resourceGuid}"`,
    type: 'Microsoft.Network/publicIPAddresses',
    location: pip.location,
    sku: { name: pip.sku, tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: pip.resourceGuid,
      ...(hasAddress ? { ipAddress: pip.address } : {}),
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: pip.allocation,
      idleTimeoutInMinutes: 4,
      ipTags: [],
      ipConfiguration: { id: `${nicId}/ipConfigurations/ipconfig1` }
    }
  }
}

function isDeallocated(world: World, pip: PublicIpState): boolean {
  const state = findVm(world, pip.resourceGroup, pip.vmName)?.powerState
  return state === 'deallocated' || state === 'deallocating'
}

/** The NSG a NIC or subnet names, if it has one. */
export function nsgNamed(
  network: NetworkWorld,
  resourceGroup: string,
  name: string | undefined
): NsgState | undefined {
  return name === undefined
    ? undefined
    : findIn(network.nsgs, resourceGroup, name)
}
