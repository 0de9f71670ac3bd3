// Pure: the guest's findings for one VM, from the in-guest probe's facts:
// the RDP listener, service and firewall, and whether its port is let in.
import { proofOf } from '../guest/proof.ts'
import type { NicView } from './network.ts'
import { allowRuleFix, describe } from './network-findings.ts'
import { evaluateInbound } from './rules.ts'
import { fail, warn, type Finding, type Observed } from './verdicts.ts'

export function guestFindings(o: Observed): Finding[] {
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
