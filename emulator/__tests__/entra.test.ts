import { ManagedIdentityCredential } from '@azure/identity'
import { decodeJwt } from 'jose'
import { scenario, startEmulator, type Emulator } from '../index.ts'
import {
  computeClient,
  githubIdToken,
  oidcCredential,
  secretCredential,
  send
} from './sdk-clients.ts'

const armScope = (emulator: Emulator): string => `${emulator.armUrl}/.default`

describe('Entra ID and the GitHub OIDC service', () => {
  let emulator: Emulator

  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(async () => {
    await emulator.stop()
  })

  it("issues GitHub-shaped ID tokens for the scenario's job", async () => {
    const claims = decodeJwt(await githubIdToken(emulator))

    expect(claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      aud: 'api://AzureADTokenExchange',
      repository: 'octo-org/octo-repo',
      repository_owner: 'octo-org',
      ref: 'refs/heads/main'
    })
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300)
  })

  it('answers 401 to a wrong runtime token', async () => {
    const response = await send(
      emulator,
      'GET',
      `${emulator.oidcRequestUrl}&audience=x`,
      { token: 'not-the-token' }
    )

    expect(response.status).toBe(401)
  })

  it('exchanges an OIDC assertion for an ARM access token with aud, tid, oid and appid', async () => {
    const token = await oidcCredential(emulator).getToken(armScope(emulator))

    expect(decodeJwt(token.token)).toMatchObject({
      aud: emulator.armUrl,
      tid: emulator.tenantId,
      appid: emulator.clientId,
      oid: emulator.scenario.appRegistration.servicePrincipalId
    })
    expect(emulator.issuedTokens).toContain(token.token)
  })

  it('accepts the environment subject registered as a federated credential', async () => {
    const runtimeToken = emulator.env({ environment: 'production' })[
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN'
    ]

    const token = await oidcCredential(emulator, { runtimeToken }).getToken(
      armScope(emulator)
    )

    expect(token.token).toBeTruthy()
  })

  it('rejects a subject with no federated credential with AADSTS70021', async () => {
    const runtimeToken = emulator.env({
      subject: 'repo:octo-org/octo-repo:ref:refs/heads/feature-x'
    })['ACTIONS_ID_TOKEN_REQUEST_TOKEN']

    await expect(
      oidcCredential(emulator, { runtimeToken }).getToken(armScope(emulator))
    ).rejects.toThrow(
      /AADSTS70021: No matching federated identity record found for presented assertion\. Assertion Issuer: 'https:\/\/token\.actions\.githubusercontent\.com'\. Assertion Subject: 'repo:octo-org\/octo-repo:ref:refs\/heads\/feature-x'\. Assertion Audience: 'api:\/\/AzureADTokenExchange'\./
    )
  })

  it('matches the subject case-sensitively', async () => {
    const runtimeToken = emulator.env({
      subject: 'repo:Octo-Org/octo-repo:ref:refs/heads/main'
    })['ACTIONS_ID_TOKEN_REQUEST_TOKEN']

    await expect(
      oidcCredential(emulator, { runtimeToken }).getToken(armScope(emulator))
    ).rejects.toThrow('AADSTS70021')
  })

  it('rejects an unknown client id with AADSTS700016', async () => {
    const clientId = '00000000-0000-0000-0000-000000000001'

    await expect(
      oidcCredential(emulator, { clientId }).getToken(armScope(emulator))
    ).rejects.toThrow(
      `AADSTS700016: Application with identifier '${clientId}' was not found in the directory`
    )
  })

  it('answers AADSTS90002 for an unknown tenant, which MSAL reports as endpoints_resolution_error', async () => {
    const tenantId = '00000000-0000-0000-0000-000000000002'
    const metadata = `${emulator.authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`

    const response = await send(emulator, 'GET', metadata)
    const attempt = oidcCredential(emulator, { tenantId }).getToken(
      armScope(emulator)
    )

    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      error: 'invalid_tenant',
      error_codes: [90002]
    })
    await expect(attempt).rejects.toThrow('endpoints_resolution_error')
  })

  it('rejects a wrong client secret with AADSTS7000215', async () => {
    await expect(
      secretCredential(emulator, 'wrong-secret').getToken(armScope(emulator))
    ).rejects.toThrow('AADSTS7000215: Invalid client secret provided.')
  })

  it('signs in with the client secret and calls ARM', async () => {
    const client = computeClient(emulator, secretCredential(emulator))

    const vm = await client.virtualMachines.get('rg-demo', 'vm-web-01')

    expect(vm.name).toBe('vm-web-01')
  })

  it('accepts the tenant domain in place of its id', async () => {
    const token = await oidcCredential(emulator, {
      tenantId: 'octo-org.onmicrosoft.com'
    }).getToken(armScope(emulator))

    expect(decodeJwt(token.token).tid).toBe(emulator.tenantId)
  })
})

describe('expired OIDC tokens', () => {
  it('are rejected with AADSTS700024', async () => {
    const emulator = await startEmulator({
      scenario: scenario().oidcTokensExpired()
    })

    const attempt = oidcCredential(emulator).getToken(armScope(emulator))

    await expect(attempt).rejects.toThrow(
      'AADSTS700024: Client assertion is not within its valid time range.'
    )
    await emulator.stop()
  })
})

describe('managed identity (App Service protocol)', () => {
  let emulator: Emulator
  const saved = { ...process.env }

  beforeAll(async () => {
    emulator = await startEmulator()
    Object.assign(process.env, emulator.env({ auth: 'managed-identity' }))
  })
  afterAll(async () => {
    process.env = saved
    await emulator.stop()
  })

  it('issues a token for the system-assigned identity', async () => {
    const credential = new ManagedIdentityCredential({
      tlsOptions: { ca: emulator.caPem }
    })

    const token = await credential.getToken(armScope(emulator))

    const system = emulator.scenario.managedIdentities.find(
      (i) => i.kind === 'system-assigned'
    )
    expect(decodeJwt(token.token)).toMatchObject({
      aud: emulator.armUrl,
      oid: system?.principalId,
      appid: system?.clientId
    })
    expect(emulator.requests.at(-1)).toMatchObject({
      service: 'msi',
      operationId: 'ManagedIdentity_Token',
      status: 200
    })
  })

  it('issues a token for a user-assigned identity by client id, good for ARM', async () => {
    const user = emulator.scenario.managedIdentities.find(
      (i) => i.kind === 'user-assigned'
    )
    const credential = new ManagedIdentityCredential({
      clientId: user?.clientId ?? '',
      tlsOptions: { ca: emulator.caPem }
    })

    const vm = await computeClient(emulator, credential).virtualMachines.get(
      'rg-demo',
      'vm-web-01'
    )

    expect(vm.name).toBe('vm-web-01')
  })

  it('refuses an unknown user-assigned identity', async () => {
    const credential = new ManagedIdentityCredential({
      clientId: '00000000-0000-0000-0000-000000000003',
      tlsOptions: { ca: emulator.caPem },
      retryOptions: { maxRetries: 0 }
    })

    await expect(credential.getToken(armScope(emulator))).rejects.toThrow(
      'No User Assigned or Delegated Managed Identity found'
    )
  })
})
