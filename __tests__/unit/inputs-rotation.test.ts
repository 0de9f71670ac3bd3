import { actionDefaults } from '../../scripts/action-inputs.ts'
import { InputError, InvalidInputs } from '../../src/errors.ts'
import type { RawInputs, RunnerEnv } from '../../src/parse-settings.ts'
import { parseSettings } from '../../src/parse-settings.ts'
import { Input } from '../../src/settings.ts'

const base: Partial<RawInputs> = {
  'subscription-id': '11111111-1111-1111-1111-111111111111',
  'tenant-id': '22222222-2222-2222-2222-222222222222',
  'client-id': '33333333-3333-3333-3333-333333333333',
  'resource-group': 'rg-app',
  'vm-name': 'vm-web-01',
  'generate-password': 'true',
  'key-vault-url': 'https://kv-ops.vault.azure.net/'
}

/** The inputs as the runner passes them: action.yml's defaults under the step's. */
function raw(extra: Partial<RawInputs>): RawInputs {
  const all = Object.fromEntries(Object.values(Input).map((n) => [n, '']))
  return { ...all, ...actionDefaults(), ...base, ...extra } as RawInputs
}

function errorsOf(extra: Partial<RawInputs>, env: RunnerEnv): InputError[] {
  try {
    parseSettings(raw(extra), env)
  } catch (error) {
    if (error instanceof InvalidInputs) return [...error.errors]
    throw error
  }
  return []
}

function problemsOf(extra: Partial<RawInputs>, env: RunnerEnv = {}): string[] {
  return errorsOf(extra, env).map((e) => `${e.input}: ${e.problem}`)
}

/** Each problem as the user reads it: the input, the rule and the fix. */
function messagesOf(extra: Partial<RawInputs>): string[] {
  return errorsOf(extra, {}).map((e) => e.message)
}

describe('generate-password inputs', () => {
  it('asks for passwords of the default length and keeps the vault origin', () => {
    const settings = parseSettings(raw({}), {})

    expect(settings.mode).toEqual({
      kind: 'reset-password',
      passwordLength: 24,
      rotation: {
        vaultUrl: 'https://kv-ops.vault.azure.net',
        expiresDays: 30,
        verifyChallenge: true
      }
    })
  })

  it('takes password-length, secret-name and secret-expires-days', () => {
    const settings = parseSettings(
      raw({
        'password-length': '40',
        'secret-name': 'web-admin',
        'secret-expires-days': '0'
      }),
      {}
    )

    expect(settings.mode).toEqual({
      kind: 'reset-password',
      passwordLength: 40,
      rotation: {
        vaultUrl: 'https://kv-ops.vault.azure.net',
        secretName: 'web-admin',
        expiresDays: 0,
        verifyChallenge: true
      }
    })
  })

  it.each([
    [
      { password: 'Given-Passw0rd!' },
      'password: must be empty when generate-password is true'
    ],
    [
      { 'key-vault-url': '' },
      'key-vault-url: is required with generate-password: true'
    ],
    [
      { 'key-vault-url': 'http://kv.vault.azure.net' },
      'key-vault-url: "http://kv.vault.azure.net/" is not an https URL'
    ],
    [
      { 'password-length': '13' },
      'password-length: "13" is not a whole number from 14 to 123'
    ],
    [
      { 'password-length': '124' },
      'password-length: "124" is not a whole number from 14 to 123'
    ],
    [
      { 'secret-name': 'web_admin' },
      'secret-name: "web_admin" is not a Key Vault secret name'
    ],
    [
      { 'secret-expires-days': '-1' },
      'secret-expires-days: "-1" is not a whole number from 0 to 3650'
    ],
    [
      { 'generate-password': 'yes' },
      'generate-password: "yes" is neither true nor false'
    ],
    [{ mode: 'reset-rdp' }, 'generate-password: is not used by mode reset-rdp']
  ])('refuses %j', (extra, expected) => {
    expect(problemsOf(extra).join('\n')).toContain(expected)
  })

  it.each([
    'password-length',
    'key-vault-url',
    'secret-name',
    'secret-name-prefix',
    'secret-expires-days'
  ])('refuses %s without generate-password', (name) => {
    const value =
      name === 'key-vault-url'
        ? 'https://kv.vault.azure.net'
        : name.startsWith('secret-name')
          ? 'x'
          : '20'

    const problems = problemsOf({
      'generate-password': 'false',
      'key-vault-url': '',
      password: 'Given-Passw0rd!',
      [name]: value
    })

    expect(problems).toEqual([
      `${name}: is only used with generate-password: true`
    ])
  })

  it('refuses a prefix that leaves no room for the VM’s name', () => {
    expect(
      problemsOf({
        'vm-tag': 'rotate=weekly',
        'vm-name': '',
        'secret-name-prefix': 'p'.repeat(61)
      })
    ).toEqual([
      expect.stringMatching(
        /^secret-name-prefix: ".*" is not a secret name prefix/
      ) as string
    ])
  })
})

describe('one secret per VM: secret-name and secret-name-prefix', () => {
  it.each([
    ['two VMs by vm-name', { 'vm-name': 'web-01, web-02' }, '2 VMs'],
    [
      'two VMs by targets',
      {
        'resource-group': '',
        'vm-name': '',
        targets: 'rg-a/web-01\nrg-b/web-01'
      },
      '2 VMs'
    ],
    [
      'every VM of a group',
      { 'vm-name': '*' },
      'every Windows VM of a resource group (vm-name: *)'
    ],
    [
      'a tag, even one that may match a single VM',
      { 'vm-name': '', 'vm-tag': 'rotate=weekly' },
      'the VMs that vm-tag selects'
    ],
    [
      'two VMs in a dry run',
      { 'vm-name': 'web-01, web-02', 'dry-run': 'true' },
      '2 VMs'
    ]
  ])(
    'refuses secret-name over %s, pointing to secret-name-prefix',
    (_, selection, several) => {
      const messages = messagesOf({ ...selection, 'secret-name': 'web-admin' })

      expect(messages).toEqual([
        `Input 'secret-name' names the secret of exactly one VM, but this step selects ${several}. Use secret-name-prefix instead: each VM then gets its own secret, <secret-name-prefix>-<resource-group>-<vm-name>-<username>-<hash>. Or name one VM per step, as the jobs of a dry run's matrix do with its secret-name.`
      ])
    }
  )

  it('takes secret-name when the names given are one VM', () => {
    const settings = parseSettings(
      raw({ 'vm-name': 'web-01, WEB-01', 'secret-name': 'web-admin' }),
      {}
    )

    expect(settings.mode).toMatchObject({
      rotation: { secretName: 'web-admin' }
    })
  })

  it.each([
    ['several VMs', { 'vm-name': 'web-01, web-02' }],
    ['a tag', { 'vm-name': '', 'vm-tag': 'rotate=weekly' }],
    ['one VM, so its name stays when others join', {}]
  ])('takes secret-name-prefix for %s', (_, selection) => {
    const settings = parseSettings(
      raw({ ...selection, 'secret-name-prefix': 'ops' }),
      {}
    )

    expect(settings.mode).toMatchObject({
      rotation: { secretNamePrefix: 'ops' }
    })
    expect(settings.mode).not.toHaveProperty('rotation.secretName')
  })

  it('refuses secret-name beside secret-name-prefix', () => {
    const messages = messagesOf({
      'secret-name': 'web-admin',
      'secret-name-prefix': 'ops'
    })

    expect(messages).toEqual([
      "Input 'secret-name' cannot be used with secret-name-prefix: one names a single VM's secret, the other the start of each VM's. Keep one: secret-name for one VM's own secret, or secret-name-prefix for <prefix>-<resource-group>-<vm-name>-<username>-<hash>."
    ])
  })

  it('refuses a secret-name-prefix that is not one', () => {
    expect(problemsOf({ 'secret-name-prefix': 'ops_team' })).toEqual([
      "secret-name-prefix: \"ops_team\" is not a secret name prefix (1-60 letters, digits and '-'; each VM's secret is <secret-name-prefix>-<resource-group>-<vm-name>-<username>-<hash>)"
    ])
  })
})

describe('which vault may get a token', () => {
  const emulatorVault = 'https://127.0.0.1:8443'

  it.each([
    [
      'a look-alike of a public vault',
      'https://kv.vault.azure.net.evil.example'
    ],
    ['a name that only ends like the zone', 'https://kvvault.azure.net'],
    [
      'a US Government vault in the public cloud',
      'https://kv.vault.usgovcloudapi.net'
    ],
    ['a host on this machine the runner did not name', emulatorVault],
    ['a private alias', 'https://kv.internal.contoso.com']
  ])('refuses %s before any call', (_, url) => {
    expect(problemsOf({ 'key-vault-url': url })).toEqual([
      expect.stringMatching(
        /^key-vault-url: ".*" is not a Key Vault of AzureCloud \(a name in vault\.azure\.net\)$/
      ) as string
    ])
  })

  it.each([
    ['AzureCloud', 'https://kv.vault.azure.net'],
    ['AzureUSGovernment', 'https://kv.vault.usgovcloudapi.net'],
    ['AzureChinaCloud', 'https://kv.vault.azure.cn']
  ])(
    'takes a vault of %s and keeps its challenge check on',
    (environment, url) => {
      const settings = parseSettings(
        raw({ environment, 'key-vault-url': url }),
        {}
      )

      expect(settings.mode).toMatchObject({
        rotation: { verifyChallenge: true }
      })
    }
  )

  it('takes a vault in the zone key-vault-dns-suffix names, checked', () => {
    const settings = parseSettings(
      raw({
        'key-vault-url': 'https://kv.vault.stack.contoso.com',
        'key-vault-dns-suffix': 'vault.stack.contoso.com'
      }),
      {}
    )

    expect(settings.mode).toMatchObject({ rotation: { verifyChallenge: true } })
  })

  it('turns the check off only for the loopback vault the runner names', () => {
    const settings = parseSettings(raw({ 'key-vault-url': emulatorVault }), {
      loopbackVault: emulatorVault
    })

    expect(settings.mode).toMatchObject({
      rotation: { verifyChallenge: false }
    })
  })

  it.each([
    ['another loopback port', 'https://127.0.0.1:9443', emulatorVault],
    [
      'a host off this machine',
      'https://kv.evil.example',
      'https://kv.evil.example'
    ]
  ])('does not extend that to %s', (_, url, named) => {
    const problems = problemsOf(
      { 'key-vault-url': url },
      { loopbackVault: named }
    )

    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(
      /^key-vault-url: .* is not a Key Vault of AzureCloud/
    )
  })

  it('refuses a key-vault-dns-suffix that is not a DNS zone', () => {
    expect(problemsOf({ 'key-vault-dns-suffix': '.vault' })).toContain(
      'key-vault-dns-suffix: ".vault" is not a DNS zone such as vault.azurestack.contoso.com'
    )
  })
})
