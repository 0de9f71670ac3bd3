import { scenario, startEmulator, type Emulator } from '../index.ts'
import {
  secretCredential,
  send,
  vmUrl,
  type RawResponse
} from './sdk-clients.ts'

// The SDK polls Azure-AsyncOperation only; these tests walk both URLs by hand.
describe('the long-running operation URLs', () => {
  let emulator: Emulator
  let token: string

  beforeAll(async () => {
    emulator = await startEmulator({
      scenario: scenario().everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))
    })
    token = (
      await secretCredential(emulator).getToken(`${emulator.armUrl}/.default`)
    ).token
  })
  afterAll(async () => {
    await emulator.stop()
  })
  afterEach(() => {
    expect(emulator.contractViolations).toEqual([])
  })

  const put = (vm: string): Promise<RawResponse> =>
    send(emulator, 'PUT', vmUrl(emulator, vm, '/extensions/enablevmaccess'), {
      token,
      body: {
        location: 'westeurope',
        properties: {
          publisher: 'Microsoft.Compute',
          type: 'VMAccessAgent',
          typeHandlerVersion: '2.4',
          settings: {},
          protectedSettings: {}
        }
      }
    })
  const header = (response: RawResponse, name: string): string =>
    String(response.headers[name.toLowerCase()])

  it('answers a PUT with 201, Creating, and the three polling headers', async () => {
    const response = await put('vm-no-vmaccess')

    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({
      properties: { provisioningState: 'Creating' }
    })
    const operations = `${emulator.armUrl}/subscriptions/${emulator.subscriptionId}/providers/Microsoft.Compute/locations/westeurope/operations/`
    expect(header(response, 'Azure-AsyncOperation')).toMatch(
      new RegExp(`^${operations}[0-9a-f-]{36}\\?api-version=2026-04-01$`)
    )
    expect(header(response, 'Location')).toMatch(
      new RegExp(
        `^${operations}[0-9a-f-]{36}\\?monitor=true&api-version=2026-04-01$`
      )
    )
    expect(header(response, 'Retry-After')).toBe('1')
  })

  it('reports status on the Azure-AsyncOperation URL and the final extension on the Location URL', async () => {
    const response = await put('vm-aad')

    const status = await send(
      emulator,
      'GET',
      header(response, 'Azure-AsyncOperation'),
      { token }
    )
    const final = await send(emulator, 'GET', header(response, 'Location'), {
      token
    })

    expect(status.status).toBe(200)
    const { startTime, endTime, ...rest } = status.body as Record<
      string,
      unknown
    >
    expect(rest).toMatchObject({ status: 'Succeeded' })
    expect(Date.parse(String(endTime))).toBeGreaterThanOrEqual(
      Date.parse(String(startTime))
    )
    expect(final.status).toBe(200)
    expect(final.body).toMatchObject({
      name: 'enablevmaccess',
      properties: { provisioningState: 'Succeeded' }
    })
  })

  it('answers 202 with Retry-After while the operation runs', async () => {
    const response = await put('vm-stuck')

    const status = await send(
      emulator,
      'GET',
      header(response, 'Azure-AsyncOperation'),
      { token }
    )
    const monitor = await send(emulator, 'GET', header(response, 'Location'), {
      token
    })

    expect(status.body).toMatchObject({ status: 'InProgress' })
    expect(header(status, 'Retry-After')).toBe('1')
    expect(monitor.status).toBe(202)
    expect(header(monitor, 'Retry-After')).toBe('1')
  })

  it('answers a DELETE with 202, then 204 on the Location URL', async () => {
    const response = await send(
      emulator,
      'DELETE',
      vmUrl(emulator, 'vm-vmaccess-27', '/extensions/enablevmaccess'),
      { token }
    )

    const monitor = await send(emulator, 'GET', header(response, 'Location'), {
      token
    })

    expect(response.status).toBe(202)
    expect(monitor.status).toBe(204)
  })

  it('puts the failure on both URLs when the extension fails', async () => {
    const response = await put('vm-ext-fails')

    const status = await send(
      emulator,
      'GET',
      header(response, 'Azure-AsyncOperation'),
      { token }
    )
    const monitor = await send(emulator, 'GET', header(response, 'Location'), {
      token
    })

    expect(status.body).toMatchObject({
      status: 'Failed',
      error: { code: 'VMExtensionProvisioningError' }
    })
    expect(monitor.status).toBe(400)
    expect(monitor.body).toMatchObject({
      error: { code: 'VMExtensionProvisioningError' }
    })
  })
})
