// Pure: the network's findings for one VM: each NIC, its public IP, and
// whether its effective security rules let RDP in, with the allow rule to add.
import type { VmRef } from '../settings.ts'
import type { NicView } from './network.ts'
import { evaluateInbound, type RuleVerdict, type Traffic } from './rules.ts'
import { fail, pass, warn, type Finding, type Observed } from './verdicts.ts'

export function noNic({ target }: Observed): Finding {
  return fail(
    'nic',
    'Azure lists no network interface for the VM.',
    `Check the VM's network profile: az vm show -g ${target.resourceGroup} -n ${target.vmName}.`
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
      `If none is intended, connect through Azure Bastion or just-in-time VM access (or a VPN); otherwise add one (az network public-ip create -g ${nic.resourceGroup} -n ${nic.name}-ip --sku Standard) and attach it (az network nic ip-config update -g ${nic.resourceGroup} --nic-name ${nic.name} -n ipconfig1 --public-ip-address ${nic.name}-ip).`
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
  const deny = evaluation.deniedBy as RuleVerdict
  return [
    fail(
      'nsg',
      `${at}: ${what} is denied by ${describe(deny)}.`,
      allowRuleFix(deny, nic, o.target, traffic)
    )
  ]
}

export function describe(v: RuleVerdict): string {
  return `${v.level === 'subnet' ? 'subnet' : 'NIC'} NSG ${v.nsg}, rule ${v.rule} (priority ${v.priority}, ${v.access})`
}

/** The allow rule to add: in the NSG that denies, before the deny rule. */
export function allowRuleFix(
  deny: RuleVerdict,
  nic: NicView,
  target: VmRef,
  traffic: Traffic
): string {
  const priority = Math.max(100, Math.min(deny.priority - 10, 4096))
  const isDefault = deny.rule.startsWith('defaultSecurityRules/')
  const nsgGroup = nic.resourceGroup || target.resourceGroup
  const command = `az network nsg rule create -g ${nsgGroup} --nsg-name ${deny.nsg} -n AllowRDP-${traffic.port} --priority ${priority} --direction Inbound --access Allow --protocol Tcp --destination-port-ranges ${traffic.port} --source-address-prefixes ${traffic.source}`
  const where = isDefault
    ? `No rule of ${deny.nsg} allows it, so its default ${deny.rule.split('/')[1] ?? deny.rule} denies it.`
    : `Add an allow rule with a lower priority number than ${deny.priority}, or remove ${deny.rule}.`
  const safer =
    traffic.source.toLowerCase() === 'internet' || traffic.source === '*'
      ? ' Better than opening RDP to the internet: Azure Bastion or just-in-time VM access, or source-address set to your own address range.'
      : ''
  return `${where} ${command}.${safer}`
}

const grantReads =
  'Grant the read-only network actions (Microsoft.Network/networkInterfaces/read, …/effectiveNetworkSecurityGroups/action, networkSecurityGroups/read, publicIPAddresses/read), then run diagnose again.'
