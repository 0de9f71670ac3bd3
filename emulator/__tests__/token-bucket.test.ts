// The bucket arithmetic on a clock the test moves, so refills need no waiting.
import {
  newBucket,
  takeFromAll,
  type TokenBucket
} from '../arm/token-bucket.ts'

const start = 1_000_000

function takeOne(bucket: TokenBucket, atMs: number) {
  return takeFromAll([bucket], atMs)[0]
}

describe('a token bucket', () => {
  it('starts full and counts down one token a request', () => {
    const bucket = newBucket({ capacity: 3, refillPerSecond: 1 }, start)

    const remaining = [0, 1, 2].map(() => takeOne(bucket, start))

    expect(remaining).toEqual([
      { ok: true, remaining: 2 },
      { ok: true, remaining: 1 },
      { ok: true, remaining: 0 }
    ])
  })

  it.each([
    ['2 a second', 2, 1],
    ['1 every 15 s (Update VM)', 4 / 60, 15],
    ['25 a second (ARM reads)', 25, 1]
  ])(
    'refuses when empty with Retry-After until a token is back: %s',
    (_what, refillPerSecond, seconds) => {
      const bucket = newBucket({ capacity: 1, refillPerSecond }, start)
      takeOne(bucket, start)

      expect(takeOne(bucket, start)).toEqual({
        ok: false,
        retryAfterSeconds: seconds,
        refused: 1
      })
    }
  )

  it('refills at its rate after the wait it asked for, never past capacity', () => {
    const bucket = newBucket({ capacity: 12, refillPerSecond: 4 / 60 }, start)
    for (let i = 0; i < 12; i += 1) takeOne(bucket, start)

    const early = takeOne(bucket, start + 14_000)
    const onTime = takeOne(bucket, start + 15_000)
    const muchLater = takeOne(bucket, start + 3_600_000)

    expect(early).toMatchObject({ ok: false, retryAfterSeconds: 1 })
    expect(onTime).toEqual({ ok: true, remaining: 0 })
    expect(muchLater).toEqual({ ok: true, remaining: 11 })
  })

  it('takes from no bucket when one of several is empty', () => {
    const full = newBucket({ capacity: 5, refillPerSecond: 1 }, start)
    const empty = newBucket({ capacity: 1, refillPerSecond: 1 }, start)
    takeOne(empty, start)

    const checks = takeFromAll([full, empty], start)

    expect(checks).toEqual([
      { ok: true, remaining: 5 },
      { ok: false, retryAfterSeconds: 1, refused: 1 }
    ])
    expect(takeOne(full, start)).toEqual({ ok: true, remaining: 4 })
  })
})
