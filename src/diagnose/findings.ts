// Pure: the diagnosis of one VM, from what Azure and the guest showed: each
// finding ✅/⚠️/❌ with the concrete fix, in the order a person checks.
import type { VirtualMachine } from '@azure/arm-compute'
import { offlineResetUrl } from '../errors.ts'
import type { GuestFacts } from '../guest/facts.ts'
import { proofOf } from '../guest/proof.ts'
import { isAgentReady, osTypeOf } from '../preflight.ts'
import type { VmRef } from '../settings.ts'
import type { NicView } from './network.ts'
import { evaluateInbound, type RuleVerdict, type Traffic } from './rules.ts'

/** One thing diagnose checked. */
export interface Finding {
  check: string
  verdict: 'pass' | 'warn' | 'fail'
  /** One sentence, Azure's and the guest's values in it. */
  says: string
  fix?: string
}

/** What diagnose read of one VM. */
export interface Observed {
  target: VmRef
  vm: VirtualMachine
  nics: (NicView | { id: string; unknown: string })[]
  /** The in-guest probe's facts, or why there are none. */
  guest: { facts: GuestFacts } | { unknown: string }
  traffic: Traffic
}

/** Every finding, VM first, network next, guest last. */
export function diagnose(o: Observed): Finding[] {
  return [
    ...vmFindings(o),
    ...extensionFindings(o),
    bootDiagnosticsFinding(o),
    ...o.nics.flatMap((nic) => nicFindings(nic, o)),
    ...(o.nics.length === 0 ? [noNic(o)] : []),
    ...guestFindings(o)
  ]
}

function vmFindings({ vm, target }: Observed): Finding[] {
  const { resourceGroup: rg, vmName: name } = target
  const statuses = vm.instanceView?.statuses ?? []
  const power =
    statuses.find((s) => s.code?.startsWith('PowerState/'))?.code?.slice(11) ??
    'unknown'
  const provisioning =
    statuses
      .find((s) => s.code?.startsWith('ProvisioningState/'))
      ?.code?.slice(18) ?? 'unknown'
  const os = osTypeOf(vm) ?? 'unknown'
  const agent = vm.instanceView?.vmAgent
  const heartbeat = agent?.statuses?.[0]?.time
  const agentSays = `version ${agent?.vmAgentVersion ?? 'unknown'}, last heartbeat ${heartbeat ? new Date(heartbeat).toISOString() : 'unknown'}`
  return [
    power === 'running'
      ? pass('power-state', 'The VM is running.')
      : fail(
          'power-state',
          `The VM is ${power}: nothing answers RDP.`,
          `Start it: az vm start -g ${rg} -n ${name}.`
        ),
    provisioning === 'succeeded'
      ? pass('provisioning-state', 'Its provisioning state is Succeeded.')
      : warn(
          'provisioning-state',
          `Its provisioning state is ${provisioning}.`,
          `A failed state often clears with a redeploy to another host: az vm redeploy -g ${rg} -n ${name}.`
        ),
    os === 'Windows'
      ? pass('os-type', 'It runs Windows.')
      : warn(
          'os-type',
          `It runs ${os}: RDP and these checks are for Windows.`,
          'For SSH to a Linux VM, check port 22 instead (rdp-port: 22).'
        ),
    power !== 'running'
      ? warn('vm-agent', `The VM agent cannot report while the VM is ${power}.`)
      : isAgentReady(vm)
        ? pass('vm-agent', `The VM agent is Ready (${agentSays}).`)
        : fail(
            'vm-agent',
            `The VM agent is not Ready (${agentSays}): no extension and no Run Command can run.`,
            `Restart the VM (az vm restart -g ${rg} -n ${name}); if the agent stays down, reset the password offline: ${offlineResetUrl}.`
          )
  ]
}

function extensionFindings({ vm }: Observed): Finding[] {
  const extensions = vm.instanceView?.extensions ?? []
  const vmAccess = extensions.find(
    (e) => e.type === 'Microsoft.Compute.VMAccessAgent'
  )
  const said = (vmAccess?.statuses ?? [])
    .map((s) => s.message)
    .filter(Boolean)
    .join(' ')
  const state = vmAccess?.statuses?.[0]?.code?.split('/')[1] ?? 'unknown'
  const findings: Finding[] = [
    !vmAccess
      ? pass(
          'vmaccess',
          'No VMAccess extension is on the VM (a reset adds one).'
        )
      : /succeeded/i.test(state)
        ? pass(
            'vmaccess',
            `VMAccess '${vmAccess.name}' last succeeded: ${said || 'no message'}.`
          )
        : warn(
            'vmaccess',
            `VMAccess '${vmAccess.name}' is ${state}: ${said || 'no message'}.`,
            'Run the reset again (mode: reset-rdp or reset-password); its summary explains the message.'
          )
  ]
  for (const e of extensions) {
    const code = e.statuses?.[0]?.code ?? ''
    if (/transitioning|creating|updating|deleting/i.test(code)) {
      findings.push(
        warn(
          'extension-transitioning',
          `Extension '${e.name}' is stuck in ${code.split('/')[1] ?? code}: new extension operations wait for it.`,
          'Restart the VM so the agent retries it, or remove the extension.'
        )
      )
    }
  }
  return findings
}

function bootDiagnosticsFinding({ vm, target }: Observed): Finding {
  return vm.diagnosticsProfile?.bootDiagnostics?.enabled
    ? pass(
        'boot-diagnostics',
        'Boot diagnostics is on: the portal shows the screenshot and serial console.'
      )
    : warn(
        'boot-diagnostics',
        'Boot diagnostics is off: no screenshot or serial console to see what the VM is doing.',
        `Turn it on: az vm boot-diagnostics enable -g ${target.resourceGroup} -n ${target.vmName}.`
      )
}

function noNic({ target }: Observed): Finding {
  return fail(
    'nic',
    'Azure lists no network interface for the VM.',
    `Check the VM's network profile: az vm show -g ${target.resourceGroup} -n ${target.vmName}.`
  )
}

function nicFindings(
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

function describe(v: RuleVerdict): string {
  return `${v.level === 'subnet' ? 'subnet' : 'NIC'} NSG ${v.nsg}, rule ${v.rule} (priority ${v.priority}, ${v.access})`
}

/** The allow rule to add: in the NSG that denies, before the deny rule. */
function allowRuleFix(
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

function guestFindings(o: Observed): Finding[] {
  if ('unknown' in o.guest) {
    return [
      warn(
        'guest',
        `Inside the guest was not checked: ${o.guest.unknown}.`,
        'Grant Microsoft.Compute/virtualMachines/runCommand/action to check the RDP listener, service, firewall and port inside the guest.'
      )
    ]
  }
  const facts = o.guest.facts
  const proof = proofOf(facts, { target: o.target, startedAt: 0 })
  const port = facts.rdp.portNumber
  // Another port than the one asked about is told below, with the NSG's word.
  const checks = (proof.verified === 'unknown' ? [] : proof.checks).filter(
    (c) => c.check !== 'rdp-port' || port === o.traffic.port
  )
  const findings: Finding[] = checks.map((c) => ({
    check: `guest-${c.check}`,
    verdict: c.verdict,
    says: `In the guest, ${c.says.charAt(0).toLowerCase()}${c.says.slice(1)}`,
    ...(c.fix && c.verdict !== 'pass' ? { fix: c.fix } : {})
  }))
  if (port !== o.traffic.port) findings.push(portFinding(port, o))
  return findings
}

/** RDP listens on another port than the NSG check: is that port let in? */
function portFinding(port: number, o: Observed): Finding {
  const nics = o.nics.filter((n): n is NicView => 'name' in n)
  const denied = nics
    .map((nic) => ({
      nic,
      evaluation: Array.isArray(nic.effective)
        ? evaluateInbound(nic.effective, { ...o.traffic, port })
        : undefined
    }))
    .find((x) => x.evaluation && !x.evaluation.allowed)
  if (!denied?.evaluation?.deniedBy) {
    return warn(
      'guest-port',
      `RDP listens on port ${port} in the guest, not ${o.traffic.port}; the network lets TCP ${port} in.`,
      `Connect to port ${port} (mstsc /v:<address>:${port}).`
    )
  }
  return fail(
    'guest-port',
    `RDP listens on port ${port} in the guest, but ${describe(denied.evaluation.deniedBy)} denies TCP ${port}.`,
    allowRuleFix(denied.evaluation.deniedBy, denied.nic, o.target, {
      ...o.traffic,
      port
    })
  )
}

const grantReads =
  'Grant the read-only network actions (Microsoft.Network/networkInterfaces/read, …/effectiveNetworkSecurityGroups/action, networkSecurityGroups/read, publicIPAddresses/read), then run diagnose again.'

function pass(check: string, says: string): Finding {
  return { check, verdict: 'pass', says }
}

function warn(check: string, says: string, fix?: string): Finding {
  return { check, verdict: 'warn', says, ...(fix ? { fix } : {}) }
}

function fail(check: string, says: string, fix: string): Finding {
  return { check, verdict: 'fail', says, fix }
}
