// Pure: whether inbound TCP to a port from a source gets through a NIC's
// effective security rules, as Azure evaluates them: within each network
// security group the lowest priority number that matches decides; for
// inbound traffic the subnet's group is evaluated first, then the NIC's,
// and both must allow it (a level without a group allows).
import type {
  EffectiveNetworkSecurityGroup,
  EffectiveNetworkSecurityRule
} from '@azure/arm-network'

/** Which NSG decided, at which level, by which rule. */
export interface RuleVerdict {
  level: 'subnet' | 'nic'
  /** The NSG's name (last segment of its id). */
  nsg: string
  /** The NSG's resource group (from its id; may differ from the NIC's). */
  resourceGroup: string
  /** The priorities of the NSG's inbound rules: a new one must differ. */
  takenPriorities: number[]
  access: 'Allow' | 'Deny'
  /** The deciding rule as the effective list names it, e.g. securityRules/DenyRDP. */
  rule: string
  priority: number
}

/** The traffic asked about. */
export interface Traffic {
  port: number
  /** A service tag (Internet, VirtualNetwork, …), `*`, or an IPv4 address or CIDR. */
  source: string
}

/** Every level's verdict, subnet first; `allowed` only when none denies. */
export interface Evaluation {
  allowed: boolean
  verdicts: RuleVerdict[]
  /** The first verdict that denies, when one does. */
  deniedBy?: RuleVerdict
  /** Every level that denies: the subnet's and the NIC's NSG may both. */
  denials: RuleVerdict[]
}

/** Evaluates inbound `traffic` against a NIC's effective NSGs. */
export function evaluateInbound(
  groups: readonly EffectiveNetworkSecurityGroup[],
  traffic: Traffic
): Evaluation {
  const verdicts = [...groups]
    .map((g) => ({ group: g, level: levelOf(g) }))
    .sort((a, b) => order[a.level] - order[b.level])
    .flatMap(({ group, level }) => {
      const rule = decidingRule(group.effectiveSecurityRules ?? [], traffic)
      return rule ? [verdictOf(group, level, rule)] : []
    })
  const denials = verdicts.filter((v) => v.access === 'Deny')
  const deniedBy = denials[0]
  return {
    allowed: !deniedBy,
    verdicts,
    ...(deniedBy ? { deniedBy } : {}),
    denials
  }
}

const order = { subnet: 0, nic: 1 } as const

function levelOf(group: EffectiveNetworkSecurityGroup): RuleVerdict['level'] {
  return group.association?.subnet?.id ? 'subnet' : 'nic'
}

/** The matching inbound rule with the lowest priority number. */
function decidingRule(
  rules: readonly EffectiveNetworkSecurityRule[],
  traffic: Traffic
): EffectiveNetworkSecurityRule | undefined {
  return rules
    .filter((r) => r.direction === 'Inbound' && matches(r, traffic))
    .sort((a, b) => (a.priority ?? 65535) - (b.priority ?? 65535))[0]
}

function verdictOf(
  group: EffectiveNetworkSecurityGroup,
  level: RuleVerdict['level'],
  rule: EffectiveNetworkSecurityRule
): RuleVerdict {
  const id = group.networkSecurityGroup?.id ?? ''
  return {
    level,
    nsg: lastSegment(id),
    resourceGroup: resourceGroupOf(id),
    takenPriorities: (group.effectiveSecurityRules ?? [])
      .filter((r) => r.direction === 'Inbound' && r.priority !== undefined)
      .map((r) => r.priority ?? 0),
    access: rule.access === 'Deny' ? 'Deny' : 'Allow',
    rule: rule.name ?? '',
    priority: rule.priority ?? 65535
  }
}

function matches(
  rule: EffectiveNetworkSecurityRule,
  traffic: Traffic
): boolean {
  const protocol = rule.protocol ?? 'All'
  if (protocol !== 'All' && protocol !== 'Tcp') return false
  const ports = [
    rule.destinationPortRange,
    ...(rule.destinationPortRanges ?? [])
  ]
  if (!ports.some((p) => p !== undefined && inPortRange(traffic.port, p))) {
    return false
  }
  const sources = [
    rule.sourceAddressPrefix,
    ...(rule.sourceAddressPrefixes ?? []),
    ...(rule.expandedSourceAddressPrefix ?? [])
  ].filter((s): s is string => Boolean(s))
  return sources.some((prefix) => sourceMatches(prefix, traffic.source))
}

/** `*`, `3389`, `3389-3389` or `0-65535`. */
export function inPortRange(port: number, range: string): boolean {
  const text = range.trim()
  if (text === '*') return true
  const [low, high = low] = text.split('-').map(Number)
  return low !== undefined && port >= low && port <= (high ?? low)
}

/** True when a rule's source prefix covers the traffic's source. */
export function sourceMatches(prefix: string, source: string): boolean {
  const p = prefix.trim()
  if (p === '*' || p === '0.0.0.0/0') return true
  if (p.toLowerCase() === source.toLowerCase()) return true
  const ip = ipv4(source.split('/')[0] ?? '')
  if (ip === undefined) return false
  // An address from the internet is what the Internet tag stands for.
  if (p.toLowerCase() === 'internet') return !isPrivate(ip)
  return inCidr(ip, p)
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.').map(Number)
  if (parts.length !== 4 || parts.some((n) => !(n >= 0 && n <= 255))) {
    return undefined
  }
  return parts.reduce((acc, n) => acc * 256 + n, 0)
}

function inCidr(ip: number, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/')
  const start = ipv4(base)
  const size = 2 ** (32 - Number(bits))
  if (start === undefined || !Number.isInteger(size)) return false
  const first = Math.floor(start / size) * size
  return ip >= first && ip < first + size
}

// RFC 1918 and loopback: not what the Internet tag covers.
function isPrivate(ip: number): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8'].some(
    (c) => inCidr(ip, c)
  )
}

function resourceGroupOf(id: string): string {
  const parts = id.split('/')
  const at = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups')
  return at >= 0 ? (parts[at + 1] ?? '') : ''
}

function lastSegment(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? id
}
