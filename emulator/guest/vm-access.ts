import {
  sameName,
  type GuestAccount,
  type GuestState,
  type VmAccessRequest
} from '../state.ts'
import { enableRemoteDesktop } from './remote-desktop.ts'

/** What the VMAccess handler reports after one run. */
export type VmAccessOutcome =
  | { ok: true; guest: GuestState; message: string; steps: string[] }
  | { ok: false; message: string }

/**
 * Runs VMAccessAgent in the guest, as documented in vmaccess-windows.md
 * (MicrosoftDocs/azure-compute-docs, "Error messages" table): reset or create
 * a local administrator, and always re-enable Remote Desktop (fDenyTSConnections,
 * the firewall group in every profile, TermService; not the port). A password
 * set at `nowMs` becomes the account's passwordLastSet.
 */
export function runVmAccess(
  guest: GuestState,
  request: VmAccessRequest,
  nowMs: number
): VmAccessOutcome {
  if (guest.domainController) {
    return {
      ok: false,
      message: 'VMAccess Extension does not support Domain Controller.'
    }
  }
  const rdp = enableRemoteDesktop(guest)
  const rdpSteps = [
    'Remote Desktop enabled (fDenyTSConnections=0)',
    "Firewall rule group 'Remote Desktop' enabled"
  ]
  const userName = request.userName
  if (userName === undefined || userName === '') {
    return {
      ok: true,
      guest: rdp,
      message: 'RDP configuration reset',
      steps: rdpSteps
    }
  }
  if (!request.passwordGiven || request.passwordHash === undefined) {
    return {
      ok: false,
      message:
        'The Admin User Account password cannot be null or empty if provided the username.'
    }
  }
  const existing = guest.accounts.find((a) => sameName(a.name, userName))
  if (existing && !existing.isAdmin) {
    return {
      ok: false,
      message:
        'Cannot update Remote Desktop Connection settings for Administrator account. ' +
        `Error: User account ${existing.name} already exists but cannot be updated ` +
        'because it is not in the Administrators group.'
    }
  }
  const passwordLastSet = new Date(nowMs).toISOString()
  const account: GuestAccount = existing
    ? {
        ...existing,
        enabled: true,
        passwordHash: request.passwordHash,
        passwordLastSet
      }
    : {
        name: userName,
        isAdmin: true,
        enabled: true,
        created: true,
        passwordHash: request.passwordHash,
        passwordLastSet
      }
  const accounts = existing
    ? rdp.accounts.map((a) => (a === existing ? account : a))
    : [...rdp.accounts, account]
  return {
    ok: true,
    guest: { ...rdp, accounts },
    message: existing
      ? `Successfully reset password for user ${account.name}`
      : `Successfully created local administrator ${account.name} and set its password`,
    steps: [
      ...rdpSteps,
      existing
        ? `Password of ${account.name} reset${existing.enabled ? '' : '; account enabled'}`
        : `Local administrator ${account.name} created`
    ]
  }
}
