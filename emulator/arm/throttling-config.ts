import { assertBucketSpec, type TokenBucketSpec } from './token-bucket.ts'

/**
 * The throttling buckets a scenario or `EmulatorOptions` may set. Each is a
 * `{capacity, refillPerSecond}` that replaces the default, or `false` to turn
 * that bucket off. ARM's buckets are per subscription and caller; Compute's
 * are per VM, except High Cost Get, which is per subscription.
 */
export interface ThrottlingSpec {
  /** ARM: GET requests, `x-ms-ratelimit-remaining-subscription-reads`. */
  subscriptionReads?: TokenBucketSpec | false
  /** ARM: PUT/PATCH/POST, `x-ms-ratelimit-remaining-subscription-writes`. */
  subscriptionWrites?: TokenBucketSpec | false
  /** ARM: DELETE, `x-ms-ratelimit-remaining-subscription-deletes`. */
  subscriptionDeletes?: TokenBucketSpec | false
  /** Compute "Update VM", per VM: extension PUT and DELETE. */
  computeUpdate?: TokenBucketSpec | false
  /** Compute "Low Cost Get VM", per VM: VM GET, instance view, extension GET and list. */
  computeLowCostGet?: TokenBucketSpec | false
  /** Compute "Get Operation", per VM: polls of its long-running operations. */
  computeGetOperation?: TokenBucketSpec | false
  /** Compute "High Cost Get VM", per subscription: VirtualMachines_List and _ListAll. */
  computeHighCostGet?: TokenBucketSpec | false
}

/** One of the throttling buckets. */
export type BucketName = keyof ThrottlingSpec

/** The buckets that are on, each with its size and refill. */
export type Throttling = Partial<Record<BucketName, TokenBucketSpec>>

const perMinute = (n: number): number => n / 60

/**
 * Azure's published limits: ARM's regional token bucket per subscription and
 * principal (request-limits-and-throttling, facts.md §a) and Compute's
 * per-minute policies (compute-throttling-limits.md, facts.md §a).
 */
export const defaultThrottling: Record<BucketName, TokenBucketSpec> = {
  subscriptionReads: { capacity: 250, refillPerSecond: 25 },
  subscriptionWrites: { capacity: 200, refillPerSecond: 10 },
  subscriptionDeletes: { capacity: 200, refillPerSecond: 10 },
  computeUpdate: { capacity: 12, refillPerSecond: perMinute(4) },
  computeLowCostGet: { capacity: 36, refillPerSecond: perMinute(12) },
  computeGetOperation: { capacity: 45, refillPerSecond: perMinute(15) },
  computeHighCostGet: { capacity: 900, refillPerSecond: perMinute(300) }
}

/**
 * The buckets in force: the defaults with the given ones replaced or turned
 * off; `false` turns throttling off altogether. Throws on a bucket that
 * could never let a request through.
 */
export function resolveThrottling(
  option: ThrottlingSpec | false | undefined
): Throttling {
  if (option === false) return {}
  const unknown = Object.keys(option ?? {}).filter(
    (key) => !(key in defaultThrottling)
  )
  if (unknown.length > 0) {
    throw new Error(
      `throttling.${unknown.join(', throttling.')}: no such bucket (${Object.keys(defaultThrottling).join(', ')})`
    )
  }
  const resolved: Throttling = {}
  for (const name of Object.keys(defaultThrottling) as BucketName[]) {
    const chosen = option?.[name] ?? defaultThrottling[name]
    if (chosen === false) continue
    assertBucketSpec(name, chosen)
    resolved[name] = { ...chosen }
  }
  return resolved
}
