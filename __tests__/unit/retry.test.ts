// The wait for a busy VM: a fifth of timeout-minutes, at most 5 minutes, per
// VM over the whole run, at the server's pace; a 409 no wait can fix is not
// waited for at all.
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineResponse
} from '@azure/core-rest-pipeline'
import {
  busyWaitMs,
  conflictRetryStrategy,
  isBusyConflict
} from '../../src/retry.ts'

const vmUrl = (vm: string): string =>
  `https://management.azure.com/subscriptions/5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/${vm}/runCommand?api-version=2026-04-01`
const inProgress =
  '{"error":{"code":"Conflict","message":"Run command extension execution is in progress. Please wait for completion before invoking a run command."}}'

/** Compute's answer to a request for `vm`, as the pipeline hands it to a retry strategy. */
function answer(
  vm: string,
  status: number,
  body = inProgress,
  headers: Record<string, string> = {}
): PipelineResponse {
  return {
    request: createPipelineRequest({ url: vmUrl(vm), method: 'POST' }),
    status,
    headers: createHttpHeaders(headers),
    bodyAsText: body
  }
}

describe('busyWaitMs', () => {
  it.each([
    [1, 12_000],
    [15, 180_000],
    [25, 300_000],
    [120, 300_000]
  ])(
    'waits for a busy VM at most a fifth of %i minutes, and never over 5: %i ms',
    (minutes, expected) => {
      expect(busyWaitMs(minutes * 60_000)).toBe(expected)
    }
  )
})

describe('isBusyConflict', () => {
  it.each([
    [409, inProgress, true],
    [
      409,
      "Operation 'PUT' is not allowed on VM extension 'enablevmaccess' since another operation is in progress.",
      true
    ],
    [
      409,
      'Cannot modify extensions in the VM when the VM is not running.',
      false
    ],
    [429, 'Too many requests.', false],
    [undefined, '', false]
  ])('%s %j is a busy VM: %s', (status, text, expected) => {
    expect(isBusyConflict(status, text)).toBe(expected)
  })
})

describe('conflictRetryStrategy', () => {
  it('waits at the back-off pace and cuts the last wait to what is left of the budget', () => {
    const strategy = conflictRetryStrategy(12_000)
    const busy = answer('vm-a', 409)

    const waits = [0, 1, 2, 3].map(
      (retryCount) =>
        strategy.retry({ retryCount, response: busy }).retryAfterInMs
    )

    expect(waits).toEqual([2000, 4000, 6000, undefined])
  })

  it('honours Retry-After within the budget', () => {
    const strategy = conflictRetryStrategy(12_000)

    const modifiers = strategy.retry({
      retryCount: 0,
      response: answer('vm-a', 409, inProgress, { 'retry-after': '5' })
    })

    expect(modifiers).toEqual({ retryAfterInMs: 5000 })
  })

  it('keeps one budget per VM over the whole run, whichever request waits', () => {
    const strategy = conflictRetryStrategy(4000)
    strategy.retry({ retryCount: 0, response: answer('vm-a', 409) })
    strategy.retry({ retryCount: 1, response: answer('vm-a', 409) })

    const againOnA = strategy.retry({
      retryCount: 0,
      response: answer('VM-A', 409)
    })
    const onB = strategy.retry({ retryCount: 0, response: answer('vm-b', 409) })

    expect(againOnA).toEqual({ skipStrategy: true })
    expect(onB).toEqual({ retryAfterInMs: 2000 })
  })

  it('never waits for a VM that is not running, nor for other answers', () => {
    const strategy = conflictRetryStrategy(60_000)
    const notRunning = answer(
      'vm-a',
      409,
      '{"error":{"code":"OperationNotAllowed","message":"Cannot modify extensions in the VM when the VM is not running."}}'
    )

    expect(strategy.retry({ retryCount: 0, response: notRunning })).toEqual({
      skipStrategy: true
    })
    expect(
      strategy.retry({ retryCount: 0, response: answer('vm-a', 200, '{}') })
    ).toEqual({ skipStrategy: true })
  })
})
