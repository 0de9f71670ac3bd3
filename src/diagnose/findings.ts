// Pure: the diagnosis of one VM, from what Azure and the guest showed: each
// finding ✅/⚠️/❌ with the concrete fix, in the order a person checks.
// The VM's own findings are here; the network's and the guest's beside it.
import { azCommand } from '../shell.ts'
import { offlineResetUrl } from '../errors.ts'
import { isAgentReady, osTypeOf } from '../preflight.ts'
import { guestFindings } from './guest-findings.ts'
import { nicFindings, noNic } from './network-findings.ts'
import { fail, pass, warn, type Finding, type Observed } from './verdicts.ts'

export type { Finding, Observed }

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
          `Start it: \`${azCommand(['vm', 'start', '-g', rg, '-n', name])}\``
        ),
    provisioning === 'succeeded'
      ? pass('provisioning-state', 'Its provisioning state is Succeeded.')
      : warn(
          'provisioning-state',
          `Its provisioning state is ${provisioning}.`,
          `A failed state often clears with a redeploy to another host: \`${azCommand(['vm', 'redeploy', '-g', rg, '-n', name])}\``
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
            `Restart the VM (\`${azCommand(['vm', 'restart', '-g', rg, '-n', name])}\`); if the agent stays down, reset the password offline: ${offlineResetUrl}.`
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
        `Turn it on: \`${azCommand(['vm', 'boot-diagnostics', 'enable', '-g', target.resourceGroup, '-n', target.vmName])}\``
      )
}
