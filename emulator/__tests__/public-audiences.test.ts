// A client registered with the emulator as a custom cloud asks Entra for a
// token for the public Resource Manager ids, as it would against Azure, and
// ARM accepts them, as Azure's does. Tokens come from the emulator's own
// Entra: v2 (`scope`), v1 (`resource`) and the AD FS authority the Azure CLI
// 2.45 signs in through.
import type { Emulator } from '../index.ts'
import { emulatorPerTest } from './emulator-per-test.ts'
import { send, vmUrl, type RawResponse } from './sdk-clients.ts'

const { start } = emulatorPerTest()

function secretForm(e: Emulator): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_id: e.clientId,
    client_secret: e.clientSecret
  }
}

function accessTokenOf(response: RawResponse): string {
  const token = (response.body as { access_token?: unknown }).access_token
  if (typeof token !== 'string')
    throw new Error(`no access token: HTTP ${response.status}`)
  return token
}

async function v2Token(e: Emulator, scope: string): Promise<string> {
  const response = await send(
    e,
    'POST',
    `${e.authorityHost}/${e.tenantId}/oauth2/v2.0/token`,
    { form: { ...secretForm(e), scope } }
  )
  return accessTokenOf(response)
}

async function getVm(e: Emulator, token: string): Promise<number> {
  return (await send(e, 'GET', vmUrl(e, 'vm-web-01'), { token })).status
}

describe('the public Resource Manager audiences', () => {
  it.each([
    'https://management.core.windows.net//.default',
    'https://management.core.windows.net/.default',
    'https://management.azure.com//.default',
    'https://management.azure.com/.default'
  ])('accepts a v2 token for %s', async (scope) => {
    const e = await start()

    const status = await getVm(e, await v2Token(e, scope))

    expect(status).toBe(200)
  })

  it('accepts a v1 token asked for with resource=, and echoes the resource', async () => {
    const e = await start()

    const response = await send(
      e,
      'POST',
      `${e.authorityHost}/${e.tenantId}/oauth2/token`,
      {
        form: {
          ...secretForm(e),
          resource: 'https://management.core.windows.net/'
        }
      }
    )

    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: '3599',
      resource: 'https://management.core.windows.net/'
    })
    expect(await getVm(e, accessTokenOf(response))).toBe(200)
  })

  it('answers a v1 request without resource with AADSTS900144', async () => {
    const e = await start()

    const response = await send(
      e,
      'POST',
      `${e.authorityHost}/${e.tenantId}/oauth2/token`,
      { form: secretForm(e) }
    )

    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      error: 'invalid_request',
      error_codes: [900144]
    })
  })

  it('refuses a token for another resource, listing the audiences it takes', async () => {
    const e = await start()

    const response = await send(e, 'GET', vmUrl(e, 'vm-web-01'), {
      token: await v2Token(e, 'https://vault.azure.net/.default')
    })

    expect(response.status).toBe(401)
    expect(response.body).toEqual({
      error: {
        code: 'InvalidAuthenticationTokenAudience',
        message:
          "The access token has been obtained for wrong audience or resource 'https://vault.azure.net'. " +
          'It should exactly match with one of the allowed audiences ' +
          "'https://management.core.windows.net/','https://management.core.windows.net'," +
          "'https://management.azure.com/','https://management.azure.com'," +
          `'${e.armUrl}','${e.armUrl}/'.`
      }
    })
  })
})

describe('the AD FS authority', () => {
  it('publishes its token endpoint under /adfs, as MSAL discovers it', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${e.authorityHost}/adfs/.well-known/openid-configuration`
    )

    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      issuer: `${e.authorityHost}/adfs`,
      token_endpoint: `${e.authorityHost}/adfs/oauth2/token/`,
      jwks_uri: `${e.authorityHost}/adfs/discovery/keys`
    })
  })

  it('issues the token MSAL asks for with scope=…/.default, which ARM accepts', async () => {
    const e = await start()

    const response = await send(
      e,
      'POST',
      `${e.authorityHost}/adfs/oauth2/token/`,
      {
        form: {
          ...secretForm(e),
          scope: 'https://management.core.windows.net//.default'
        }
      }
    )

    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      resource: 'https://management.core.windows.net/'
    })
    expect(await getVm(e, accessTokenOf(response))).toBe(200)
  })

  it('refuses a wrong client secret with AADSTS7000215', async () => {
    const e = await start()

    const response = await send(
      e,
      'POST',
      `${e.authorityHost}/adfs/oauth2/token/`,
      {
        form: {
          ...secretForm(e),
          client_secret: 'wrong',
          scope: 'https://management.core.windows.net//.default'
        }
      }
    )

    expect(response.status).toBe(401)
    expect(response.body).toMatchObject({
      error: 'invalid_client',
      error_codes: [7000215]
    })
  })
})
