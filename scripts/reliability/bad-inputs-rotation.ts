// Bad inputs of a rotation into Key Vault (generate-password: true).
import {
  refusing,
  resetRdpOnly,
  validPassword,
  type BadInputCase
} from './bad-input-case.ts'

// generate-password: true makes the password; the base run's must go.
const generating = { 'generate-password': 'true', password: undefined } as const
const vault = 'https://kv-octo-demo.vault.azure.net'

/** generate-password and the Key Vault inputs that go with it. */
export const rotationInputs: BadInputCase[] = [
  {
    name: 'a generate-password that is neither true nor false',
    inputs: { 'generate-password': 'yes' },
    refuses: refusing('generate-password', /is neither true nor false/)
  },
  {
    name: 'generate-password: true without a key-vault-url',
    inputs: { ...generating },
    refuses: refusing('key-vault-url', /is required with generate-password/)
  },
  {
    name: 'generate-password: true with a password as well',
    inputs: { ...generating, password: validPassword, 'key-vault-url': vault },
    refuses: refusing(
      'password',
      /must be empty when generate-password is true/
    )
  },
  {
    name: 'a key-vault-url of user:password@host without a scheme',
    inputs: {
      ...generating,
      'key-vault-url': 'admin:Hunter2-Vault-Secret@kv-octo-demo'
    },
    refuses: refusing('key-vault-url', /is not (a URL|an https URL)/),
    secrets: ['Hunter2-Vault-Secret']
  },
  {
    name: 'an http key-vault-url',
    inputs: {
      ...generating,
      'key-vault-url': 'http://kv-octo-demo.vault.azure.net'
    },
    // STYLE §5: the fix names the thing refused, Key Vault here.
    refuses: refusing('key-vault-url', /is not an https URL\..*Key Vault/)
  },
  ...['13', '124'].map((value) => ({
    name: `a password-length of ${value}`,
    inputs: { ...generating, 'key-vault-url': vault, 'password-length': value },
    refuses: refusing('password-length', /not a whole number from 14 to 123/)
  })),
  {
    name: 'a secret-name with an underscore',
    inputs: {
      ...generating,
      'key-vault-url': vault,
      'secret-name': 'vm_web_01'
    },
    refuses: refusing('secret-name', /is not a Key Vault secret name/)
  },
  {
    // One secret per VM: over two VMs secret-name once became a prefix, and
    // the first VM's password silently moved to another secret.
    name: 'a secret-name over two VMs',
    inputs: {
      ...generating,
      'key-vault-url': vault,
      'vm-name': 'vm-web-01, vm-no-vmaccess',
      'secret-name': 'web-admin'
    },
    refuses: refusing(
      'secret-name',
      /names the secret of exactly one VM, but this step selects 2 VMs\..*secret-name-prefix/
    )
  },
  {
    name: 'a secret-name over every VM of a resource group',
    inputs: {
      ...generating,
      'key-vault-url': vault,
      'vm-name': '*',
      'secret-name': 'web-admin'
    },
    refuses: refusing(
      'secret-name',
      /names the secret of exactly one VM, but this step selects every Windows VM.*secret-name-prefix/
    )
  },
  {
    name: 'a secret-name over the VMs of a vm-tag',
    inputs: {
      ...generating,
      'key-vault-url': vault,
      'vm-name': undefined,
      'vm-tag': 'rotate=weekly',
      'secret-name': 'web-admin'
    },
    refuses: refusing(
      'secret-name',
      /names the secret of exactly one VM, but this step selects the VMs that vm-tag selects\..*secret-name-prefix/
    )
  },
  {
    name: 'a secret-name beside a secret-name-prefix',
    inputs: {
      ...generating,
      'key-vault-url': vault,
      'secret-name': 'web-admin',
      'secret-name-prefix': 'ops'
    },
    refuses: refusing('secret-name', /cannot be used with secret-name-prefix/)
  },
  {
    name: 'a secret-name-prefix with an underscore',
    inputs: {
      ...generating,
      'key-vault-url': vault,
      'secret-name-prefix': 'ops_team'
    },
    refuses: refusing('secret-name-prefix', /is not a secret name prefix/)
  },
  {
    name: 'a secret-name-prefix without generate-password',
    inputs: { 'secret-name-prefix': 'ops' },
    refuses: refusing(
      'secret-name-prefix',
      /is only used with generate-password: true/
    )
  },
  {
    name: 'a secret-expires-days of 3651',
    inputs: {
      ...generating,
      'key-vault-url': vault,
      'secret-expires-days': '3651'
    },
    refuses: refusing(
      'secret-expires-days',
      /not a whole number from 0 to 3650/
    )
  },
  {
    name: 'a key-vault-url without generate-password',
    inputs: { 'key-vault-url': vault },
    refuses: refusing(
      'key-vault-url',
      /is only used with generate-password: true/
    )
  },
  {
    name: 'generate-password: true with mode reset-rdp',
    inputs: { ...generating, mode: 'reset-rdp' },
    refuses: refusing('generate-password', resetRdpOnly)
  }
]
