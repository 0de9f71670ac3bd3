// Pure: the checks that prove a reset took, from what the guest reported,
// each with its value and, when it fails, the next step for that check.
import { offlineResetUrl } from '../errors.ts'
import type { VmRef } from '../settings.ts'
import type { GuestFacts } from './facts.ts'

/** The checks, in the order the summary lists them. */
export type CheckName =
  | 'account-exists'
  | 'account-enabled'
  | 'account-admin'
  | 'password-set'
  | 'rdp-enabled'
  | 'rdp-service'
  | 'rdp-firewall'
  | 'rdp-port'

/** One check: what the guest showed, whether that is what a reset leaves, and the fix. */
export interface Check {
  check: CheckName
  verdict: 'pass' | 'fail' | 'warn'
  value: string | number | boolean | null
  /** One sentence for the summary, the guest's values in it. */
  says: string
  fix?: string
}

/** Whether the guest shows the reset, and how it was found out. */
export type Proof =
  | {
      verified: 'true' | 'false'
      checks: Check[]
      guestTime: string
      domainRole: number
    }
  /** Not checked: the reason is one line that names the cause and the way round it. */
  | { verified: 'unknown'; reason: string }

/** What the reset was meant to leave in the guest. */
export interface Expected {
  target: VmRef
  /** reset-password: the account whose password was set. */
  username?: string
  /** When the reset began (epoch ms), by the runner's clock. */
  startedAt: number
}

/** Guest and runner clocks may differ; a password set this close before the start still counts. */
export const clockSkewMs = 5 * 60_000

/** The usual RDP port, which network security group rules usually name. */
export const defaultRdpPort = 3389

/** The checks a reset must pass, from the guest's facts. */
export function proofOf(facts: GuestFacts, expected: Expected): Proof {
  const checks = [
    ...accountChecks(facts, expected),
    ...rdpChecks(facts, expected.target)
  ]
  return {
    verified: checks.some((c) => c.verdict === 'fail') ? 'false' : 'true',
    checks,
    guestTime: facts.time,
    domainRole: facts.domainRole
  }
}

/** True when the guest is a domain controller (DomainRole 4 or 5). */
export function isDomainController(facts: GuestFacts): boolean {
  return facts.domainRole >= 4
}

function accountChecks(facts: GuestFacts, expected: Expected): Check[] {
  const { username, target } = expected
  if (username === undefined) return []
  const account = facts.account
  if (!account?.exists) {
    return [
      fail(
        'account-exists',
        false,
        `The account ${username} does not exist in the guest.`,
        `Run the workflow again; if the account is still missing, reset the password without the agent: ${offlineResetUrl}.`
      )
    ]
  }
  const checks: Check[] = [
    pass('account-exists', true, `The account ${account.name} exists.`),
    account.enabled === true
      ? pass('account-enabled', true, 'It is enabled.')
      : fail(
          'account-enabled',
          false,
          'It is disabled.',
          `Enable it: ${invoke(target, `net user '${psQuoted(account.name)}' /active:yes`)}`
        ),
    account.admin === true
      ? pass('account-admin', true, 'It is a member of Administrators.')
      : fail(
          'account-admin',
          false,
          'It is not a member of the local Administrators group.',
          `Add it: ${invoke(target, `Add-LocalGroupMember -SID S-1-5-32-544 -Member '${psQuoted(account.name)}'`)}`
        )
  ]
  checks.push(passwordCheck(account.passwordLastSet ?? null, expected))
  return checks
}

function passwordCheck(lastSet: string | null, expected: Expected): Check {
  const started = new Date(expected.startedAt).toISOString()
  const at = lastSet === null ? Number.NaN : Date.parse(lastSet)
  if (Number.isFinite(at) && at >= expected.startedAt - clockSkewMs) {
    return pass(
      'password-set',
      lastSet,
      `Its password was last set at ${lastSet}, after the reset began (${started}).`
    )
  }
  return fail(
    'password-set',
    lastSet,
    lastSet === null
      ? 'The guest says its password was never set.'
      : `Its password was last set at ${lastSet}, before this reset began (${started}): the password did not change.`,
    `VMAccess reported success without changing the password. Run the workflow again; if the guest still shows the old time, read C:\\WindowsAzure\\Logs\\Plugins\\Microsoft.Compute.VMAccessAgent in the guest, or reset the password without the agent: ${offlineResetUrl}.`
  )
}

function rdpChecks(facts: GuestFacts, target: VmRef): Check[] {
  const { rdp } = facts
  const missing = rdp.firewall.activeProfiles.filter(
    (p) => !rdp.firewall.enabledProfiles.includes(p)
  )
  const active = rdp.firewall.activeProfiles.join(', ') || 'none'
  return [
    rdp.fDenyTSConnections === 0
      ? pass('rdp-enabled', 0, 'Remote Desktop is on (fDenyTSConnections = 0).')
      : fail(
          'rdp-enabled',
          rdp.fDenyTSConnections,
          `Remote Desktop is off (fDenyTSConnections = ${rdp.fDenyTSConnections}).`,
          'A Group Policy may turn it off again ("Allow users to connect remotely by using Remote Desktop Services"); check it with gpresult /h in the guest, then run mode: reset-rdp.'
        ),
    rdp.termService === 'Running'
      ? pass('rdp-service', 'Running', 'The TermService service is running.')
      : fail(
          'rdp-service',
          rdp.termService,
          `The TermService service is ${rdp.termService}.`,
          `Start it: ${invoke(target, 'Set-Service TermService -StartupType Automatic; Start-Service TermService')}`
        ),
    missing.length === 0
      ? pass(
          'rdp-firewall',
          active,
          `The Remote Desktop firewall rules are enabled for the active profile(s): ${active}.`
        )
      : fail(
          'rdp-firewall',
          missing.join(', '),
          `The Remote Desktop firewall rules are not enabled for the active profile(s): ${missing.join(', ')}.`,
          `Enable them: ${invoke(target, "Enable-NetFirewallRule -Group '@FirewallAPI.dll,-28752'")}`
        ),
    rdp.portNumber === defaultRdpPort
      ? pass('rdp-port', rdp.portNumber, 'RDP listens on port 3389.')
      : {
          check: 'rdp-port',
          verdict: 'warn',
          value: rdp.portNumber,
          says: `RDP listens on port ${rdp.portNumber}, not 3389.`,
          fix: `Make sure the network security group allows TCP ${rdp.portNumber}: its rules usually name 3389.`
        }
  ]
}

/** A command that runs `script` in the VM's guest through the Azure CLI. */
function invoke({ resourceGroup, vmName }: VmRef, script: string): string {
  return `az vm run-command invoke -g ${resourceGroup} -n ${vmName} --command-id RunPowerShellScript --scripts "${script}"`
}

// A name inside a PowerShell single-quoted string.
function psQuoted(text: string): string {
  return text.replace(/'/g, "''")
}

function pass(check: CheckName, value: Check['value'], says: string): Check {
  return { check, verdict: 'pass', value, says }
}

function fail(
  check: CheckName,
  value: Check['value'],
  says: string,
  fix: string
): Check {
  return { check, verdict: 'fail', value, says, fix }
}
