import type { TokenCredential } from '@azure/core-auth'
import { SecretClient } from '@azure/keyvault-secrets'
import { decodeJwt } from 'jose'
import { scenario, startEmulator, type Emulator } from '../index.ts'
import { oidcCredential, secretCredential, send } from './sdk-clients.ts'

// The action's client: the emulator is not a *.vault.azure.net host, so the
// challenge's resource cannot match it and the check must be off.
function vaultClient(
  emulator: Emulator,
  credential: TokenCredential = oidcCredential(emulator)
): SecretClient {
  return new SecretClient(emulator.keyVaultUrl, credential, {
    disableChallengeResourceVerification: true,
    tlsOptions: { ca: emulator.caPem }
  })
}

// Tests share an emulator, so each one looks only at its own secret's requests.
function statusesOf(
  emulator: Emulator,
  operationId: string,
  secretName: string
): number[] {
  return emulator.requests
    .filter(
      (r) =>
        r.operationId === operationId && r.path.split('/')[2] === secretName
    )
    .map((r) => r.status)
}

async function restErrorOf(call: Promise<unknown>) {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e
  )) as
    | {
        statusCode?: number
        code?: string
        message: string
        details?: { error?: { innerError?: { code?: string } } }
      }
    | undefined
  if (!error) throw new Error('the call succeeded')
  return {
    status: error.statusCode,
    code: error.code,
    innerCode: error.details?.error?.innerError?.code,
    message: error.message
  }
}

async function vaultToken(emulator: Emulator): Promise<string> {
  const token = await secretCredential(emulator).getToken(
    'https://vault.azure.net/.default'
  )
  return token.token
}

describe('the Key Vault secrets data plane', () => {
  let emulator: Emulator

  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(async () => {
    await emulator.stop()
  })

  it('challenges a request without a token, in the format keyvault-common parses', async () => {
    const response = await send(
      emulator,
      'PUT',
      `${emulator.keyVaultUrl}/secrets/raw-challenge?api%2Dversion=2026-04-01`
    )

    expect(response.status).toBe(401)
    expect(response.headers['www-authenticate']).toBe(
      `Bearer authorization="${emulator.authorityHost}/${emulator.tenantId}", resource="https://vault.azure.net"`
    )
    expect(response.body).toEqual({
      error: {
        code: 'Unauthorized',
        message: 'AKV10000: Request is missing a Bearer or PoP token.'
      }
    })
  })

  it('signs in through the challenge and stores a new version on every set', async () => {
    const client = vaultClient(emulator)
    const expiresOn = new Date('2031-01-02T03:04:05Z')

    const first = await client.setSecret('vm-web-01-azureadmin', 'First-1!', {
      contentType: 'password',
      tags: { 'rotation-state': 'pending' },
      expiresOn
    })
    const second = await client.setSecret('vm-web-01-azureadmin', 'Second-2!')

    expect(first.properties.version).toMatch(/^[0-9a-f]{32}$/)
    expect(second.properties.version).not.toBe(first.properties.version)
    expect(first.properties.id).toBe(
      `${emulator.keyVaultUrl}/secrets/vm-web-01-azureadmin/${first.properties.version}`
    )
    expect(first.properties.vaultUrl).toBe(emulator.keyVaultUrl)
    expect(first.properties.expiresOn).toEqual(expiresOn)
    expect(first.properties.recoveryLevel).toBe('Recoverable+Purgeable')
    expect(
      statusesOf(emulator, 'KeyVault_SetSecret', 'vm-web-01-azureadmin')
    ).toEqual([401, 200, 200])
    const issued = decodeJwt(emulator.issuedTokens.at(-1) ?? '')
    expect(issued.aud).toBe('https://vault.azure.net')
    expect(emulator.secretVersions('vm-web-01-azureadmin')).toEqual([
      {
        version: first.properties.version,
        createdOn: expect.any(Number) as number,
        tags: { 'rotation-state': 'pending' },
        contentType: 'password',
        expiresOn: expiresOn.getTime(),
        enabled: true
      },
      {
        version: second.properties.version,
        createdOn: expect.any(Number) as number,
        tags: {},
        enabled: true
      }
    ])
    expect(emulator.secretValue('vm-web-01-azureadmin')).toBe('Second-2!')
  })

  it('gets the latest version and a version by id', async () => {
    const client = vaultClient(emulator)
    const old = await client.setSecret('get-me', 'Old-1!', {
      contentType: 'password'
    })
    await client.setSecret('get-me', 'New-2!')

    const latest = await client.getSecret('get-me')
    const byVersion = await client.getSecret('get-me', {
      version: old.properties.version ?? ''
    })

    expect(latest.value).toBe('New-2!')
    expect(byVersion.value).toBe('Old-1!')
    expect(byVersion.properties.contentType).toBe('password')
    expect(byVersion.properties.createdOn).toBeInstanceOf(Date)
    const paths = emulator.requests
      .filter((r) => r.operationId === 'KeyVault_GetSecret')
      .map((r) => r.path)
      .filter((path) => path.startsWith('/secrets/get-me/'))
    expect(paths).toEqual([
      '/secrets/get-me/',
      `/secrets/get-me/${old.properties.version}`
    ])
  })

  it('updates the tags of one version and leaves its value alone', async () => {
    const client = vaultClient(emulator)
    const stored = await client.setSecret('tag-me', 'Keep-1!', {
      tags: { 'rotation-state': 'pending', 'vm-id': 'abc' }
    })
    const version = stored.properties.version ?? ''

    const updated = await client.updateSecretProperties('tag-me', version, {
      tags: { 'rotation-state': 'active' }
    })

    expect(updated.tags).toEqual({ 'rotation-state': 'active' })
    expect(emulator.secretVersions('tag-me')[0]?.tags).toEqual({
      'rotation-state': 'active'
    })
    expect(emulator.secretValue('tag-me', version)).toBe('Keep-1!')
  })

  it('lists every version without values, and refuses to read a disabled one', async () => {
    const client = vaultClient(emulator)
    const a = await client.setSecret('list-me', 'A-1!')
    const b = await client.setSecret('list-me', 'B-2!')
    await client.updateSecretProperties('list-me', a.properties.version ?? '', {
      enabled: false
    })

    const listed = []
    for await (const p of client.listPropertiesOfSecretVersions('list-me'))
      listed.push(p)

    expect(listed.map((p) => p.version).sort()).toEqual(
      [a.properties.version, b.properties.version].sort()
    )
    expect(
      listed.find((p) => p.version === a.properties.version)?.enabled
    ).toBe(false)
    expect(
      await restErrorOf(
        client.getSecret('list-me', { version: a.properties.version ?? '' })
      )
    ).toMatchObject({
      status: 403,
      code: 'Forbidden',
      innerCode: 'SecretDisabled'
    })
  })

  it('refuses to read the latest version when it is disabled, rather than answer an older one', async () => {
    // As Key Vault does: Azure/azure-sdk-for-js#24756 shows a GET of
    // /secrets/<name>/ answered 403 SecretDisabled.
    const client = vaultClient(emulator)
    await client.setSecret('latest-off', 'Older-1!')
    const latest = await client.setSecret('latest-off', 'Newer-2!')
    await client.updateSecretProperties(
      'latest-off',
      latest.properties.version ?? '',
      { enabled: false }
    )

    const error = await restErrorOf(client.getSecret('latest-off'))

    expect(error).toMatchObject({
      status: 403,
      code: 'Forbidden',
      innerCode: 'SecretDisabled',
      message: 'Operation get is not allowed on a disabled secret.'
    })
  })

  it('treats names that differ only in case as one secret', async () => {
    const client = vaultClient(emulator)
    await client.setSecret('Case-Name', 'One-1!')

    const read = await client.getSecret('case-name')

    expect(read.value).toBe('One-1!')
    expect(read.name).toBe('Case-Name')
  })

  it.each([
    ['an underscore', 'has_underscore'],
    ['a dot', 'dot.name'],
    ['a space', 'two words'],
    ['128 characters', 'a'.repeat(128)]
  ])('refuses a name with %s (400 BadParameter)', async (_what, name) => {
    const client = vaultClient(emulator)

    const error = await restErrorOf(client.setSecret(name, 'x'))

    expect(error).toMatchObject({ status: 400, code: 'BadParameter' })
  })

  it('accepts a 127-character name', async () => {
    const stored = await vaultClient(emulator).setSecret('a'.repeat(127), 'x')

    expect(stored.name).toBe('a'.repeat(127))
  })

  it('answers 404 SecretNotFound for a missing secret or version', async () => {
    const client = vaultClient(emulator)
    await client.setSecret('has-one', 'x')

    const missing = await restErrorOf(client.getSecret('no-such-secret'))
    const noVersion = await restErrorOf(
      client.getSecret('has-one', { version: 'f'.repeat(32) })
    )
    const noList = await restErrorOf(
      client.listPropertiesOfSecretVersions('no-such-secret').next()
    )

    expect(missing).toMatchObject({ status: 404, code: 'SecretNotFound' })
    expect(missing.message).toContain(
      'A secret with (name/id) no-such-secret was not found in this key vault.'
    )
    expect(noVersion).toMatchObject({ status: 404, code: 'SecretNotFound' })
    expect(noList).toMatchObject({ status: 404, code: 'SecretNotFound' })
  })

  it('throttles once with Retry-After after the challenge, and the SDK retries', async () => {
    emulator.faults.add('KeyVault_GetSecretVersions', {
      status: 429,
      retryAfterSeconds: 1
    })
    await vaultClient(emulator).setSecret('throttled', 'x')

    const listed = []
    for await (const p of vaultClient(emulator).listPropertiesOfSecretVersions(
      'throttled'
    ))
      listed.push(p)

    expect(listed).toHaveLength(1)
    expect(
      statusesOf(emulator, 'KeyVault_GetSecretVersions', 'throttled')
    ).toEqual([401, 429, 200])
    expect(emulator.requests.find((r) => r.status === 429)?.fault).toBe(
      'status'
    )
  })

  it('refuses a token for another audience with a challenge', async () => {
    const armToken = (
      await secretCredential(emulator).getToken(`${emulator.armUrl}/.default`)
    ).token

    const response = await send(
      emulator,
      'GET',
      `${emulator.keyVaultUrl}/secrets/any/?api%2Dversion=2026-04-01`,
      { token: armToken }
    )

    expect(response.status).toBe(401)
    expect(response.headers['www-authenticate']).toContain(
      'resource="https://vault.azure.net"'
    )
    expect(response.body).toMatchObject({
      error: {
        code: 'Unauthorized',
        message: `AKV10022: Invalid audience. Expected https://vault.azure.net, found: ${emulator.armUrl}.`
      }
    })
  })

  it('accepts only api-version 2026-04-01', async () => {
    const token = await vaultToken(emulator)

    const old = await send(
      emulator,
      'GET',
      `${emulator.keyVaultUrl}/secrets/any/?api-version=7.4`,
      { token }
    )

    expect(old.status).toBe(400)
    expect(old.body).toMatchObject({ error: { code: 'BadParameter' } })
  })

  it('keeps neither bodies nor values in the request log', async () => {
    await vaultClient(emulator).setSecret('log-check', 'Never-Logged-9!')

    expect(JSON.stringify(emulator.requests)).not.toContain('Never-Logged-9!')
    expect(
      emulator.requests.filter((r) => r.service === 'keyvault').length
    ).toBeGreaterThan(0)
  })
})

describe('a vault whose RBAC withholds setSecret', () => {
  let emulator: Emulator

  beforeAll(async () => {
    emulator = await startEmulator({
      // The last rotation left an active version; this identity may only read.
      scenario: scenario()
        .secret('vm-web-01-azureadmin', [
          { value: 'Older-0!', tags: { 'rotation-state': 'failed' } },
          { value: 'Live-1!', tags: { 'rotation-state': 'active' } }
        ])
        .denyKeyVault('setSecret')
    })
  })
  afterAll(async () => {
    await emulator.stop()
  })

  it('answers 403 ForbiddenByRbac naming the caller and the action', async () => {
    const client = vaultClient(emulator)

    const error = await restErrorOf(
      client.setSecret('vm-web-01-azureadmin', 'New-2!')
    )

    expect(error).toMatchObject({
      status: 403,
      code: 'Forbidden',
      innerCode: 'ForbiddenByRbac'
    })
    expect(error.message).toContain(
      'Caller is not authorized to perform action on resource.'
    )
    expect(error.message).toContain(`appid=${emulator.clientId};`)
    expect(error.message).toContain(
      "Action: 'Microsoft.KeyVault/vaults/secrets/setSecret/action'"
    )
    expect(error.message).toContain('Assignment: (not found)')
    expect(emulator.secretVersions('vm-web-01-azureadmin')).toHaveLength(2)
  })

  it('still serves the seeded versions, the newest as latest', async () => {
    const latest = await vaultClient(emulator).getSecret('vm-web-01-azureadmin')

    expect(latest.value).toBe('Live-1!')
    expect(latest.properties.tags).toEqual({ 'rotation-state': 'active' })
    const [older, newer] = emulator.secretVersions('vm-web-01-azureadmin')
    expect((newer?.createdOn ?? 0) - (older?.createdOn ?? 0)).toBe(3_600_000)
    expect(newer?.createdOn ?? Infinity).toBeLessThan(Date.now())
  })

  it('lets a 403 fault stand in for a refusal on any operation', async () => {
    emulator.faults.add('KeyVault_GetSecret', { status: 403 })

    const error = await restErrorOf(
      vaultClient(emulator).getSecret('vm-web-01-azureadmin')
    )

    expect(error).toMatchObject({
      status: 403,
      code: 'Forbidden',
      innerCode: 'ForbiddenByRbac'
    })
  })
})
