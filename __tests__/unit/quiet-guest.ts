// The guest and diagnose settings of a test that exercises the VMAccess
// steps alone: no Run Command in the guest, no diagnosis after a failure.
import type { Settings } from '../../src/settings.ts'

export const quietGuest: Pick<Settings, 'guest' | 'diagnose'> = {
  guest: { verify: false, domainController: 'refuse' },
  diagnose: {
    rdpPort: 3389,
    sourceAddress: 'Internet',
    failOnFindings: false,
    onFailure: false,
    guest: false
  }
}
