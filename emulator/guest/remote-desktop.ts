import type { FirewallProfile } from '../scenario.ts'
import type { GuestState } from '../state.ts'

/** Windows Firewall's three profiles, in the order Windows lists them. */
export const firewallProfiles: readonly FirewallProfile[] = [
  'Domain',
  'Private',
  'Public'
]

/**
 * What VMAccess and the set-access script both do for Remote Desktop:
 * fDenyTSConnections=0, the "Remote Desktop" firewall group in every
 * profile, TermService started. The port is left as it is.
 */
export function enableRemoteDesktop(guest: GuestState): GuestState {
  return {
    ...guest,
    rdpEnabled: true,
    rdpFirewallProfiles: [...firewallProfiles],
    termService: 'Running'
  }
}

/** True when the "Remote Desktop" group is enabled in all three profiles. */
export function isRdpFirewallOpen(guest: GuestState): boolean {
  return firewallProfiles.every((p) => guest.rdpFirewallProfiles.includes(p))
}

/** Win32_ComputerSystem.DomainRole: 5 a primary domain controller, 3 a member server. */
export function domainRoleOf(guest: GuestState): 3 | 5 {
  return guest.domainController ? 5 : 3
}
