// ARM's subscription buckets and Compute's per-VM policies, as their
// headers and 429s show them (facts.md §a), and the SDK riding them out.
import {
  fleetMembers,
  scenario,
  startEmulator,
  type EmulatorOptions
} from '../index.ts'
import { emulatorPerTest } from './emulator-per-test.ts'
import { clockStartMs, startOnRequestClock } from './request-clock.ts'
import {
  computeClient,
  secretCredential,
  send,
  vmAccessBody,
  vmUrl,
  type RawResponse
} from './sdk-clients.ts'

const { start } = emulatorPerTest()

// Buckets refill in ARM's time. On a clock that stands still, every count
// and Retry-After below is exact however slowly the machine sends the
// requests (reads refill at 25 a second in real time: 40 ms between two).
const standingClock = (): number => clockStartMs

/** Raw ARM calls with one token, so every header is visible. */
async function rawArm(options: EmulatorOptions) {
  const e = await start(options)
  const { token } = await secretCredential(e).getToken(`${e.armUrl}/.default`)
  const call = (method: string, url: string, body?: unknown) =>
    send(e, method, url, { token, ...(body ? { body } : {}) })
  return { e, call }
}

function budgets(response: RawResponse): Record<string, unknown> {
  const { headers } = response
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) =>
      name.startsWith('x-ms-ratelimit-remaining-')
    )
  )
}

const vmAccessPut = {
  location: 'westeurope',
  properties: {
    publisher: 'Microsoft.Compute',
    type: 'VMAccessAgent',
    typeHandlerVersion: '2.4',
    autoUpgradeMinorVersion: true,
    settings: { UserName: 'azureadmin' },
    protectedSettings: { Password: 'Emulated-Passw0rd!' }
  }
}

describe('throttling headers', () => {
  it('counts down the subscription reads and the VM’s Low Cost Get policy', async () => {
    const { e, call } = await rawArm({ armClock: standingClock })

    const first = await call('GET', vmUrl(e, 'vm-web-01'))
    const second = await call('GET', vmUrl(e, 'vm-web-01'))
    const otherVm = await call('GET', vmUrl(e, 'vm-aad'))

    expect([first, second, otherVm].map(budgets)).toEqual([
      {
        'x-ms-ratelimit-remaining-subscription-reads': '249',
        'x-ms-ratelimit-remaining-resource': 'Microsoft.Compute/LowCostGetVM;35'
      },
      {
        'x-ms-ratelimit-remaining-subscription-reads': '248',
        'x-ms-ratelimit-remaining-resource': 'Microsoft.Compute/LowCostGetVM;34'
      },
      {
        'x-ms-ratelimit-remaining-subscription-reads': '247',
        'x-ms-ratelimit-remaining-resource': 'Microsoft.Compute/LowCostGetVM;35'
      }
    ])
  })

  it('charges a PUT to writes and Update VM, a DELETE to deletes, a poll to Get Operation, a list to High Cost Get', async () => {
    const { e, call } = await rawArm({ armClock: standingClock })
    const extension = vmUrl(e, 'vm-no-vmaccess', '/extensions/enablevmaccess')

    const put = await call('PUT', extension, vmAccessPut)
    const poll = await call(
      'GET',
      put.headers['azure-asyncoperation'] as string
    )
    const remove = await call('DELETE', extension)
    const list = await call(
      'GET',
      `${e.armUrl}/subscriptions/${e.subscriptionId}/providers/Microsoft.Compute/virtualMachines?api-version=2026-04-01`
    )

    expect([put, poll, remove, list].map(budgets)).toEqual([
      {
        'x-ms-ratelimit-remaining-subscription-writes': '199',
        'x-ms-ratelimit-remaining-resource': 'Microsoft.Compute/UpdateVM;11'
      },
      {
        'x-ms-ratelimit-remaining-subscription-reads': '249',
        'x-ms-ratelimit-remaining-resource': 'Microsoft.Compute/GetOperation;44'
      },
      {
        'x-ms-ratelimit-remaining-subscription-deletes': '199',
        'x-ms-ratelimit-remaining-resource': 'Microsoft.Compute/UpdateVM;10'
      },
      {
        'x-ms-ratelimit-remaining-subscription-reads': '248',
        'x-ms-ratelimit-remaining-resource':
          'Microsoft.Compute/HighCostGetVM;899'
      }
    ])
  })

  it('sends no budget for a bucket turned off, and none at all without throttling', async () => {
    const partly = await rawArm({ throttling: { computeLowCostGet: false } })
    const off = await rawArm({ throttling: false })

    const withoutCompute = await partly.call('GET', vmUrl(partly.e, 'vm-aad'))

    const unthrottled = await off.call('GET', vmUrl(off.e, 'vm-aad'))

    expect(budgets(withoutCompute)).toEqual({
      'x-ms-ratelimit-remaining-subscription-reads': '249'
    })
    expect(budgets(unthrottled)).toEqual({})
  })
})

describe('throttled requests', () => {
  it('answers ARM’s SubscriptionRequestsThrottled with Retry-After once the reads run out', async () => {
    const { e, call } = await rawArm({
      scenario: scenario().throttling({
        subscriptionReads: { capacity: 2, refillPerSecond: 0.5 }
      }),
      armClock: standingClock
    })

    const statuses = [
      (await call('GET', vmUrl(e, 'vm-web-01'))).status,
      (await call('GET', vmUrl(e, 'vm-aad'))).status
    ]
    const refused = await call('GET', vmUrl(e, 'vm-slow'))

    expect(statuses).toEqual([200, 200])
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBe('2')
    expect(budgets(refused)).toEqual({
      'x-ms-ratelimit-remaining-subscription-reads': '0'
    })
    expect(refused.body).toEqual({
      error: {
        code: 'SubscriptionRequestsThrottled',
        message: expect.stringMatching(
          /^Number of 'read' requests for subscription '[^']+' actor '[^']+' exceeded\. Please try again after '2' seconds\.$/
        ) as unknown
      }
    })
  })

  it('answers Compute’s OperationNotAllowed for one VM whose policy is spent, not for the others', async () => {
    const { e, call } = await rawArm({
      throttling: { computeLowCostGet: { capacity: 1, refillPerSecond: 0.1 } },
      armClock: standingClock
    })

    await call('GET', vmUrl(e, 'vm-web-01'))
    const refused = await call('GET', vmUrl(e, 'vm-web-01'))
    const otherVm = await call('GET', vmUrl(e, 'vm-aad'))

    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBe('10')
    expect(budgets(refused)).toEqual({
      'x-ms-ratelimit-remaining-subscription-reads': '248',
      'x-ms-ratelimit-remaining-resource': 'Microsoft.Compute/LowCostGetVM;0'
    })
    const error = (refused.body as { error: Record<string, unknown> }).error
    expect(error).toMatchObject({
      code: 'OperationNotAllowed',
      details: [{ code: 'TooManyRequests', target: 'LowCostGetVM' }]
    })
    const details = error.details as { message: string }[]
    expect(JSON.parse(details[0]?.message ?? '')).toMatchObject({
      operationGroup: 'LowCostGetVM',
      allowedRequestCount: 1,
      measuredRequestCount: 2
    })
    expect(otherVm.status).toBe(200)
  })

  it('lets the SDK ride out a tight write budget at the server’s Retry-After', async () => {
    const fleet = fleetMembers(4)
    // ARM's clock stands still but for a second with each 429 answered: the
    // four PUTs meet the bucket at one instant however slowly they leave,
    // and a retry, sent after the Retry-After in real time, finds the
    // tokens of the second it waited.
    const e = await startOnRequestClock(
      start,
      {
        scenario: scenario()
          .fleet(4)
          .everyVm((vm) => vm.extensionTakes(0)),
        retryAfterSeconds: 0,
        throttling: { subscriptionWrites: { capacity: 2, refillPerSecond: 2 } }
      },
      (requests) => 1000 * requests.filter((r) => r.status === 429).length
    )
    const client = computeClient(e)
    // A token first, so the four PUTs leave together and meet an empty bucket.
    await client.virtualMachines.get('rg-demo', 'vm-web-01')

    await Promise.all(
      fleet.map(({ resourceGroup, vmName }) =>
        client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
          resourceGroup,
          vmName,
          'enablevmaccess',
          vmAccessBody(
            { UserName: 'azureadmin' },
            { Password: 'Emulated-Passw0rd!' }
          ),
          { updateIntervalInMs: 10 }
        )
      )
    )

    const puts = e.requests
      .filter(
        (r) => r.operationId === 'VirtualMachineExtensions_CreateOrUpdate'
      )
      .map((r) => r.status)
    expect(puts.filter((s) => s === 429).length).toBeGreaterThan(0)
    expect(puts.filter((s) => s === 200 || s === 201)).toHaveLength(4)
    for (const { resourceGroup, vmName } of fleet) {
      expect(
        e
          .vm(resourceGroup, vmName)
          .extensions.find((x) => x.name === 'enablevmaccess')
          ?.provisioningState
      ).toBe('Succeeded')
    }
  })

  it('refuses a bucket that could never let a request through, and an unknown bucket', async () => {
    await expect(
      startEmulator({
        throttling: { subscriptionReads: { capacity: 0, refillPerSecond: 1 } }
      })
    ).rejects.toThrow('throttling.subscriptionReads.capacity')
    await expect(
      startEmulator({
        throttling: {
          subscriptionWrite: { capacity: 1, refillPerSecond: 1 }
        } as unknown as EmulatorOptions['throttling']
      })
    ).rejects.toThrow('throttling.subscriptionWrite: no such bucket')
  })
})
