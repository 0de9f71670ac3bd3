// Which Resource Manager answers are worth another try, and when. The SDK's
// own policy already retries 429 and 5xx at the server's pace; this adds the
// 409 that Compute sends while another operation on the VM is in progress.
import type { RetryStrategy } from '@azure/core-rest-pipeline'

/** Longest wait between tries when the server gives no Retry-After. */
export const maxConflictDelayMs = 30_000

/** The most the action waits for one busy VM, whatever timeout-minutes says. */
export const maxBusyWaitMs = 5 * 60_000

/**
 * How long the action waits, in all, for a VM that is busy with another
 * operation (or another Run Command script): a fifth of timeout-minutes, at
 * most 5 minutes, so one busy VM cannot hold a fleet's worker for the step.
 */
export function busyWaitMs(timeoutMs: number): number {
  return Math.min(Math.round(timeoutMs / 5), maxBusyWaitMs)
}

/**
 * True for Compute's 409 "another operation is in progress" (or "Run Command
 * execution is in progress"): the one 409 a wait can fix. A VM that is not
 * running also answers 409 (README, Troubleshooting: "409 Conflict").
 */
export function isBusyConflict(status: number | undefined, text = ''): boolean {
  return status === 409 && !/not running/i.test(text)
}

/**
 * Retries a busy VM's 409 Conflict at the server's pace, while the VM's
 * waits of the run add up to less than `busyBudgetMs`; then the 409 is the
 * request's answer, and the worker moves on. The run's signal may end a
 * wait sooner.
 */
export function conflictRetryStrategy(busyBudgetMs: number): RetryStrategy {
  // Per VM, not per request: a VM that kept the probe waiting does not
  // keep the next request waiting as long again.
  const waitedMs = new Map<string, number>()
  return {
    name: 'vm-access-conflict',
    retry({ response, retryCount }) {
      if (
        !response ||
        !isBusyConflict(response.status, response.bodyAsText ?? '')
      ) {
        return { skipStrategy: true }
      }
      const vm = vmOf(response.request.url)
      const leftMs = busyBudgetMs - (waitedMs.get(vm) ?? 0)
      if (leftMs <= 0) return { skipStrategy: true }
      const wantedMs =
        retryAfterMs(response.headers) ||
        Math.min(2000 * 2 ** retryCount, maxConflictDelayMs)
      // The last try goes when the budget ends, not after it.
      const retryAfterInMs = Math.min(wantedMs, leftMs)
      waitedMs.set(vm, busyBudgetMs - leftMs + retryAfterInMs)
      return { retryAfterInMs }
    }
  }
}

/** The VM a request addresses ('' for none), lower case: Compute's budgets and a busy VM's wait are per VM. */
export function vmOf(url: string): string {
  const match =
    /\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines\/[^/?]+/i.exec(
      url
    )
  return match ? match[0].toLowerCase() : ''
}

/** The wait a Retry-After in whole seconds asks for, in ms; 0 when absent. */
export function retryAfterMs(headers: {
  get: (name: string) => string | undefined
}): number {
  const seconds = Number(headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0
}
