// Which Resource Manager answers are worth another try, and when. The SDK's
// own policy already retries 429 and 5xx at the server's pace; this adds the
// 409 that Compute sends while another operation on the VM is in progress.
import type { RetryStrategy } from '@azure/core-rest-pipeline'

/** Longest wait between tries when the server gives no Retry-After. */
export const maxConflictDelayMs = 30_000

/**
 * Retries 409 Conflict ("another operation is in progress") until the run's
 * signal ends it, except the one 409 no wait can fix: a VM that is not
 * running (README, Troubleshooting: "409 Conflict").
 */
export function conflictRetryStrategy(): RetryStrategy {
  return {
    name: 'vm-access-conflict',
    retry({ response, retryCount }) {
      if (response?.status !== 409) return { skipStrategy: true }
      if (/not running/i.test(response.bodyAsText ?? '')) {
        return { skipStrategy: true }
      }
      const retryAfterInMs =
        retryAfterMs(response.headers) ||
        Math.min(2000 * 2 ** retryCount, maxConflictDelayMs)
      return { retryAfterInMs }
    }
  }
}

/** The wait a Retry-After in whole seconds asks for, in ms; 0 when absent. */
export function retryAfterMs(headers: {
  get: (name: string) => string | undefined
}): number {
  const seconds = Number(headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0
}
