import { retryAfterMs } from '../../scripts/bench/retry-after.ts'
import { spread } from '../../scripts/bench/stats.ts'
import { readRusage } from '../../scripts/bench/timed-process.ts'
import { normaliseUrl } from '../../scripts/bench/wire-log.ts'

describe('Retry-After', () => {
  const now = Date.parse('2026-04-01T10:00:00Z')

  it.each([
    ['delay-seconds', 'HTTP/1.1 202 Accepted\r\nRetry-After: 1\r\n\r\n', 1000],
    [
      'a lower-case name',
      'HTTP/1.1 200 OK\r\nretry-after:  30\r\n\r\n',
      30_000
    ],
    [
      'an HTTP-date',
      'HTTP/1.1 429 Too Many Requests\r\nRetry-After: Wed, 01 Apr 2026 10:00:05 GMT\r\n\r\n',
      5000
    ],
    ['no header', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', undefined],
    [
      'a value that is neither',
      'HTTP/1.1 200 OK\r\nRetry-After: soon\r\n\r\n',
      undefined
    ]
  ])('reads %s', (_, block, expected) => {
    expect(retryAfterMs(block, now)).toBe(expected)
  })
})

describe('GNU time figures', () => {
  it('reads peak RSS and user plus system CPU time', () => {
    expect(readRusage('90656 0.41 0.07\n')).toEqual({
      peakRssKib: 90656,
      cpuMs: 480
    })
  })

  it('reads the last line after a non-zero exit note', () => {
    expect(
      readRusage('Command exited with non-zero status 1\n82320 0.50 0.10\n')
    ).toEqual({ peakRssKib: 82320, cpuMs: 600 })
  })

  it('reads nothing from a line it does not know', () => {
    expect(readRusage('Command terminated by signal 9\n')).toEqual({})
  })
})

describe('URLs on the wire', () => {
  it('normalises a request target the way the emulator logs it', () => {
    expect(normaliseUrl('/a/./b?api-version=1&%24expand=x')).toBe(
      '/a/b?api-version=1&%24expand=x'
    )
  })
})

describe('spread', () => {
  it.each([
    [[3, 1, 2], { n: 3, min: 1, median: 2, max: 3 }],
    [[4, 1, 3, 2], { n: 4, min: 1, median: 2.5, max: 4 }],
    [[7], { n: 1, min: 7, median: 7, max: 7 }]
  ])('of %j', (values, expected) => {
    expect(spread(values)).toEqual(expected)
  })

  it('is not a number for no values', () => {
    expect(spread([])).toEqual({ n: 0, min: NaN, median: NaN, max: NaN })
  })
})
