// Pure: the network's findings for one VM: each NIC, its public IP, and
// whether its effective security rules let RDP in, with the fix for each
// NSG that denies it (nsg-fix.ts).
import { azCommand } from '../shell.ts'
import type { VmRef } from '../settings.ts'
import type { NicView } from './network.ts'
import { allowRuleFix } from './nsg-fix.ts'
import { evaluateInbound, type RuleVerdict, type Traffic } from './rules.ts'
import { fail, pass, warn, type Finding, type Observed } from './verdicts.ts'

export function noNic({ target }: Observed): Finding {
  return fail(
    'nic',
    'Azure lists no network interface for the VM.',
    `Check the VM's network profile: \`${azCommand(['vm', 'show', '-g', target.resourceGroup, '-n', target.vmName])}\``
  )
}

export function nicFindings(
  nic: NicView | { id: string; unknown: string },
  o: Observed
): Finding[] {
  if (!('name' in nic)) {
    return [
      warn(
        'nic',
        `A NIC of the VM could not be read: ${nic.unknown}.`,
        grantReads
      )
    ]
  }
  const at = `NIC ${nic.name}`
  return [
    pass('nic', `${at}: private IP ${nic.privateIp ?? 'none'}.`),
    publicIpFinding(nic, at),
    ...nsgFindings(nic, o, o.traffic)
  ]
}

function publicIpFinding(nic: NicView, at: string): Finding {
  const ip = nic.publicIp
  if (!ip) {
    return warn(
      'public-ip',
      `${at} has no public IP: RDP from the internet cannot reach it.`,
      `If none is intended, connect through Azure Bastion or just-in-time VM access (or a VPN); otherwise add one (\`${azCommand(['network', 'public-ip', 'create', '-g', nic.resourceGroup, '-n', `${nic.name}-ip`, '--sku', 'Standard'])}\`) and attach it (\`${azCommand(['network', 'nic', 'ip-config', 'update', '-g', nic.resourceGroup, '--nic-name', nic.name, '-n', 'ipconfig1', '--public-ip-address', `${nic.name}-ip`])}\`).`
    )
  }
  if ('unknown' in ip) {
    return warn(
      'public-ip',
      `${at}: its public IP could not be read: ${ip.unknown}.`,
      grantReads
    )
  }
  const about = `${ip.sku ?? 'unknown'} SKU, ${ip.allocation ?? 'unknown'} allocation`
  return ip.address
    ? pass('public-ip', `${at}: public IP ${ip.address} (${about}).`)
    : warn(
        'public-ip',
        `${at}: public IP ${ip.name} has no address yet (${about}): a Dynamic address is given when the VM starts.`,
        'Start the VM, or make the address Static.'
      )
}

function nsgFindings(nic: NicView, o: Observed, traffic: Traffic): Finding[] {
  const at = `NIC ${nic.name}`
  const what = `inbound TCP ${traffic.port} from ${traffic.source}`
  if (!Array.isArray(nic.effective)) {
    return [
      warn(
        'nsg',
        `${at}: its effective security rules could not be read: ${nic.effective.unknown}.`,
        grantReads
      )
    ]
  }
  if (nic.effective.length === 0) {
    return [
      warn(
        'nsg',
        `${at}: no network security group filters it, so ${what} is allowed, and so is everything else.`,
        'Put an NSG on the NIC or subnet that allows RDP only from where you connect.'
      )
    ]
  }
  const evaluation = evaluateInbound(nic.effective, traffic)
  const by = evaluation.verdicts.map(describe).join('; ')
  if (evaluation.allowed) {
    return [pass('nsg', `${at}: ${what} is allowed (${by}).`)]
  }
  // Both levels must allow, so each NSG that denies needs its own fix.
  return evaluation.denials.map((deny) =>
    fail(
      'nsg',
      `${at}: ${what} is denied by ${describe(deny)}.`,
      allowRuleFix(withGroup(deny, nic, o.target), traffic)
    )
  )
}

export function describe(v: RuleVerdict): string {
  return `${v.level === 'subnet' ? 'subnet' : 'NIC'} NSG ${v.nsg}, rule ${v.rule} (priority ${v.priority}, ${v.access})`
}

/** The verdict with a resource group for its NSG: its own, else the NIC's or the VM's. */
export function withGroup(
  deny: RuleVerdict,
  nic: NicView,
  target: VmRef
): RuleVerdict {
  return {
    ...deny,
    resourceGroup:
      deny.resourceGroup || nic.resourceGroup || target.resourceGroup
  }
}

const grantReads =
  'Grant the read-only network actions (Microsoft.Network/networkInterfaces/read, …/effectiveNetworkSecurityGroups/action, networkSecurityGroups/read, publicIPAddresses/read), then run diagnose again.'
