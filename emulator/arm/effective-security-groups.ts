// What NetworkInterfaces_ListEffectiveNetworkSecurityGroups answers for a
// NIC: one EffectiveNetworkSecurityGroup per group that applies (the
// subnet's, then the NIC's: Azure's inbound evaluation order), each rule in
// the effective shape of the shared example
// (extended/spec/examples/network/NetworkInterfaceEffectiveNSGList.2025-03-01.json):
// names `securityRules/<name>` and `defaultSecurityRules/<name>`, protocol
// Tcp|Udp|All, port ranges `3389-3389` / `0-65535`, `*` as 0.0.0.0/0, and
// service tags expanded.
import { defaultSecurityRules, tagPrefixes } from '../network-defaults.ts'
import {
  findSubnet,
  type NetworkWorld,
  type NicState,
  type NsgState,
  type SecurityRuleState
} from '../network-state.ts'
import { networkId, nsgNamed, subnetId } from './network-views.ts'

/** An effective rule as the POST's answer carries it. */
export interface EffectiveRuleView {
  name: string
  protocol: 'Tcp' | 'Udp' | 'All'
  sourcePortRange: string
  destinationPortRange: string
  sourceAddressPrefix: string
  destinationAddressPrefix: string
  expandedSourceAddressPrefix?: string[]
  expandedDestinationAddressPrefix?: string[]
  access: 'Allow' | 'Deny'
  priority: number
  direction: 'Inbound' | 'Outbound'
}

/** An EffectiveNetworkSecurityGroup. */
export interface EffectiveGroupView {
  networkSecurityGroup: { id: string }
  association: { subnet?: { id: string }; networkInterface?: { id: string } }
  effectiveSecurityRules: EffectiveRuleView[]
  tagMap: Record<string, string[]>
}

/** The groups that apply to `nic`, subnet first; [] when neither level has one. */
export function effectiveSecurityGroups(
  subscriptionId: string,
  network: NetworkWorld,
  nic: NicState
): EffectiveGroupView[] {
  const subnet = findSubnet(network, nic.subnet)
  const subnetNsg =
    subnet && nsgNamed(network, subnet.resourceGroup, subnet.nsg)
  const nicNsg = nsgNamed(network, nic.resourceGroup, nic.nsg)
  const vnetSpace = subnet?.vnetAddressSpace ?? '10.0.0.0/16'
  const subnetAssociation = {
    subnet: { id: subnetId(subscriptionId, nic.subnet) }
  }
  const nicAssociation = {
    networkInterface: {
      id: networkId(
        subscriptionId,
        nic.resourceGroup,
        'networkInterfaces',
        nic.name
      )
    }
  }
  const group = (
    nsg: NsgState,
    association: EffectiveGroupView['association']
  ): EffectiveGroupView =>
    effectiveGroup(subscriptionId, nsg, association, vnetSpace)
  // One group on both levels is listed once, with both associations.
  if (subnetNsg && subnetNsg === nicNsg)
    return [group(subnetNsg, { ...subnetAssociation, ...nicAssociation })]
  return [
    ...(subnetNsg ? [group(subnetNsg, subnetAssociation)] : []),
    ...(nicNsg ? [group(nicNsg, nicAssociation)] : [])
  ]
}

function effectiveGroup(
  subscriptionId: string,
  nsg: NsgState,
  association: EffectiveGroupView['association'],
  vnetSpace: string
): EffectiveGroupView {
  const rules = [
    ...nsg.securityRules.map((r) =>
      effectiveRule('securityRules', r, vnetSpace)
    ),
    ...defaultSecurityRules.map((r) =>
      effectiveRule('defaultSecurityRules', r, vnetSpace)
    )
  ].sort(
    (a, b) =>
      directionOrder[a.direction] - directionOrder[b.direction] ||
      a.priority - b.priority
  )
  return {
    networkSecurityGroup: {
      id: networkId(
        subscriptionId,
        nsg.resourceGroup,
        'networkSecurityGroups',
        nsg.name
      )
    },
    association,
    effectiveSecurityRules: rules,
    tagMap: tagMapOf(nsg, vnetSpace)
  }
}

// Inbound rules first, then outbound; each by priority.
const directionOrder = { Inbound: 0, Outbound: 1 } as const

function effectiveRule(
  kind: 'securityRules' | 'defaultSecurityRules',
  rule: SecurityRuleState,
  vnetSpace: string
): EffectiveRuleView {
  const source = tagPrefixes(rule.sourceAddressPrefix, vnetSpace)
  const destination = tagPrefixes(rule.destinationAddressPrefix, vnetSpace)
  return {
    name: `${kind}/${rule.name}`,
    protocol: rule.protocol === '*' ? 'All' : rule.protocol,
    sourcePortRange: portRangeOf(rule.sourcePortRange),
    destinationPortRange: portRangeOf(rule.destinationPortRange),
    sourceAddressPrefix: prefixOf(rule.sourceAddressPrefix),
    ...(source ? { expandedSourceAddressPrefix: source } : {}),
    destinationAddressPrefix: prefixOf(rule.destinationAddressPrefix),
    ...(destination ? { expandedDestinationAddressPrefix: destination } : {}),
    access: rule.access,
    priority: rule.priority,
    direction: rule.direction
  }
}

/** `*` → `0-65535`, `3389` → `3389-3389`, a range as it is. */
export function portRangeOf(range: string): string {
  const text = range.trim()
  if (text === '*') return '0-65535'
  return text.includes('-') ? text : `${text}-${text}`
}

/** `*` → `0.0.0.0/0`, an address → `/32`, a CIDR or tag as it is. */
export function prefixOf(prefix: string): string {
  const text = prefix.trim()
  if (text === '*') return '0.0.0.0/0'
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) ? `${text}/32` : text
}

function tagMapOf(nsg: NsgState, vnetSpace: string): Record<string, string[]> {
  const map: Record<string, string[]> = {}
  for (const rule of [...nsg.securityRules, ...defaultSecurityRules]) {
    for (const prefix of [
      rule.sourceAddressPrefix,
      rule.destinationAddressPrefix
    ]) {
      const expanded = tagPrefixes(prefix, vnetSpace)
      if (expanded) map[prefix] = expanded
    }
  }
  return map
}
