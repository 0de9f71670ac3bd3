// The token bucket ARM and Compute both throttle with: a request takes a
// token, tokens come back at a steady rate, and an empty bucket answers 429
// (request-limits-and-throttling; compute-throttling-limits.md).

/** A bucket's size (the most requests at once) and how fast tokens return. */
export interface TokenBucketSpec {
  capacity: number
  refillPerSecond: number
}

/** One bucket's state; it starts full. */
export interface TokenBucket {
  readonly spec: TokenBucketSpec
  tokens: number
  updatedAtMs: number
  /** Requests refused since the last one it let through. */
  refused: number
}

/** A bucket as one request found it. */
export type BucketCheck =
  | { ok: true; remaining: number }
  | { ok: false; retryAfterSeconds: number; refused: number }

// Refill arithmetic in floating point can leave 0.9999… where a whole token is due.
const wholeToken = 1 - 1e-9

/** A full bucket. */
export function newBucket(spec: TokenBucketSpec, nowMs: number): TokenBucket {
  return { spec, tokens: spec.capacity, updatedAtMs: nowMs, refused: 0 }
}

/**
 * Takes one token from every bucket, or from none when any is empty: a
 * request that one policy refuses must not spend the others' budgets.
 */
export function takeFromAll(
  buckets: readonly TokenBucket[],
  nowMs: number
): BucketCheck[] {
  for (const bucket of buckets) refill(bucket, nowMs)
  if (buckets.every((b) => b.tokens >= wholeToken)) {
    return buckets.map((bucket) => {
      bucket.tokens = Math.max(0, bucket.tokens - 1)
      bucket.refused = 0
      return { ok: true, remaining: wholeTokens(bucket) }
    })
  }
  return buckets.map((bucket) => {
    if (bucket.tokens >= wholeToken)
      return { ok: true, remaining: wholeTokens(bucket) }
    bucket.refused += 1
    return {
      ok: false,
      retryAfterSeconds: secondsUntilToken(bucket),
      refused: bucket.refused
    }
  })
}

function wholeTokens(bucket: TokenBucket): number {
  return Math.floor(bucket.tokens + 1e-9)
}

function refill(bucket: TokenBucket, nowMs: number): void {
  const elapsedSeconds = Math.max(0, nowMs - bucket.updatedAtMs) / 1000
  bucket.tokens = Math.min(
    bucket.spec.capacity,
    bucket.tokens + elapsedSeconds * bucket.spec.refillPerSecond
  )
  bucket.updatedAtMs = nowMs
}

// Retry-After is whole seconds, and a 0 would invite an immediate retry.
function secondsUntilToken(bucket: TokenBucket): number {
  return Math.max(
    1,
    Math.ceil((1 - bucket.tokens) / bucket.spec.refillPerSecond)
  )
}

/** Throws unless the spec describes a bucket that can ever let a request through. */
export function assertBucketSpec(name: string, spec: TokenBucketSpec): void {
  if (!Number.isInteger(spec.capacity) || spec.capacity < 1) {
    throw new Error(
      `throttling.${name}.capacity must be a whole number ≥ 1, got ${spec.capacity}`
    )
  }
  if (!Number.isFinite(spec.refillPerSecond) || spec.refillPerSecond <= 0) {
    throw new Error(
      `throttling.${name}.refillPerSecond must be a number > 0, got ${spec.refillPerSecond}`
    )
  }
}
