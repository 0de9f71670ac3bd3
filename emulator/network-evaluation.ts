// Azure's evaluation of inbound traffic against a NIC's effective security
// groups, for the emulator's own tests (the product has its own): in each
// group the matching rule with the lowest priority number decides; the
// subnet's group is evaluated first, then the NIC's, and both must allow
// (a level without a group allows).
// https://learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works
import type { EffectiveGroupView } from './arm/effective-security-groups.ts'

/** The decision, and the rule of each group that decided for its level. */
export interface InboundVerdict {
  allowed: boolean
  /** `<nsg name>: <rule name>`, subnet first. */
  decidedBy: string[]
}

/** Inbound TCP to `port` from `source` (a service tag, or an IPv4 address). */
export function evaluateInbound(
  groups: readonly EffectiveGroupView[],
  traffic: { port: number; source: string }
): InboundVerdict {
  const ordered = [...groups].sort(
    (a, b) => Number(!a.association.subnet) - Number(!b.association.subnet)
  )
  let allowed = true
  const decidedBy: string[] = []
  for (const group of ordered) {
    const rule = group.effectiveSecurityRules
      .filter((r) => r.direction === 'Inbound' && matches(r, traffic))
      .sort((a, b) => a.priority - b.priority)[0]
    if (!rule) continue
    decidedBy.push(
      `${group.networkSecurityGroup.id.split('/').at(-1)}: ${rule.name}`
    )
    if (rule.access === 'Deny') allowed = false
  }
  return { allowed, decidedBy }
}

function matches(
  rule: EffectiveGroupView['effectiveSecurityRules'][number],
  traffic: { port: number; source: string }
): boolean {
  if (rule.protocol !== 'All' && rule.protocol !== 'Tcp') return false
  const [low = 0, high = low] = rule.destinationPortRange.split('-').map(Number)
  if (traffic.port < low || traffic.port > high) return false
  const prefix = rule.sourceAddressPrefix
  if (prefix === '0.0.0.0/0') return true
  if (prefix.toLowerCase() === traffic.source.toLowerCase()) return true
  return [prefix, ...(rule.expandedSourceAddressPrefix ?? [])].some((p) =>
    inCidr(traffic.source, p)
  )
}

function inCidr(address: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/')
  const a = ipv4(address)
  const b = ipv4(base)
  if (a === undefined || b === undefined) return false
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0
  return (a & mask) >>> 0 === (b & mask) >>> 0
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.').map(Number)
  if (
    parts.length !== 4 ||
    parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)
  )
    return undefined
  return parts.reduce((n, part) => n * 256 + part, 0)
}
