// Failures VMAccess reports from inside the guest, each with its own remedy.
import type { FaultCase } from './fault-case.ts'

/** The in-guest failures VMAccess reports, each mapped to its own next step. */
export const inGuest: FaultCase[] = [
  {
    name: 'VMAccess refuses a domain controller',
    vm: 'vm-domain-controller',
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-refused',
      says: 'Domain Controller',
      nextStep: 'Set-ADAccountPassword'
    }
  },
  {
    name: "the guest's password policy refuses the password",
    vm: 'vm-ext-fails',
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-failed',
      says: 'password policy',
      nextStep: 'choose a new password that has not been used before'
    }
  },
  {
    name: 'the account exists but is not an administrator',
    vm: 'vm-not-admin',
    inputs: () => ({ username: 'helpdesk' }),
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-failed',
      says: 'not in the Administrators group',
      nextStep: 'is not a local administrator'
    }
  },
  {
    name: 'VMAccess provisioning times out in the guest',
    vm: 'vm-ext-timeout',
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-failed',
      says: 'VMExtensionProvisioningTimeout',
      nextStep: "restart the 'Windows Azure Guest Agent' service or the VM"
    }
  }
]

// The same remedy as the password policy: Windows reports both alike.
/** The password history refusal: the same remedy as the password policy. */
export const passwordHistory: FaultCase = {
  name: "the guest's password history refuses the password",
  vm: 'vm-web-01',
  scenario: (s) =>
    s.vm('vm-web-01', (vm) =>
      vm.extensionFails(
        'Cannot update Remote Desktop Connection settings for Administrator account. Error: the password was used recently and is in the password history of the account.'
      )
    ),
  expect: {
    outcome: 'fails',
    stage: 'write',
    change: 'extension-failed',
    says: 'password history',
    nextStep: 'choose a new password that has not been used before'
  }
}
