// Builds the Microsoft.Network resources from the scenario's VMs: per VM its
// NICs (network-spec.ts defaults), their public IPs and security groups,
// and per resource group one VNet `<rg>-vnet` (10.0.0.0/16) whose subnet
// `default` (10.0.0.0/18) holds every NIC not placed elsewhere.
import { randomUUID } from 'node:crypto'
import { allowRdpRule, securityRuleOf } from './network-defaults.ts'
import type { NicSpec, PublicIpSpec, SecurityRuleSpec } from './network-spec.ts'
import {
  findSubnet,
  vmKey,
  type NetworkWorld,
  type SubnetState
} from './network-state.ts'
import type { Scenario, VmSpec } from './scenario.ts'

const vnetAddressSpace = '10.0.0.0/16'
const defaultSubnet = 'default'

/** Where the next NIC of a resource group goes, and the next public IP. */
interface AddressPlan {
  /** NICs placed so far in each subnet, by lower-case name. */
  hosts: Map<string, number>
  /** Named subnets made so far: each takes the next /24 from 10.0.64.0. */
  namedSubnets: number
  /** The security group each subnet was given (rules as JSON, `null`: none), by lower-case name. */
  subnetGroups: Map<string, string>
}

interface Placement {
  resourceGroup: string
  location: string
  vm: VmSpec
  plan: AddressPlan
}

/** The Network resources of a scenario; throws when two NICs give one subnet different groups. */
export function createNetwork(scenario: Scenario): NetworkWorld {
  const network: NetworkWorld = {
    nics: [],
    nicsByVm: new Map(),
    nsgs: [],
    publicIps: [],
    subnets: [],
    operations: []
  }
  for (const rg of scenario.resourceGroups) {
    const plan: AddressPlan = {
      hosts: new Map(),
      namedSubnets: 0,
      subnetGroups: new Map()
    }
    for (const vm of rg.virtualMachines) {
      const at = {
        resourceGroup: rg.name,
        location: vm.location ?? rg.location,
        vm,
        plan
      }
      const nics = vm.network?.nics ?? [{}]
      nics.forEach((nic, index) => addNic(network, at, nic, index))
    }
  }
  return network
}

function addNic(
  network: NetworkWorld,
  at: Placement,
  spec: NicSpec,
  index: number
): void {
  const { resourceGroup, location, vm } = at
  const name =
    spec.name ??
    (index === 0 ? `${vm.name}-nic` : `${vm.name}-nic-${index + 1}`)
  const subnet = subnetFor(network, at, spec.subnet)
  const nsgName = index === 0 ? `${vm.name}-nsg` : `${name}-nsg`
  const rules = spec.nsg === undefined ? [allowRdpRule] : spec.nsg
  if (rules) addNsg(network, at, nsgName, rules).networkInterfaces.push(name)
  const publicIp = spec.publicIp === undefined ? {} : spec.publicIp
  const publicIpName = index === 0 ? `${vm.name}-ip` : `${name}-ip`
  if (publicIp) addPublicIp(network, at, publicIpName, name, publicIp)
  const nic = {
    resourceGroup,
    name,
    location,
    resourceGuid: randomUUID(),
    vmName: vm.name,
    primary: index === 0,
    privateIpAddress: spec.privateIpAddress ?? nextAddress(at.plan, subnet),
    macAddress: macAddress(network.nics.length),
    subnet: {
      resourceGroup,
      virtualNetwork: subnet.virtualNetwork,
      name: subnet.name
    },
    ...(publicIp ? { publicIp: publicIpName } : {}),
    ...(rules ? { nsg: nsgName } : {})
  }
  network.nics.push(nic)
  const key = vmKey(resourceGroup, vm.name)
  network.nicsByVm.set(key, [...(network.nicsByVm.get(key) ?? []), nic])
}

/** The NIC's subnet, made on first use; its group is set by the first NIC that names one. */
function subnetFor(
  network: NetworkWorld,
  at: Placement,
  spec: NicSpec['subnet']
): SubnetState {
  const ref = {
    resourceGroup: at.resourceGroup,
    virtualNetwork: `${at.resourceGroup}-vnet`,
    name: spec?.name ?? defaultSubnet
  }
  let subnet = findSubnet(network, ref)
  if (!subnet) {
    subnet = {
      ...ref,
      addressPrefix: subnetPrefix(at.plan, ref.name),
      vnetAddressSpace
    }
    network.subnets.push(subnet)
  }
  if (spec?.nsg !== undefined) setSubnetNsg(network, at, subnet, spec.nsg)
  return subnet
}

function setSubnetNsg(
  network: NetworkWorld,
  at: Placement,
  subnet: SubnetState,
  rules: SecurityRuleSpec[] | null
): void {
  const key = subnet.name.toLowerCase()
  const wanted = JSON.stringify(rules?.map(securityRuleOf) ?? null)
  const decided = at.plan.subnetGroups.get(key)
  if (decided !== undefined) {
    if (decided === wanted) return
    throw new Error(
      `scenario: NICs give subnet ${subnet.name} of ${subnet.virtualNetwork} different security groups`
    )
  }
  at.plan.subnetGroups.set(key, wanted)
  if (!rules) return
  const name = `${subnet.name}-nsg`
  addNsg(network, at, name, rules).subnets.push({
    resourceGroup: subnet.resourceGroup,
    virtualNetwork: subnet.virtualNetwork,
    name: subnet.name
  })
  subnet.nsg = name
}

function addNsg(
  network: NetworkWorld,
  at: Placement,
  name: string,
  rules: SecurityRuleSpec[]
): NetworkWorld['nsgs'][number] {
  const nsg = {
    resourceGroup: at.resourceGroup,
    name,
    location: at.location,
    resourceGuid: randomUUID(),
    securityRules: rules.map(securityRuleOf),
    networkInterfaces: [],
    subnets: []
  }
  network.nsgs.push(nsg)
  return nsg
}

function addPublicIp(
  network: NetworkWorld,
  at: Placement,
  name: string,
  nicName: string,
  spec: PublicIpSpec
): void {
  const allocation = spec.allocation ?? 'Static'
  const sku = spec.sku ?? (allocation === 'Dynamic' ? 'Basic' : 'Standard')
  if (sku === 'Standard' && allocation === 'Dynamic') {
    throw new Error(
      `scenario: public IP ${name} is Standard and Dynamic; a Standard public IP is always Static`
    )
  }
  const k = network.publicIps.length
  network.publicIps.push({
    resourceGroup: at.resourceGroup,
    name,
    location: at.location,
    resourceGuid: randomUUID(),
    address: spec.address ?? `20.1.${2 + Math.floor(k / 250)}.${3 + (k % 250)}`,
    sku,
    allocation,
    nicName,
    vmName: at.vm.name
  })
}

// The default subnet is 10.0.0.0/18; named ones take 10.0.64.0/24 onwards.
function subnetPrefix(plan: AddressPlan, name: string): string {
  if (name.toLowerCase() === defaultSubnet) return '10.0.0.0/18'
  const third = 64 + plan.namedSubnets++
  if (third > 255) throw new Error('scenario: more than 192 named subnets')
  return `10.0.${third}.0/24`
}

// Azure keeps the first four addresses of a subnet: hosts start at .4.
function nextAddress(plan: AddressPlan, subnet: SubnetState): string {
  const key = subnet.name.toLowerCase()
  const placed = plan.hosts.get(key) ?? 0
  plan.hosts.set(key, placed + 1)
  const host = placed + 4
  const [a, b, c] = subnet.addressPrefix.split('.').map(Number)
  const offset = (c ?? 0) * 256 + host
  return `${a}.${b}.${Math.floor(offset / 256)}.${offset % 256}`
}

function macAddress(n: number): string {
  const hex = n.toString(16).padStart(6, '0').toUpperCase()
  return `00-0D-3A-${hex.slice(0, 2)}-${hex.slice(2, 4)}-${hex.slice(4, 6)}`
}
