// The pace every worker of a run shares: a 429 holds back every request for
// its Retry-After, a nearly spent ARM budget spaces requests at the refill
// rate, and a VM whose Compute budget runs low waits alone.
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineResponse
} from '@azure/core-rest-pipeline'
import { createPacer, lowestComputeBudget } from '../../src/pacing.ts'

const base =
  'https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines'

function answer(status: number, headers: Record<string, string> = {}) {
  return (
    request: ReturnType<typeof createPipelineRequest>
  ): Promise<PipelineResponse> =>
    Promise.resolve({ request, status, headers: createHttpHeaders(headers) })
}

function pacerWithClock() {
  const waits: number[] = []
  const pacer = createPacer((ms) => {
    waits.push(ms)
    return Promise.resolve()
  })
  const send = (method: string, url: string, reply = answer(200)) =>
    pacer.policy.sendRequest(
      createPipelineRequest({ url, method: method as 'GET' }),
      reply
    )
  return { pacer, waits, send }
}

describe('pacing', () => {
  it('holds every later request for the Retry-After of a 429, and counts it', async () => {
    const { pacer, waits, send } = pacerWithClock()

    await send(
      'PUT',
      `${base}/a/extensions/x`,
      answer(429, { 'retry-after': '3' })
    )
    await send('GET', `${base}/b`)
    await send('DELETE', `${base}/c/extensions/x`)

    expect(waits).toHaveLength(2)
    for (const ms of waits) {
      expect(ms).toBeGreaterThan(2500)
      expect(ms).toBeLessThanOrEqual(3000)
    }
    expect(pacer.stats()).toMatchObject({ throttled: 1, held: 2 })
  })

  it('sends at once while the budget is plentiful', async () => {
    const { waits, send } = pacerWithClock()
    const plenty = answer(200, {
      'x-ms-ratelimit-remaining-subscription-writes': '180'
    })

    for (let i = 0; i < 5; i += 1)
      await send('PUT', `${base}/v${i}/extensions/x`, plenty)

    expect(waits).toEqual([])
  })

  it('spaces writes at ARM’s refill rate once the write budget runs low', async () => {
    const { waits, send } = pacerWithClock()
    const low = answer(200, {
      'x-ms-ratelimit-remaining-subscription-writes': '5'
    })

    await send('PUT', `${base}/v0/extensions/x`, low)
    for (let i = 1; i < 4; i += 1)
      await send('PUT', `${base}/v${i}/extensions/x`, low)
    // Reads have their own budget and go at once.
    await send('GET', `${base}/v9`)

    // 10 writes a second: each slot 100 ms after the last (the first goes now).
    expect(waits).toHaveLength(2)
    expect(waits[1]).toBeGreaterThan(150)
  })

  it('holds only the VM whose Compute budget runs low', async () => {
    const { waits, send } = pacerWithClock()
    const low = answer(200, {
      'x-ms-ratelimit-remaining-resource':
        'Microsoft.Compute/PutVM3Min;1,Microsoft.Compute/PutVM30Min;200'
    })

    await send('PUT', `${base}/a/extensions/x`, low)
    await send('DELETE', `${base}/b/extensions/x`)
    await send('DELETE', `${base}/a/extensions/x`)

    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThan(10_000)
  })

  it.each([
    ['Microsoft.Compute/HighCostGet3Min;159', 159],
    [
      'Microsoft.Compute/GetVMScaleSet3Min;197,Microsoft.Compute/GetVMScaleSet30Min;1297',
      197
    ],
    ['garbage', Number.POSITIVE_INFINITY]
  ])('reads %s as %d left', async (header, left) => {
    const request = createPipelineRequest({ url: base })
    const response = await answer(200, {
      'x-ms-ratelimit-remaining-resource': header
    })(request)

    expect(lowestComputeBudget(response)).toBe(left)
  })
})
