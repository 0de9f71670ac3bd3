import type { Reply } from '../http-io.ts'
import type { Caller } from './auth.ts'
import { computePolicyName, type ComputeCharge } from './compute-policies.ts'
import { computeThrottled, subscriptionThrottled } from './errors.ts'
import type { BucketName, Throttling } from './throttling-config.ts'
import {
  newBucket,
  takeFromAll,
  type BucketCheck,
  type TokenBucket
} from './token-bucket.ts'

/** A request let through, with the budgets it leaves, or the 429 that refuses it. */
export type Admission =
  { ok: true; headers: Record<string, string> } | { ok: false; reply: Reply }

/** The buckets of one emulator, filled on first use. */
export interface ArmThrottle {
  /** ARM's front door: the caller's subscription budget for the request's method. */
  admitToArm: (
    subscriptionId: string,
    caller: Caller,
    method: string,
    nowMs: number
  ) => Admission
  /** Compute's policies that the operation spends. */
  admitToCompute: (charges: ComputeCharge[], nowMs: number) => Admission
}

type ArmKind = 'read' | 'write' | 'delete'

const armBuckets: Record<ArmKind, BucketName> = {
  read: 'subscriptionReads',
  write: 'subscriptionWrites',
  delete: 'subscriptionDeletes'
}

/** Creates the throttle; buckets left out of `throttling` never refuse and send no header. */
export function createArmThrottle(throttling: Throttling): ArmThrottle {
  const buckets = new Map<string, TokenBucket>()
  const bucketFor = (
    name: BucketName,
    owner: string,
    nowMs: number
  ): TokenBucket | undefined => {
    const spec = throttling[name]
    if (!spec) return undefined
    const key = `${name} ${owner}`
    const existing = buckets.get(key)
    if (existing) return existing
    const bucket = newBucket(spec, nowMs)
    buckets.set(key, bucket)
    return bucket
  }
  return {
    admitToArm(subscriptionId, caller, method, nowMs) {
      const kind = armKindOf(method)
      // Per subscription and principal (request-limits-and-throttling).
      const owner = `${subscriptionId.toLowerCase()} ${caller.objectId}`
      const bucket = bucketFor(armBuckets[kind], owner, nowMs)
      if (!bucket) return { ok: true, headers: {} }
      const [check] = takeFromAll([bucket], nowMs)
      const header = `x-ms-ratelimit-remaining-subscription-${kind}s`
      if (check?.ok !== false) {
        return { ok: true, headers: { [header]: String(remainingOf(check)) } }
      }
      return {
        ok: false,
        reply: subscriptionThrottled(
          kind,
          subscriptionId,
          caller,
          check.retryAfterSeconds,
          { [header]: '0' }
        )
      }
    },
    admitToCompute(charges, nowMs) {
      const held = charges.flatMap((charge) => {
        const bucket = bucketFor(charge.bucket, charge.resource, nowMs)
        return bucket
          ? [{ policy: computePolicyName[charge.bucket], bucket }]
          : []
      })
      if (held.length === 0) return { ok: true, headers: {} }
      const checks = takeFromAll(
        held.map((h) => h.bucket),
        nowMs
      )
      // One `<policy>;<count>` per policy, comma-joined as the CLI shows them.
      const headers = {
        'x-ms-ratelimit-remaining-resource': held
          .map(
            (h, i) => `Microsoft.Compute/${h.policy};${remainingOf(checks[i])}`
          )
          .join(',')
      }
      const refusedAt = checks.findIndex((c) => !c.ok)
      const refused = checks[refusedAt]
      const owner = held[refusedAt]
      if (!refused || refused.ok || !owner) return { ok: true, headers }
      const reply = computeThrottled(
        {
          policy: owner.policy,
          retryAfterSeconds: refused.retryAfterSeconds,
          nowMs,
          allowedRequestCount: owner.bucket.spec.capacity,
          measuredRequestCount: owner.bucket.spec.capacity + refused.refused
        },
        headers
      )
      return { ok: false, reply }
    }
  }
}

/** ARM counts GETs as reads, DELETEs as deletes and every other method as a write. */
function armKindOf(method: string): ArmKind {
  if (method === 'GET' || method === 'HEAD') return 'read'
  return method === 'DELETE' ? 'delete' : 'write'
}

function remainingOf(check: BucketCheck | undefined): number {
  return check?.ok ? check.remaining : 0
}
