// Azure's fixed parts of every network security group, and the prefixes its
// service tags stand for in the effective view.
import type { SecurityRuleSpec } from './network-spec.ts'
import type { SecurityRuleState } from './network-state.ts'

/**
 * The six rules Azure puts in every NSG, names, priorities, prefixes and
 * descriptions as in the shared example
 * (extended/spec/examples/network/NetworkSecurityGroupGet.json).
 */
export const defaultSecurityRules: readonly SecurityRuleState[] = [
  defaultRule('AllowVnetInBound', 65000, 'Allow', 'Inbound', {
    source: 'VirtualNetwork',
    destination: 'VirtualNetwork',
    description: 'Allow inbound traffic from all VMs in VNET'
  }),
  defaultRule('AllowAzureLoadBalancerInBound', 65001, 'Allow', 'Inbound', {
    source: 'AzureLoadBalancer',
    destination: '*',
    description: 'Allow inbound traffic from azure load balancer'
  }),
  defaultRule('DenyAllInBound', 65500, 'Deny', 'Inbound', {
    source: '*',
    destination: '*',
    description: 'Deny all inbound traffic'
  }),
  defaultRule('AllowVnetOutBound', 65000, 'Allow', 'Outbound', {
    source: 'VirtualNetwork',
    destination: 'VirtualNetwork',
    description: 'Allow outbound traffic from all VMs to all VMs in VNET'
  }),
  defaultRule('AllowInternetOutBound', 65001, 'Allow', 'Outbound', {
    source: '*',
    destination: 'Internet',
    description: 'Allow outbound traffic from all VMs to Internet'
  }),
  defaultRule('DenyAllOutBound', 65500, 'Deny', 'Outbound', {
    source: '*',
    destination: '*',
    description: 'Deny all outbound traffic'
  })
]

function defaultRule(
  name: string,
  priority: number,
  access: SecurityRuleState['access'],
  direction: SecurityRuleState['direction'],
  prefixes: { source: string; destination: string; description: string }
): SecurityRuleState {
  return {
    name,
    priority,
    access,
    direction,
    protocol: '*',
    sourceAddressPrefix: prefixes.source,
    sourcePortRange: '*',
    destinationAddressPrefix: prefixes.destination,
    destinationPortRange: '*',
    description: prefixes.description
  }
}

/** The NIC rule a VM gets unless the fixture says otherwise: RDP from anywhere, as the portal's "RDP" inbound port rule. */
export const allowRdpRule: SecurityRuleSpec = {
  name: 'AllowRDP',
  priority: 1000,
  access: 'Allow'
}

/** A fixture's rule with its defaults: inbound TCP 3389 from `*` to `*`. */
export function securityRuleOf(spec: SecurityRuleSpec): SecurityRuleState {
  return {
    name: spec.name,
    priority: spec.priority,
    access: spec.access,
    direction: spec.direction ?? 'Inbound',
    protocol: spec.protocol ?? 'Tcp',
    sourceAddressPrefix: spec.sourceAddressPrefix ?? '*',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    destinationPortRange: spec.destinationPortRange ?? '3389'
  }
}

/**
 * What a service tag stands for in `expandedSourceAddressPrefix` and
 * `tagMap`. Internet: the four prefixes the shared effective-NSG example
 * shows (Azure lists many more); AzureLoadBalancer: the platform address
 * 168.63.129.16; VirtualNetwork: the VNet's address space (Azure adds
 * peered and on-premises ranges). Approximations, not read from Azure.
 */
export function tagPrefixes(
  tag: string,
  vnetAddressSpace: string
): string[] | undefined {
  switch (tag.toLowerCase()) {
    case 'internet':
      return ['32.0.0.0/3', '4.0.0.0/6', '2.0.0.0/7', '1.0.0.0/8']
    case 'azureloadbalancer':
      return ['168.63.129.16/32']
    case 'virtualnetwork':
      return [vnetAddressSpace]
    default:
      return undefined
  }
}
