// Pure: the guest's findings for one VM, from the in-guest probe's facts:
// the RDP listener, service and firewall, and whether its port is let in.
import { runCommandAction } from '../guest/probe.ts'
import { proofOf } from '../guest/proof.ts'
import { Input } from '../settings.ts'
import type { NicView } from './network.ts'
import { describe, withGroup } from './network-findings.ts'
import { allowRuleFix } from './nsg-fix.ts'
import { evaluateInbound } from './rules.ts'
import { fail, pass, warn, type Finding, type Observed } from './verdicts.ts'

/** What diagnose runs in the guest, word for word as the summary says it. */
export const guestProbeRuns =
  'the action Run Command (RunPowerShellScript) runs the read-only PowerShell script verify/2 as SYSTEM: it reads the Remote Desktop settings, TermService, the firewall group and the port, and changes nothing'

const turnOn = `Set ${Input.diagnoseGuest}: true to check the RDP listener, service, firewall and port inside the guest (${guestProbeRuns}; it needs ${runCommandAction}).`

export function guestFindings(o: Observed): Finding[] {
  if ('off' in o.guest) {
    return [
      warn(
        'guest',
        `Inside the guest was not checked: ${Input.diagnoseGuest} is false, so no Run Command was sent and diagnose sent Azure only reads.`,
        turnOn
      )
    ]
  }
  if ('unknown' in o.guest) {
    const sent = o.guest.sent
      ? `Run Command was sent (the read-only script verify/2, as SYSTEM) but gave no answer: ${o.guest.unknown}.`
      : `no Run Command was sent: ${o.guest.unknown}.`
    return [
      warn(
        'guest',
        `Inside the guest was not checked: ${sent}`,
        `Grant ${runCommandAction} to check the RDP listener, service, firewall and port inside the guest.`
      )
    ]
  }
  const facts = o.guest.facts
  const proof = proofOf(facts, { target: o.target })
  const port = facts.rdp.portNumber
  // Another port than the one asked about is told below, with the NSG's word.
  const checks = ('checks' in proof ? proof.checks : []).filter(
    (c) => c.check !== 'rdp-port' || port === o.traffic.port
  )
  const findings: Finding[] = checks.map((c) => ({
    check: `guest-${c.check}`,
    // No account is asked about here, so no check is left unknown.
    verdict: c.verdict === 'unknown' ? 'warn' : c.verdict,
    says: `In the guest, ${c.says.charAt(0).toLowerCase()}${c.says.slice(1)}`,
    ...(c.fix && c.verdict !== 'pass' ? { fix: c.fix } : {})
  }))
  if (port !== o.traffic.port) findings.push(portFinding(port, o))
  return [pass('guest-probe', `In the guest, ${guestProbeRuns}.`), ...findings]
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
    allowRuleFix(withGroup(denied.evaluation.deniedBy, denied.nic, o.target), {
      ...o.traffic,
      port
    })
  )
}
