// One pace for every worker of a run: a 429's Retry-After holds back every
// request, not just the one that met it, and a budget that ARM reports as
// nearly spent spaces the requests out before the 429 comes.
import type {
  PipelinePolicy,
  PipelineRequest,
  PipelineResponse
} from '@azure/core-rest-pipeline'
import { setTimeout } from 'node:timers/promises'
import { retryAfterMs, vmOf } from './retry.ts'

/** What the run saw of Azure's throttling, for the summary. */
export interface PacingStats {
  /** Responses 429 Too Many Requests. */
  throttled: number
  /** Requests held back, by a Retry-After or a low budget. */
  held: number
  /** Total time requests were held, ms. */
  heldMs: number
}

/** A pipeline policy shared by every request of a run, and what it saw. */
export interface Pacer {
  policy: PipelinePolicy
  stats: () => PacingStats
}

/** ARM's buckets refill per second: reads 25, writes and deletes 10 (request limits). */
const refillPerSecond = { reads: 25, writes: 10, deletes: 10 } as const
type Budget = keyof typeof refillPerSecond

/** Below this many requests left, requests of that kind go at the refill rate. */
export const lowBudget = 20
/** Below this many left on a Compute policy, requests wait a refill's worth. */
const lowComputeBudget = 2
/** Compute's smallest refill (Update VM, 4 per minute per VM). */
const computeRefillMs = 15_000

/** Builds the pacer; `sleep` is injectable for unit tests. */
export function createPacer(
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep
): Pacer {
  const pace = new Pace()
  const policy: PipelinePolicy = {
    name: 'azure-vm-access-reset-pacing',
    async sendRequest(request, next) {
      const budget = budgetOf(request)
      const vm = vmOf(request.url)
      const now = Date.now()
      const wait = pace.releaseTime(budget, vm, now) - now
      if (wait > 0) {
        pace.stats.held += 1
        pace.stats.heldMs += wait
        // The SDK's signal is the platform's AbortSignal at run time.
        await sleep(wait, request.abortSignal as AbortSignal | undefined)
      }
      const response = await next(request)
      pace.observe(budget, vm, response)
      return response
    }
  }
  return { policy, stats: () => ({ ...pace.stats }) }
}

/** What the run knows of its budgets, and when each kind of request may go. */
class Pace {
  readonly stats: PacingStats = { throttled: 0, held: 0, heldMs: 0 }
  #resumeAt = 0
  readonly #remaining = new Map<Budget, number>()
  readonly #nextSlot = new Map<Budget, number>()
  // Compute's buckets are per VM: a VM whose budget runs low waits alone.
  readonly #vmHeldUntil = new Map<string, number>()

  /** When a request may go: after any Retry-After, and at its budget's pace. */
  releaseTime(budget: Budget, vm: string, now: number): number {
    let at = Math.max(now, this.#resumeAt)
    const left = this.#remaining.get(budget)
    if (left !== undefined && left < lowBudget) {
      // The nearer empty, the wider apart: a subscription that refills more
      // slowly than ARM's published rate still levels out before 0.
      const spacing =
        (1000 / refillPerSecond[budget]) * (lowBudget / Math.max(1, left))
      const slot = Math.max(at, this.#nextSlot.get(budget) ?? 0)
      this.#nextSlot.set(budget, slot + spacing)
      at = slot
    }
    return Math.max(at, this.#vmHeldUntil.get(vm) ?? 0)
  }

  /** Learns the budgets left from a response's headers, and any Retry-After. */
  observe(budget: Budget, vm: string, response: PipelineResponse): void {
    const header = `x-ms-ratelimit-remaining-subscription-${budget}`
    const left = Number(response.headers.get(header) ?? Number.NaN)
    if (Number.isFinite(left)) this.#remaining.set(budget, left)
    if (lowestComputeBudget(response) < lowComputeBudget) {
      this.#vmHeldUntil.set(vm, Date.now() + computeRefillMs)
    }
    if (response.status === 429) {
      this.stats.throttled += 1
      // Retry-After counts from now for every worker; the SDK's retry of
      // this request waits the same, so all resume together.
      const wait = retryAfterMs(response.headers) || 1000
      this.#resumeAt = Math.max(this.#resumeAt, Date.now() + wait)
    }
  }
}

/** Which of ARM's subscription budgets a request spends. */
function budgetOf(request: PipelineRequest): Budget {
  if (request.method === 'DELETE') return 'deletes'
  return request.method === 'GET' || request.method === 'HEAD'
    ? 'reads'
    : 'writes'
}

/**
 * The smallest count in Compute's `x-ms-ratelimit-remaining-resource`
 * (`Microsoft.Compute/<policy>;<count>`, one per policy, comma-joined).
 */
export function lowestComputeBudget(response: PipelineResponse): number {
  const header = response.headers.get('x-ms-ratelimit-remaining-resource')
  if (!header) return Number.POSITIVE_INFINITY
  const counts = header
    .split(',')
    .map((policy) => Number(policy.split(';')[1]))
    .filter(Number.isFinite)
  return counts.length > 0 ? Math.min(...counts) : Number.POSITIVE_INFINITY
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return setTimeout(ms, undefined, signal ? { signal } : {})
}
