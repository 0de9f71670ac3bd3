// Pure: the fix for an NSG rule that denies RDP, as a command Azure accepts:
// an allow rule at a priority the NSG does not use yet, below the deny; or,
// when no such priority is left (a deny at 100), the deny rule to edit or
// remove. Every value in the printed command is quoted for bash.
import { azCommand } from '../shell.ts'
import type { RuleVerdict, Traffic } from './rules.ts'

// Custom rules take priorities 100-4096, each unique per direction in one
// NSG, or Azure refuses the rule (SecurityRuleConflict):
// https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#security-rules
const lowestPriority = 100
const highestPriority = 4096

/**
 * The priority for an allow rule before `deny`: 10 before it if free, else
 * the nearest free number below that, else any free number below the deny;
 * undefined when every number from 100 up to the deny is taken.
 */
export function freePriorityBelow(deny: RuleVerdict): number | undefined {
  const taken = new Set(deny.takenPriorities)
  const below = Math.min(deny.priority - 1, highestPriority)
  const preferred = Math.min(deny.priority - 10, highestPriority)
  const candidates = [
    ...range(preferred, lowestPriority),
    ...range(below, preferred + 1)
  ]
  return candidates.find(
    (p) => p >= lowestPriority && p < deny.priority && !taken.has(p)
  )
}

/** From `high` down to `low`, both included; [] when high < low. */
function range(high: number, low: number): number[] {
  return high < low
    ? []
    : Array.from({ length: high - low + 1 }, (_, i) => high - i)
}

/** The fix for RDP that `deny` blocks: one sentence, the command in a code span. */
export function allowRuleFix(deny: RuleVerdict, traffic: Traffic): string {
  const ruleName = deny.rule.split('/').pop() ?? deny.rule
  const rule = [
    '-g',
    deny.resourceGroup,
    '--nsg-name',
    deny.nsg,
    '-n',
    ruleName
  ]
  const isDefault = deny.rule.startsWith('defaultSecurityRules/')
  const priority = freePriorityBelow(deny)
  const safer =
    traffic.source.toLowerCase() === 'internet' || traffic.source === '*'
      ? ' Better than opening RDP to the internet: Azure Bastion or just-in-time VM access, or source-address set to your own address range.'
      : ''
  if (priority === undefined) {
    const narrow = azCommand([
      ...['network', 'nsg', 'rule', 'update', ...rule],
      ...['--source-address-prefixes', '<the-sources-to-deny>']
    ])
    const remove = azCommand(['network', 'nsg', 'rule', 'delete', ...rule])
    return `No allow rule can go before ${deny.rule} (priority ${deny.priority}): ${deny.nsg} has no free priority from ${lowestPriority} below it. Edit the deny rule so it no longer covers TCP ${traffic.port} from ${traffic.source}, e.g. \`${narrow}\`, or remove it: \`${remove}\`${safer}`
  }
  const create = azCommand([
    ...['network', 'nsg', 'rule', 'create', '-g', deny.resourceGroup],
    ...['--nsg-name', deny.nsg, '-n', `AllowRDP-${traffic.port}`],
    ...['--priority', String(priority), '--direction', 'Inbound'],
    ...['--access', 'Allow', '--protocol', 'Tcp'],
    ...['--destination-port-ranges', String(traffic.port)],
    ...['--source-address-prefixes', traffic.source]
  ])
  const where = isDefault
    ? `No rule of ${deny.nsg} allows it, so its default ${ruleName} denies it. Add an allow rule at free priority ${priority}:`
    : `Add an allow rule at free priority ${priority}, below the deny's ${deny.priority}, or remove ${deny.rule}:`
  return `${where} \`${create}\`${safer}`
}
