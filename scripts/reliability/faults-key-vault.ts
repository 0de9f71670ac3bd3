// Faults of a rotation into Key Vault (generate-password: true): the password
// is stored before the VM gets it, and its fate recorded after.
import { scenario, type Emulator } from '../../emulator/index.ts'
import { defaultSecretName } from '../../src/rotation/tags.ts'
import { once, type FaultCase } from './fault-case.ts'

const { id: subscriptionId } = scenario().build().subscription
/** The secret name the action derives for a VM of rg-demo and its admin. */
const secretOf = (vmName: string): string =>
  defaultSecretName({
    subscriptionId,
    resourceGroup: 'rg-demo',
    vmName,
    username: 'azureadmin'
  })
const rotatedSecret = secretOf('vm-web-01')
const rotating = (emulator: Emulator): Record<string, string | undefined> => ({
  password: undefined,
  'generate-password': 'true',
  'key-vault-url': emulator.keyVaultUrl
})

/** Key Vault faults around a generated password. */
export const keyVault: FaultCase[] = [
  {
    name: 'Key Vault answers 503 once while the new password is stored',
    vm: 'vm-web-01',
    inputs: rotating,
    rotatedSecret,
    faults: [once('KeyVault_SetSecret', { status: 503 })],
    expect: { outcome: 'survives' }
  },
  {
    name: 'Key Vault refuses to store the new password (403)',
    vm: 'vm-web-01',
    inputs: rotating,
    rotatedSecret,
    scenario: (s) => s.denyKeyVault('setSecret'),
    expect: {
      outcome: 'fails',
      stage: 'pre-flight',
      change: 'none',
      says: `secret '${rotatedSecret}'`,
      nextStep: "the 'Key Vault Secrets Officer' role"
    }
  },
  {
    name: 'the guest refuses a generated password after it was stored',
    vm: 'vm-ext-fails',
    inputs: rotating,
    rotatedSecret: secretOf('vm-ext-fails'),
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-failed',
      says: 'password policy',
      nextStep: 'choose a new password that has not been used before'
    },
    checks: [
      ({ emulator }) => {
        const tags = emulator
          .secretVersions(secretOf('vm-ext-fails'))
          .map((v) => v.tags['rotation-state'])
        return tags.includes('failed')
          ? []
          : [
              `no stored version is tagged rotation-state=failed: ${tags.join(', ')}`
            ]
      }
    ]
  }
]
