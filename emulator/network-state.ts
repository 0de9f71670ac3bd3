// The Microsoft.Network resources of the emulated cloud. They are made
// once from the scenario's VMs (initial-network.ts) and only read after:
// the action never writes to Network.

/** A security rule as the NSG holds it (user or default). */
export interface SecurityRuleState {
  name: string
  priority: number
  access: 'Allow' | 'Deny'
  direction: 'Inbound' | 'Outbound'
  protocol: 'Tcp' | 'Udp' | '*'
  sourceAddressPrefix: string
  sourcePortRange: string
  destinationAddressPrefix: string
  destinationPortRange: string
  description?: string
}

/** A network security group and what it is associated with. */
export interface NsgState {
  resourceGroup: string
  name: string
  location: string
  resourceGuid: string
  securityRules: SecurityRuleState[]
  /** Names of the NICs (same resource group) it is on. */
  networkInterfaces: string[]
  /** Subnets it is on. */
  subnets: SubnetRef[]
}

/** Where a subnet is: `<rg>/virtualNetworks/<vnet>/subnets/<name>`. */
export interface SubnetRef {
  resourceGroup: string
  virtualNetwork: string
  name: string
}

/** A subnet: its range and security group (an NSG of the same resource group). */
export interface SubnetState extends SubnetRef {
  addressPrefix: string
  /** The virtual network's address space, what the VirtualNetwork tag stands for. */
  vnetAddressSpace: string
  nsg?: string
}

/** A public IP on a NIC's `ipconfig1`. */
export interface PublicIpState {
  resourceGroup: string
  name: string
  location: string
  resourceGuid: string
  address: string
  sku: 'Basic' | 'Standard'
  allocation: 'Static' | 'Dynamic'
  nicName: string
  /** The VM whose NIC holds it: a Dynamic address goes while it is deallocated. */
  vmName: string
}

/** A network interface with one IP configuration, `ipconfig1`. */
export interface NicState {
  resourceGroup: string
  name: string
  location: string
  resourceGuid: string
  vmName: string
  primary: boolean
  privateIpAddress: string
  macAddress: string
  subnet: SubnetRef
  publicIp?: string
  nsg?: string
}

/** An effective-NSG request in progress (the POST's long-running operation). */
export interface NetworkOperation {
  id: string
  location: string
  resourceGroup: string
  nicName: string
  apiVersion: string
}

/** Every Network resource, and the effective-NSG operations started. */
export interface NetworkWorld {
  nics: NicState[]
  /** The same NICs by `vmKey(resourceGroup, vmName)`, primary first: a VM list reads them per VM. */
  nicsByVm: Map<string, NicState[]>
  nsgs: NsgState[]
  publicIps: PublicIpState[]
  subnets: SubnetState[]
  operations: NetworkOperation[]
}

// ARM names are case-insensitive (state.ts sameName; not imported, since
// state.ts imports these types).
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** A resource of a resource group, found by name ignoring case. */
export function findIn<T extends { resourceGroup: string; name: string }>(
  items: readonly T[],
  resourceGroup: string,
  name: string
): T | undefined {
  return items.find(
    (i) => sameName(i.resourceGroup, resourceGroup) && sameName(i.name, name)
  )
}

/** The subnet a NIC is in. */
export function findSubnet(
  network: NetworkWorld,
  ref: SubnetRef
): SubnetState | undefined {
  return network.subnets.find(
    (s) =>
      sameName(s.resourceGroup, ref.resourceGroup) &&
      sameName(s.virtualNetwork, ref.virtualNetwork) &&
      sameName(s.name, ref.name)
  )
}

/** The key of `nicsByVm`. */
export function vmKey(resourceGroup: string, vmName: string): string {
  return `${resourceGroup}/${vmName}`.toLowerCase()
}

/** The NICs of a VM, primary first. */
export function nicsOf(
  network: NetworkWorld,
  resourceGroup: string,
  vmName: string
): readonly NicState[] {
  return network.nicsByVm.get(vmKey(resourceGroup, vmName)) ?? []
}
