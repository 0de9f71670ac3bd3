import { startEmulator, type Emulator } from '../index.ts'
import {
  computeClient,
  githubIdToken,
  secretCredential,
  send,
  vmAccessBody,
  vmUrl
} from './sdk-clients.ts'

function statusesOf(emulator: Emulator, operationId: string): number[] {
  return emulator.requests
    .filter((r) => r.operationId === operationId)
    .map((r) => r.status)
}

describe('fault injection', () => {
  let emulator: Emulator

  beforeEach(async () => {
    emulator = await startEmulator()
  })
  afterEach(async () => {
    await emulator.stop()
    expect(emulator.contractViolations).toEqual([])
  })

  it('throttles twice with Retry-After, and the SDK waits and succeeds', async () => {
    emulator.faults.add('VirtualMachines_Get', {
      status: 429,
      retryAfterSeconds: 1,
      times: 2
    })
    const client = computeClient(emulator)

    const vm = await client.virtualMachines.get('rg-demo', 'vm-web-01')

    expect(vm.name).toBe('vm-web-01')
    expect(statusesOf(emulator, 'VirtualMachines_Get')).toEqual([429, 429, 200])
    const times = emulator.requests
      .filter((r) => r.operationId === 'VirtualMachines_Get')
      .map((r) => r.at)
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1900)
    expect(emulator.faults.pending()).toEqual([])
  })

  it('answers a 500 once, which the SDK retries', async () => {
    emulator.faults.add('VirtualMachineExtensions_List', { status: 500 })
    const client = computeClient(emulator)

    const list = await client.virtualMachineExtensions.list(
      'rg-demo',
      'vm-web-01'
    )

    expect(list.value).toHaveLength(1)
    expect(statusesOf(emulator, 'VirtualMachineExtensions_List')).toEqual([
      500, 200
    ])
  })

  it('shapes a status fault as the service error the SDK reports', async () => {
    emulator.faults.add('VirtualMachineExtensions_CreateOrUpdate', {
      status: 409,
      code: 'OperationPreempted',
      message:
        'Operation execution has been preempted by a more recent operation.'
    })
    const client = computeClient(emulator)

    const attempt = client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
      'rg-demo',
      'vm-no-vmaccess',
      'enablevmaccess',
      vmAccessBody({}, {})
    )

    await expect(attempt).rejects.toMatchObject({
      statusCode: 409,
      code: 'OperationPreempted'
    })
  })

  it('fails an LRO poll once, and the poller carries on', async () => {
    emulator.faults.add('Operations_Get', { status: 503, retryAfterSeconds: 1 })
    const client = computeClient(emulator)

    await client.virtualMachineExtensions.beginDeleteAndWait(
      'rg-demo',
      'vm-web-01',
      'myVMAccess'
    )

    expect(statusesOf(emulator, 'Operations_Get')[0]).toBe(503)
    expect(emulator.vm('rg-demo', 'vm-web-01').extensions).toEqual([])
  })

  it('resets the connection once, which the SDK retries', async () => {
    emulator.faults.add('VirtualMachines_Get', { kind: 'reset' })
    const client = computeClient(emulator)

    const vm = await client.virtualMachines.get('rg-demo', 'vm-web-01')

    expect(vm.name).toBe('vm-web-01')
    expect(emulator.requests.find((r) => r.fault === 'reset')).toMatchObject({
      operationId: 'VirtualMachines_Get',
      status: 0
    })
  })

  it('fails the GitHub ID-token call and the Entra token call on request', async () => {
    emulator.faults.add('GitHub_GetIdToken', { status: 500 })
    emulator.faults.add('Entra_Token', { status: 503, retryAfterSeconds: 1 })

    const github = await send(
      emulator,
      'GET',
      `${emulator.oidcRequestUrl}&audience=x`,
      { token: emulator.oidcRequestToken }
    )
    const token = await secretCredential(emulator).getToken(
      `${emulator.armUrl}/.default`
    )

    expect(github.status).toBe(500)
    expect(await githubIdToken(emulator)).toBeTruthy()
    expect(token.token).toBeTruthy()
    expect(statusesOf(emulator, 'Entra_Token')).toEqual([503, 200])
  })

  it('lets the first requests through when asked to hit a later one', async () => {
    emulator.faults.add('VirtualMachineExtensions_List', {
      status: 500,
      after: 1,
      times: 1
    })
    const client = computeClient(emulator)

    await client.virtualMachineExtensions.list('rg-demo', 'vm-web-01')
    await client.virtualMachineExtensions.list('rg-demo', 'vm-web-01')

    expect(statusesOf(emulator, 'VirtualMachineExtensions_List')).toEqual([
      200, 500, 200
    ])
    expect(emulator.faults.pending()).toEqual([])
  })

  it('clears queued faults', () => {
    emulator.faults.add('VirtualMachines_Get', { status: 500, times: 3 })

    emulator.faults.clear()

    expect(emulator.faults.pending()).toEqual([])
  })
})

describe('a held connection', () => {
  it('is released by stop()', async () => {
    const emulator = await startEmulator()
    emulator.faults.add('VirtualMachines_Get', { kind: 'hang' })
    const token = await secretCredential(emulator).getToken(
      `${emulator.armUrl}/.default`
    )
    const outcome = send(emulator, 'GET', vmUrl(emulator, 'vm-web-01'), {
      token: token.token
    }).then(
      () => 'answered',
      (error: unknown) =>
        error instanceof Error ? error.message : String(error)
    )
    while (!emulator.requests.some((r) => r.fault === 'hang'))
      await new Promise((resolve) => setTimeout(resolve, 10))

    await emulator.stop()

    expect(await outcome).toMatch(/socket hang up|ECONNRESET/)
  })
})
