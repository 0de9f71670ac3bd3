import type {
  Figures,
  OverheadFigure,
  RequestFigure,
  VerifyCostFigure
} from '../../scripts/bench/aggregate.ts'
import { countVerified } from '../../scripts/bench/fleet-report.ts'
import { formatCondition, formatMs } from '../../scripts/bench/format.ts'
import {
  renderRequests,
  renderVerdicts,
  renderVerifyCost
} from '../../scripts/bench/report.ts'
import type { Spread } from '../../scripts/bench/stats.ts'
import { judge } from '../../scripts/bench/targets.ts'

const stages = {
  startUpMs: 250,
  signInMs: 40,
  resetMs: 40,
  verifyMs: 20,
  exitMs: 50,
  totalMs: 400
}

const overhead: OverheadFigure = {
  mode: 'reset-password',
  retryAfterSeconds: 1,
  verify: true,
  route: 'vm-access',
  totalMs: { n: 3, min: 380, median: 400, max: 420 },
  medianRun: stages
}

const requests: RequestFigure = {
  mode: 'reset-password',
  retryAfterSeconds: 1,
  verify: true,
  route: 'vm-access',
  runs: 3,
  counts: [
    { name: 'GitHub_GetIdToken', minimum: 1, observed: 1 },
    { name: 'poll after PUT', minimum: 3, observed: 3 }
  ],
  extras: []
}

/** Figures that meet every target. */
const good: Figures = {
  coldStartMs: { n: 10, min: 200, median: 250, max: 290 },
  overhead: [overhead],
  requests: [requests],
  verifyCost: [],
  pollsWithRetryAfter: {
    polls: 5,
    asked: 5,
    early: 0,
    worstEarlyMs: 0,
    worstLateMs: 40,
    unaskedIntervalsMs: []
  },
  pollsWithoutRetryAfter: {
    polls: 3,
    asked: 0,
    early: 0,
    worstEarlyMs: 0,
    worstLateMs: 0,
    unaskedIntervalsMs: [1500, 2010]
  },
  peakRssMib: { n: 10, min: 60, median: 62, max: 64 },
  cpuMs: { n: 10, min: 150, median: 160, max: 170 },
  bareNodeMs: { n: 10, min: 30, median: 35, max: 40 }
}

describe('targets', () => {
  it('meets every target with figures inside them', () => {
    const judged = judge(good).filter((v) => v.met !== undefined)

    expect(judged.map((v) => [v.measure, v.met])).toEqual([
      ['Cold start: process start → first request (10 runs)', true],
      [
        'Overhead per reset, sign-in included (password, Retry-After 1 s, 3 runs)',
        true
      ],
      ['Requests beyond the minimum (password, Retry-After 1 s)', true],
      ['Polls before the Retry-After had passed', true],
      ['Latest poll after its Retry-After', true],
      ['Poll interval without Retry-After', true],
      ['Peak RSS (10 runs)', true]
    ])
  })

  it.each<[string, Partial<Figures>]>([
    ['Cold start', { coldStartMs: { n: 10, min: 200, median: 301, max: 400 } }],
    [
      'Requests beyond',
      {
        requests: [{ ...requests, extras: ['poll after PUT ×1'] }]
      }
    ],
    [
      'Polls before',
      { pollsWithRetryAfter: { ...good.pollsWithRetryAfter, early: 1 } }
    ],
    [
      'Latest poll',
      {
        pollsWithRetryAfter: { ...good.pollsWithRetryAfter, worstLateMs: 1001 }
      }
    ],
    [
      'Poll interval',
      {
        pollsWithoutRetryAfter: {
          ...good.pollsWithoutRetryAfter,
          unaskedIntervalsMs: [30_000]
        }
      }
    ],
    ['Peak RSS', { peakRssMib: { n: 10, min: 60, median: 62, max: 101 } }]
  ])('misses "%s" when the figure is outside it', (measure, change) => {
    const verdict = judge({ ...good, ...change }).find((v) =>
      v.measure.startsWith(measure)
    )

    expect(verdict?.met).toBe(false)
  })

  it('misses the overhead target above 0.9 s and shows where it went', () => {
    const slow: Figures = {
      ...good,
      overhead: [
        { ...overhead, totalMs: { n: 3, min: 880, median: 950, max: 990 } }
      ]
    }

    const verdict = judge(slow).find((v) => v.measure.startsWith('Overhead'))

    expect(verdict).toMatchObject({
      result:
        '950 ms median (880 ms–990 ms): start-up 250 ms, sign-in 40 ms, reset 40 ms, verify 20 ms, exit 50 ms',
      met: false
    })
  })
})

describe('report', () => {
  it('renders the verdicts as a Markdown table', () => {
    const table = renderVerdicts([
      {
        measure: 'Cold start',
        result: '250 ms',
        target: '≤ 300 ms',
        met: true
      },
      { measure: 'RSS', result: '120 MiB', target: '≤ 100 MiB', met: false },
      { measure: 'CPU', result: '160 ms', target: '' }
    ])

    expect(table).toBe(
      [
        '| Measure | Result | Target | Met |',
        '| --- | --- | --- | --- |',
        '| Cold start | 250 ms | ≤ 300 ms | ✅ met |',
        '| RSS | 120 MiB | ≤ 100 MiB | ❌ missed |',
        '| CPU | 160 ms |  |  |'
      ].join('\n')
    )
  })

  it('renders requests as sent / minimum and marks the extra ones', () => {
    const extra: Figures = {
      ...good,
      requests: [
        {
          ...requests,
          retryAfterSeconds: 0,
          counts: [{ name: 'poll after PUT', minimum: 2, observed: 3 }]
        }
      ]
    }

    expect(renderRequests(extra)).toBe(
      [
        '| Request (sent / minimum) | password, no Retry-After |',
        '| --- | --- |',
        '| poll after PUT | 3 / 2 ❌ |'
      ].join('\n')
    )
  })

  it('renders requests only for the runs with verify on, the domain controller’s beside them', () => {
    const figures: Figures = {
      ...good,
      requests: [
        requests,
        { ...requests, verify: false },
        {
          ...requests,
          route: 'run-command',
          counts: [
            { name: 'poll after PUT runCommands', minimum: 4, observed: 4 }
          ]
        }
      ]
    }

    expect(renderRequests(figures).split('\n')[0]).toBe(
      '| Request (sent / minimum) | password, Retry-After 1 s | password on a domain controller (Run Command), Retry-After 1 s |'
    )
  })

  it('renders what verify adds beside the same runs with verify: false', () => {
    const cost: VerifyCostFigure = {
      mode: 'reset-rdp',
      retryAfterSeconds: 1,
      on: { sent: 18, minimum: 18, overheadMs: spreadOf(560) },
      off: { sent: 13, minimum: 13, overheadMs: spreadOf(420) },
      probe: { sent: 6, minimum: 5, overheadMs: spreadOf(20) },
      afterProbeMs: 110
    }

    const lines = renderVerifyCost({ ...good, verifyCost: [cost] }).split('\n')

    expect(lines[2]).toBe(
      '| rdp, Retry-After 1 s | 18 / 18 | 13 / 13 | 6 / 5 ❌ | 560 ms | 420 ms | 140 ms | 20 ms | 110 ms |'
    )
  })

  it.each<[Parameters<typeof formatCondition>[0], string]>([
    [
      { mode: 'reset-password', retryAfterSeconds: 1 },
      'password, Retry-After 1 s'
    ],
    [
      { mode: 'reset-rdp', retryAfterSeconds: 0, verify: false },
      'rdp, no Retry-After, verify: false'
    ],
    [
      {
        mode: 'reset-password',
        retryAfterSeconds: 1,
        verify: true,
        route: 'run-command'
      },
      'password on a domain controller (Run Command), Retry-After 1 s'
    ]
  ])('names the condition %j "%s"', (condition, text) => {
    expect(formatCondition(condition)).toBe(text)
  })

  it('leaves the verify stage out of a run with verify: false', () => {
    const verdict = judge({
      ...good,
      overhead: [{ ...overhead, verify: false }]
    }).find((v) => v.measure.startsWith('Overhead'))

    expect(verdict?.result).not.toContain('verify')
    expect(verdict?.measure).toContain('verify: false')
  })

  it.each([
    [640, '640 ms'],
    [1240, '1.24 s'],
    [NaN, 'n/a']
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text)
  })
})

describe('fleet results', () => {
  it('counts the VMs whose probe showed the reset', () => {
    const results = JSON.stringify([
      { 'vm-name': 'a', verified: 'true' },
      { 'vm-name': 'b', verified: 'unknown' },
      { 'vm-name': 'c', verified: 'true' }
    ])

    expect(countVerified(results)).toBe(2)
  })

  it('counts none from a results output that does not parse', () => {
    expect(countVerified('[{"vm-name":')).toBe(0)
  })
})

function spreadOf(ms: number): Spread {
  return { n: 3, min: ms, median: ms, max: ms }
}
