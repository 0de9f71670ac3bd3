// ARM's routes above any provider, as `az login` and `az cloud register`
// call them: the subscriptions and the cloud metadata.
import { loadScenario, scenario, type Emulator } from '../index.ts'
import { emulatorPerTest } from './emulator-per-test.ts'
import { secretCredential, send } from './sdk-clients.ts'

const { start } = emulatorPerTest()

async function armToken(e: Emulator): Promise<string> {
  return (await secretCredential(e).getToken(`${e.armUrl}/.default`)).token
}

function subscriptionOf(e: Emulator): Record<string, unknown> {
  return {
    id: `/subscriptions/${e.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: e.subscriptionId,
    tenantId: e.tenantId,
    displayName: 'Octo Demo',
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off'
    }
  }
}

describe('Subscriptions_List', () => {
  it.each(['2022-12-01', '2019-11-01', '2016-06-01'])(
    'lists the one subscription at %s on one page, without a nextLink',
    async (version) => {
      const e = await start()

      const response = await send(
        e,
        'GET',
        `${e.armUrl}/subscriptions?api-version=${version}`,
        { token: await armToken(e) }
      )

      expect(response.status).toBe(200)
      expect(response.body).toEqual({
        value: [subscriptionOf(e)],
        count: { type: 'Total', value: 1 }
      })
    }
  )

  it('lists nothing to a caller with no role in the subscription', async () => {
    const e = await start({
      scenario: scenario().assignRole('/subscriptions/x', ['*'], {
        principalId: 'someone-else'
      })
    })

    const response = await send(
      e,
      'GET',
      `${e.armUrl}/subscriptions?api-version=2022-12-01`,
      { token: await armToken(e) }
    )

    expect(response.body).toEqual({
      value: [],
      count: { type: 'Total', value: 0 }
    })
  })

  it('lists the subscription to a caller whose role is on a resource group in it', async () => {
    const e = await start({
      scenario: scenario().assignRole(
        `/subscriptions/${loadScenario('default').subscription.id}/resourceGroups/rg-demo`,
        ['Microsoft.Compute/virtualMachines/read']
      )
    })

    const response = await send(
      e,
      'GET',
      `${e.armUrl}/subscriptions?api-version=2022-12-01`,
      { token: await armToken(e) }
    )

    expect((response.body as { value: unknown[] }).value).toEqual([
      subscriptionOf(e)
    ])
  })

  it('answers 401 AuthenticationFailed without a token', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${e.armUrl}/subscriptions?api-version=2022-12-01`
    )

    expect(response.status).toBe(401)
    expect(response.body).toMatchObject({
      error: { code: 'AuthenticationFailed' }
    })
  })
})

describe('Subscriptions_Get', () => {
  it('gets the subscription by id', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${e.armUrl}/subscriptions/${e.subscriptionId}?api-version=2022-12-01`,
      { token: await armToken(e) }
    )

    expect(response.status).toBe(200)
    expect(response.body).toEqual(subscriptionOf(e))
  })

  it('answers 404 SubscriptionNotFound for another id', async () => {
    const e = await start()
    const other = '00000000-0000-0000-0000-000000000000'

    const response = await send(
      e,
      'GET',
      `${e.armUrl}/subscriptions/${other}?api-version=2022-12-01`,
      { token: await armToken(e) }
    )

    expect(response.status).toBe(404)
    expect(response.body).toEqual({
      error: {
        code: 'SubscriptionNotFound',
        message: `The subscription '${other}' could not be found.`
      }
    })
  })
})

describe('GET /metadata/endpoints', () => {
  it('answers 2015-01-01 with the object az cloud register reads, without a token', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${e.armUrl}/metadata/endpoints?api-version=2015-01-01`
    )

    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      graphEndpoint: 'https://graph.windows.net/',
      authentication: {
        loginEndpoint: `${e.authorityHost}/`,
        audiences: [
          'https://management.core.windows.net/',
          'https://management.azure.com/',
          `${e.armUrl}/`
        ]
      }
    })
  })

  it('answers 2019-05-01 with an array of clouds, the emulator the only one', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${e.armUrl}/metadata/endpoints?api-version=2019-05-01`
    )

    expect(response.status).toBe(200)
    expect(response.body).toEqual([cloudOf(e)])
  })

  it('answers 2022-09-01 with the one cloud object', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${e.armUrl}/metadata/endpoints?api-version=2022-09-01`
    )

    expect(response.status).toBe(200)
    expect(response.body).toEqual(cloudOf(e))
  })

  it('refuses a version it does not serve with InvalidApiVersionParameter', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${e.armUrl}/metadata/endpoints?api-version=2020-06-01`
    )

    expect(response.status).toBe(400)
    expect(response.body).toEqual({
      error: {
        code: 'InvalidApiVersionParameter',
        message:
          "The api-version '2020-06-01' is invalid. The supported versions are '2022-09-01,2019-05-01,2015-01-01'."
      }
    })
  })
})

function cloudOf(e: Emulator): Record<string, unknown> {
  return {
    authentication: {
      loginEndpoint: e.authorityHost,
      audiences: [
        'https://management.core.windows.net/',
        'https://management.azure.com/',
        `${e.armUrl}/`
      ],
      tenant: 'common',
      identityProvider: 'AAD'
    },
    graphAudience: 'https://graph.windows.net/',
    name: 'Emulator',
    suffixes: { keyVaultDns: 'vault.azure.net' },
    resourceManager: `${e.armUrl}/`,
    microsoftGraphResourceId: 'https://graph.microsoft.com/'
  }
}
