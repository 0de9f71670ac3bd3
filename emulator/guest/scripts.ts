// The scripts the guest can "run". It cannot run PowerShell, so it knows the
// action's own two scripts by their first line and plays them from the guest
// state; anything else fails. Parameters reach a Windows script as
// `-Name value` (run-command-managed.md); the action base64-encodes (UTF-8)
// the values it passes, so nothing needs command-line quoting.
import {
  hashPassword,
  isSameHash,
  type PasswordHash
} from '../password-hash.ts'
import type {
  ProtectedParameter,
  RunCommandParameter
} from '../run-command-state.ts'
import { sameName, type GuestAccount, type GuestState } from '../state.ts'
import {
  domainRoleOf,
  enableRemoteDesktop,
  firewallProfiles
} from './remote-desktop.ts'

/** First line of the action's read-only verification probe. */
export const verifyMarker = '# azure-vm-access-reset probe: verify/2'
/** First line of the action's set-access script (domain controllers). */
export const setAccessMarker = '# azure-vm-access-reset script: set-access/1'

/** What a script gets: its lines and parameters, protected ones as hashes only. */
export interface ScriptInput {
  script: string[]
  parameters: RunCommandParameter[]
  protectedParameters: ProtectedParameter[]
}

/** How a script ended, and the guest it leaves when it changed it. */
export interface ScriptOutcome {
  exitCode: number
  stdout: string
  stderr: string
  guest?: GuestState
}

/** Runs one of the action's scripts at `nowMs` (the guest clock). */
export function runScript(
  guest: GuestState,
  input: ScriptInput,
  nowMs: number
): ScriptOutcome {
  const firstLine = input.script.join('\n').split(/\r?\n/, 1)[0]?.trimEnd()
  if (firstLine === verifyMarker) return verify(guest, input, nowMs)
  if (firstLine === setAccessMarker) return setAccess(guest, input, nowMs)
  return failed(
    "The emulator's guest runs only azure-vm-access-reset's own scripts (verify/2, set-access/1)."
  )
}

/** A script that wrote `stderr` and exited 1. */
export function failed(stderr: string): ScriptOutcome {
  return { exitCode: 1, stdout: '', stderr }
}

// One compact JSON line with what decides whether RDP can work; with a
// protected PasswordBase64, one network logon of the account (LogonUser).
function verify(
  guest: GuestState,
  input: ScriptInput,
  nowMs: number
): ScriptOutcome {
  const userName = decodedParameter(input, 'UserNameBase64')
  const logon = userName ? tryLogon(guest, input, userName) : undefined
  const report = {
    probe: 'verify/2',
    time: new Date(nowMs).toISOString(),
    domainRole: domainRoleOf(guest),
    ...(userName ? { account: accountReport(guest, userName, nowMs) } : {}),
    ...(logon ? { logon: logon.report } : {}),
    rdp: {
      fDenyTSConnections: guest.rdpEnabled ? 0 : 1,
      portNumber: guest.rdpPort,
      termService: guest.termService,
      firewall: {
        activeProfiles: inProfileOrder(guest.activeFirewallProfiles),
        enabledProfiles: inProfileOrder(guest.rdpFirewallProfiles)
      }
    }
  }
  return {
    exitCode: 0,
    stdout: JSON.stringify(report),
    stderr: '',
    ...(logon ? { guest: logon.guest } : {})
  }
}

function accountReport(
  guest: GuestState,
  userName: string,
  nowMs: number
): Record<string, unknown> {
  const account = findAccount(guest, userName)
  if (!account) return { name: userName, exists: false }
  const lastSet = account.passwordLastSet
  return {
    name: account.name,
    exists: true,
    enabled: account.enabled,
    admin: account.isAdmin,
    passwordLastSet: lastSet ?? null,
    // ADSI's PasswordAge: whole seconds by the guest's clock.
    ...(lastSet === undefined
      ? {}
      : {
          passwordAgeSeconds: Math.max(
            0,
            Math.floor((nowMs - Date.parse(lastSet)) / 1000)
          )
        })
  }
}

// Win32 error codes LogonUser sets (winerror.h).
const logonCodes = {
  accepted: 0,
  wrongPassword: 1326,
  disabled: 1331,
  typeNotGranted: 1385
} as const

/**
 * LogonUser with a network logon, at most once per AttemptId (the script's
 * marker file); a wrong password counts toward lockout, so every attempt
 * is counted on the account.
 */
function tryLogon(
  guest: GuestState,
  input: ScriptInput,
  userName: string
): { report: Record<string, unknown>; guest: GuestState } | undefined {
  const password = input.protectedParameters.find((p) =>
    sameName(p.name, 'PasswordBase64')
  )
  const account = findAccount(guest, userName)
  if (!password || !account) return undefined
  const attemptId = plainParameter(input, 'AttemptId')
  if (guest.logonMarkers.includes(attemptId)) {
    return { report: { attempted: false, code: -1 }, guest }
  }
  const code =
    guest.networkLogon === 'denied'
      ? logonCodes.typeNotGranted
      : !account.enabled
        ? logonCodes.disabled
        : account.passwordHash &&
            isSameHash(account.passwordHash, password.hash)
          ? logonCodes.accepted
          : logonCodes.wrongPassword
  const tried = { ...account, logonAttempts: (account.logonAttempts ?? 0) + 1 }
  return {
    report: { attempted: true, code },
    guest: {
      ...guest,
      accounts: guest.accounts.map((a) => (a === account ? tried : a)),
      logonMarkers: [...guest.logonMarkers, attemptId]
    }
  }
}

// Never creates an account: on a domain controller accounts are domain
// accounts, made with Active Directory tools.
function setAccess(
  guest: GuestState,
  input: ScriptInput,
  nowMs: number
): ScriptOutcome {
  const userName = decodedParameter(input, 'UserNameBase64')
  const passwordHash = passwordHashOf(input, 'PasswordBase64')
  let accounts = guest.accounts
  if (passwordHash !== undefined) {
    if (!userName)
      return failed('PasswordBase64 was given without UserNameBase64.')
    const account = findAccount(guest, userName)
    if (!account) return failed(missingAccount(guest, userName))
    const updated: GuestAccount = {
      ...account,
      enabled: true,
      passwordHash,
      passwordLastSet: new Date(nowMs).toISOString()
    }
    accounts = accounts.map((a) => (a === account ? updated : a))
  }
  const report = {
    script: 'set-access/1',
    passwordSet: passwordHash !== undefined,
    rdp: {
      fDenyTSConnections: 0,
      termService: 'Running',
      firewallGroupEnabled: true
    }
  }
  return {
    exitCode: 0,
    stdout: JSON.stringify(report),
    stderr: '',
    guest: { ...enableRemoteDesktop(guest), accounts }
  }
}

function missingAccount(guest: GuestState, userName: string): string {
  return guest.domainController
    ? `The account '${userName}' does not exist; create it with Active Directory tools first.`
    : `The account '${userName}' does not exist on this VM.`
}

function findAccount(
  guest: GuestState,
  userName: string
): GuestAccount | undefined {
  return guest.accounts.find((a) => sameName(a.name, userName))
}

function inProfileOrder(profiles: readonly string[]): string[] {
  return firewallProfiles.filter((p) => profiles.includes(p))
}

// PowerShell parameter names ignore case.
function plainParameter(input: ScriptInput, name: string): string {
  return input.parameters.find((p) => sameName(p.name, name))?.value ?? ''
}

function decodedParameter(input: ScriptInput, name: string): string {
  const value = plainParameter(input, name)
  return value ? Buffer.from(value, 'base64').toString('utf8') : ''
}

/** The hash of a password parameter: protected (hashed on arrival) or, carelessly, public. */
function passwordHashOf(
  input: ScriptInput,
  name: string
): PasswordHash | undefined {
  const secret = input.protectedParameters.find((p) => sameName(p.name, name))
  if (secret) return secret.hash
  const visible = decodedParameter(input, name)
  return visible ? hashPassword(visible) : undefined
}
