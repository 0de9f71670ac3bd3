// Pure: the checks that prove a reset took, from what the guest reported,
// each with its value and, when it fails, the next step for that check.
import { offlineResetUrl } from '../errors.ts'
import type { VmRef } from '../settings.ts'
import { azCommand, psQuote } from '../shell.ts'
import type { GuestFacts } from './facts.ts'

/** The checks, in the order the summary lists them. */
export type CheckName =
  | 'account-exists'
  | 'account-enabled'
  | 'account-admin'
  | 'password-accepted'
  | 'password-set'
  | 'rdp-enabled'
  | 'rdp-service'
  | 'rdp-firewall'
  | 'rdp-port'

/** One check: what the guest showed, whether that is what a reset leaves, and the fix. */
export interface Check {
  check: CheckName
  /** unknown: the guest could not tell (its policy, say), which proves nothing either way. */
  verdict: 'pass' | 'fail' | 'warn' | 'unknown'
  value: string | number | boolean | null
  /** One sentence for the summary, the guest's values in it. */
  says: string
  fix?: string
}

/** Whether the guest shows the reset, and how it was found out. */
export type Proof =
  | {
      /** unknown: no check failed, but one could not tell. */
      verified: 'true' | 'false' | 'unknown'
      checks: Check[]
      guestTime: string
      domainRole: number
      /** The verify Run Command could not be deleted: what to do about it. */
      runCommandLeft?: string
    }
  /** Not checked: the reason is one line that names the cause and the way round it. */
  | { verified: 'unknown'; reason: string }

/** What the reset was meant to leave in the guest. */
export interface Expected {
  target: VmRef
  /** reset-password: the account whose password was set. */
  username?: string
  /** True when the guest was given this run's password to try once. */
  passwordTried?: boolean
  /**
   * The runner's time (ms, a duration) from Azure accepting the write that
   * set the password to the guest's answer: a password older than that, by
   * the guest's own count, was set before the write.
   */
  sinceWriteMs?: number
}

/** The usual RDP port, which network security group rules usually name. */
export const defaultRdpPort = 3389

/** The checks a reset must pass, from the guest's facts. */
export function proofOf(facts: GuestFacts, expected: Expected): Proof {
  const checks = [
    ...accountChecks(facts, expected),
    ...rdpChecks(facts, expected.target)
  ]
  const verdicts = new Set(checks.map((c) => c.verdict))
  return {
    verified: verdicts.has('fail')
      ? 'false'
      : verdicts.has('unknown')
        ? 'unknown'
        : 'true',
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
          `Enable it: ${invoke(target, `net user ${psQuote(account.name)} /active:yes`)}`
        ),
    account.admin === true
      ? pass('account-admin', true, 'It is a member of Administrators.')
      : fail(
          'account-admin',
          false,
          'It is not a member of the local Administrators group.',
          `Add it: ${invoke(target, `Add-LocalGroupMember -SID S-1-5-32-544 -Member ${psQuote(account.name)}`)}`
        )
  ]
  const logon = expected.passwordTried ? logonCheck(facts.logon) : undefined
  if (logon) checks.push(logon)
  const age = passwordAgeCheck(account, expected.sinceWriteMs, logon)
  if (age) checks.push(age)
  return checks
}

const notTakenFix = `VMAccess reported success without changing the password. Run the workflow again; if the guest still refuses it, read C:\\WindowsAzure\\Logs\\Plugins\\Microsoft.Compute.VMAccessAgent in the guest, or reset the password without the agent: ${offlineResetUrl}.`

const oneTry =
  'one network logon in the guest; it is never repeated, as a wrong password counts toward the lockout threshold'

/** The proof itself: whether the account accepts this run's password. */
export function logonCheck(logon: GuestFacts['logon']): Check {
  if (!logon) {
    return unknown(
      null,
      'The guest did not say whether the account accepts this run’s password.'
    )
  }
  if (!logon.attempted) {
    return unknown(
      null,
      'The password was not tried: this check had already tried it once on the VM (a repeated execution), and does not try twice.'
    )
  }
  const { code } = logon
  if (code === 0) {
    return pass(
      'password-accepted',
      true,
      `The account accepts this run’s password (${oneTry}).`
    )
  }
  if (code === 1326) {
    return fail(
      'password-accepted',
      false,
      'The account refuses this run’s password (Windows error 1326): the password did not change.',
      notTakenFix
    )
  }
  if (code === 1330 || code === 1907) {
    return {
      ...pass(
        'password-accepted',
        true,
        `The account accepts this run’s password, but Windows says it must be changed (error ${code}).`
      ),
      verdict: 'warn',
      fix: 'A password policy (maximum age, or "must change at next logon") applies to this account: change the policy or sign in once to set a new password.'
    }
  }
  return unknown(
    code,
    `The password could not be tried: ${whyNotTried(code)}. That proves nothing either way.`
  )
}

// LogonUser's answers that say nothing of the password (winerror.h).
function whyNotTried(code: number): string {
  switch (code) {
    case 1385:
      return 'the guest’s policy does not grant this account network logon (error 1385: "Access this computer from the network", or "Deny access to this computer from the network" names it, as hardening baselines do for local accounts)'
    case 1331:
      return 'the account is disabled (error 1331)'
    case 1909:
      return 'the account is locked out (error 1909)'
    case 1327:
      return 'an account restriction refused the logon (error 1327)'
    case 1328:
      return 'the account’s logon hours exclude now (error 1328)'
    case 1329:
      return 'the account may not log on at this computer (error 1329)'
    case 1311:
      return 'no logon server answered (error 1311)'
    default:
      return `LogonUser failed with Windows error ${code}`
  }
}

/**
 * When the password was set, in the guest's own count of seconds, against
 * the runner's count since Azure accepted the write: two durations, so the
 * clocks never need to agree. Older than the write means not this run's.
 * After a logon that told (accepted or refused) it only adds detail; it
 * decides only when the logon could not be tried.
 */
function passwordAgeCheck(
  account: NonNullable<GuestFacts['account']>,
  sinceWriteMs: number | undefined,
  logon: Check | undefined
): Check | undefined {
  if (sinceWriteMs === undefined) return undefined
  const age = account.passwordAgeSeconds ?? null
  const since = Math.round(sinceWriteMs / 1000)
  const told = logon?.verdict === 'pass' || logon?.verdict === 'fail'
  if (age !== null && age * 1000 <= sinceWriteMs) {
    return pass(
      'password-set',
      age,
      `Its password was set ${age} s ago by the guest’s clock, after Azure accepted this run’s write (${since} s ago).`
    )
  }
  const says =
    age === null
      ? 'The guest says its password was never set'
      : `Its password was set ${age} s ago by the guest’s clock, before Azure accepted this run’s write (${since} s ago)`
  if (told) {
    const already =
      logon.verdict === 'pass' ? ': the account already had this password' : ''
    return {
      check: 'password-set',
      verdict: 'warn',
      value: age,
      says: `${says}${already}.`
    }
  }
  return fail(
    'password-set',
    age,
    `${says}: the password did not change.`,
    notTakenFix
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
  return azCommand([
    'vm',
    'run-command',
    'invoke',
    '-g',
    resourceGroup,
    '-n',
    vmName,
    '--command-id',
    'RunPowerShellScript',
    '--scripts',
    script
  ])
}

function unknown(value: Check['value'], says: string): Check {
  return { check: 'password-accepted', verdict: 'unknown', value, says }
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
