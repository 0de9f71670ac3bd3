import { actionDefaults } from '../../scripts/action-inputs.ts'
import { InvalidInputs } from '../../src/errors.ts'
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

function problemsOf(extra: Partial<RawInputs>, env: RunnerEnv = {}): string[] {
  try {
    parseSettings(raw(extra), env)
  } catch (error) {
    if (error instanceof InvalidInputs) {
      return error.errors.map((e) => `${e.input}: ${e.problem}`)
    }
    throw error
  }
  return []
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
    'secret-expires-days'
  ])('refuses %s without generate-password', (name) => {
    const value =
      name === 'key-vault-url'
        ? 'https://kv.vault.azure.net'
        : name === 'secret-name'
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

  it('takes secret-name as each VM’s prefix when the step names several VMs', () => {
    const settings = parseSettings(
      raw({ 'vm-name': 'web-01, web-02', 'secret-name': 'ops' }),
      {}
    )

    expect(settings.mode).toMatchObject({
      rotation: { secretNamePrefix: 'ops' }
    })
    expect(settings.mode).not.toMatchObject({ rotation: { secretName: 'ops' } })
  })

  it('refuses a prefix that leaves no room for the VM’s name', () => {
    expect(
      problemsOf({
        'vm-tag': 'rotate=weekly',
        'vm-name': '',
        'secret-name': 'p'.repeat(61)
      })
    ).toEqual([
      expect.stringMatching(
        /^secret-name: ".*" is not a secret name prefix/
      ) as string
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
