// What ARM's front door does to every request, whoever sends it: a path with
// repeated slashes routes as if they were one (msrestazure joins an endpoint
// ending in `/` with `/metadata/endpoints`), and every answer carries the ids
// clients log.
import type { Emulator } from '../index.ts'
import { emulatorPerTest } from './emulator-per-test.ts'
import { secretCredential, send, vmUrl } from './sdk-clients.ts'

const { start } = emulatorPerTest()

async function armToken(e: Emulator): Promise<string> {
  return (await secretCredential(e).getToken(`${e.armUrl}/.default`)).token
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('a path with repeated slashes', () => {
  it('reaches the cloud metadata at //metadata/endpoints', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${e.armUrl}//metadata/endpoints?api-version=2015-01-01`
    )

    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      authentication: { loginEndpoint: `${e.authorityHost}/` }
    })
  })

  it('reaches a VM at //subscriptions/… with slashes doubled inside', async () => {
    const e = await start()
    const url = vmUrl(e, 'vm-web-01').replace(
      `${e.armUrl}/subscriptions/`,
      `${e.armUrl}//subscriptions//`
    )

    const response = await send(e, 'GET', url, { token: await armToken(e) })

    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ name: 'vm-web-01' })
    expect(e.requests.at(-1)).toMatchObject({
      operationId: 'VirtualMachines_Get',
      path: `/subscriptions/${e.subscriptionId}/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/vm-web-01`
    })
  })

  it('keeps doubled slashes inside the query as they are', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${e.armUrl}//subscriptions?api-version=2022-12-01&x=a//b`,
      { token: await armToken(e) }
    )

    expect(response.status).toBe(200)
    expect(e.requests.at(-1)?.query).toBe('api-version=2022-12-01&x=a//b')
  })
})

describe('request ids', () => {
  it('puts a new x-ms-request-id and x-ms-correlation-request-id on a success', async () => {
    const e = await start()

    const response = await send(e, 'GET', vmUrl(e, 'vm-web-01'), {
      token: await armToken(e)
    })

    expect(response.status).toBe(200)
    expect(response.headers['x-ms-request-id']).toMatch(uuid)
    expect(response.headers['x-ms-correlation-request-id']).toMatch(uuid)
    expect(response.headers['x-ms-client-request-id']).toBeUndefined()
  })

  it('echoes the correlation and client request ids a client sends', async () => {
    const e = await start()
    const correlation = '4d1b6e1a-8f6e-4c1e-9a57-1f2b3c4d5e6f'
    const client = '9e8d7c6b-5a49-4382-9170-a1b2c3d4e5f6'

    const response = await send(e, 'GET', vmUrl(e, 'vm-web-01'), {
      token: await armToken(e),
      headers: {
        'x-ms-correlation-request-id': correlation,
        'x-ms-client-request-id': client
      }
    })

    expect(response.headers['x-ms-correlation-request-id']).toBe(correlation)
    expect(response.headers['x-ms-client-request-id']).toBe(client)
    expect(response.headers['x-ms-request-id']).not.toBe(correlation)
  })

  it.each([
    ['a 401 without a token', 401, (e: Emulator) => vmUrl(e, 'vm-web-01')],
    [
      'a 400 for an unregistered api-version',
      400,
      (e: Emulator) => vmUrl(e, 'vm-web-01', '', '2019-01-01')
    ],
    [
      'a 404 for a path ARM does not serve',
      404,
      (e: Emulator) => `${e.armUrl}/providers/Microsoft.Nowhere?api-version=1`
    ]
  ])('puts them on %s', async (_, status, url) => {
    const e = await start()
    const token = status === 401 ? undefined : await armToken(e)

    const response = await send(e, 'GET', url(e), token ? { token } : {})

    expect(response.status).toBe(status)
    expect(response.headers['x-ms-request-id']).toMatch(uuid)
    expect(response.headers['x-ms-correlation-request-id']).toMatch(uuid)
  })

  it('puts them on an injected fault', async () => {
    const e = await start()
    e.faults.add('VirtualMachines_Get', { status: 503 })

    const response = await send(e, 'GET', vmUrl(e, 'vm-web-01'), {
      token: await armToken(e)
    })

    expect(response.status).toBe(503)
    expect(response.headers['x-ms-request-id']).toMatch(uuid)
  })

  it('does not echo a correlation id that is not a plain token', async () => {
    const e = await start()

    const response = await send(e, 'GET', vmUrl(e, 'vm-web-01'), {
      token: await armToken(e),
      headers: { 'x-ms-correlation-request-id': 'a b <script>' }
    })

    expect(response.headers['x-ms-correlation-request-id']).toMatch(uuid)
  })
})
