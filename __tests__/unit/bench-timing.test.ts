import type { Exchange } from '../../scripts/bench/exchanges.ts'
import { splitOverhead } from '../../scripts/bench/overhead.ts'
import { summarisePolls, timePolls } from '../../scripts/bench/polls.ts'
import { nameExchanges } from '../../scripts/bench/request-names.ts'
import {
  coveredMs,
  servingSpans,
  type Span
} from '../../scripts/bench/server-time.ts'

function arm(
  operationId: string,
  startMs: number,
  finishMs: number,
  extra: Partial<Exchange> = {}
): Exchange {
  return {
    service: 'arm',
    operationId,
    method: 'GET',
    url: '/path',
    status: 200,
    startMs,
    finishMs,
    ...extra
  }
}

const asked = { retryAfterMs: 1000 }
const noDelays = { deleteMs: 0, extensionMs: 0, runCommandMs: 0 }

/** A DELETE of 1500 ms polled by core-lro: at once, then at each Retry-After. */
const deletion = nameExchanges([
  arm('VirtualMachineExtensions_Delete', 0, 10, { status: 202, ...asked }),
  arm('Operations_Get', 13, 15, asked),
  arm('Operations_Get', 1030, 1032, asked),
  arm('Operations_Get', 2040, 2042)
])

describe('poll timing', () => {
  it('times each poll from the answer before it against its Retry-After', () => {
    const timings = timePolls(deletion)

    expect(timings).toEqual([
      { lro: 'DELETE', sinceAnswerMs: 3, askedMs: 1000, lateMs: -997 },
      { lro: 'DELETE', sinceAnswerMs: 1015, askedMs: 1000, lateMs: 15 },
      { lro: 'DELETE', sinceAnswerMs: 1008, askedMs: 1000, lateMs: 8 }
    ])
  })

  it('reports the early polls, the earliest and the latest', () => {
    const summary = summarisePolls(timePolls(deletion))

    expect(summary).toEqual({
      polls: 3,
      asked: 3,
      early: 1,
      worstEarlyMs: 997,
      worstLateMs: 15,
      unaskedIntervalsMs: []
    })
  })

  it('reports the waits the client chose when the server asked for none', () => {
    const unasked = nameExchanges([
      arm('VirtualMachineExtensions_CreateOrUpdate', 0, 10, { status: 201 }),
      arm('Operations_Get', 12, 14),
      arm('Operations_Get', 2020, 2022)
    ])

    const summary = summarisePolls(timePolls(unasked))

    expect(summary).toMatchObject({ polls: 2, asked: 0, early: 0 })
    expect(summary.unaskedIntervalsMs).toEqual([2, 2006])
  })
})

describe('server time', () => {
  const span = (fromMs: number, toMs: number): Span => ({ fromMs, toMs })

  it.each<[string, Span[], Span, number]>([
    ['disjoint spans', [span(0, 10), span(20, 30)], span(0, 100), 20],
    ['overlapping spans once', [span(0, 10), span(5, 30)], span(0, 100), 30],
    [
      'a span inside another once',
      [span(0, 50), span(10, 20)],
      span(0, 100),
      50
    ],
    [
      'only what lies in the window',
      [span(0, 50), span(80, 200)],
      span(40, 100),
      30
    ],
    ['nothing outside the window', [span(200, 300)], span(0, 100), 0]
  ])('covers %s', (_, spans, window, expected) => {
    expect(coveredMs(spans, window)).toBe(expected)
  })

  it('ends a Retry-After wait when the client sends its next request', () => {
    const spans = servingSpans(deletion, noDelays)

    expect(spans).toContainEqual({ fromMs: 10, toMs: 13 })
    expect(spans).toContainEqual({ fromMs: 15, toMs: 1015 })
  })

  it('credits a Run Command script its duration from the 202', () => {
    const probe = nameExchanges([
      arm('VirtualMachines_RunCommand', 0, 10, { method: 'POST', status: 202 }),
      arm('Operations_Monitor', 2010, 2012)
    ])

    const spans = servingSpans(probe, { ...noDelays, runCommandMs: 3500 })

    expect(spans).toContainEqual({ fromMs: 10, toMs: 3510 })
  })

  it('credits the operation its delay from the 202 but not the waits the client chose', () => {
    const unasked = nameExchanges([
      arm('VirtualMachineExtensions_Delete', 0, 10, { status: 202 }),
      arm('Operations_Get', 2010, 2012)
    ])

    const spans = servingSpans(unasked, { ...noDelays, deleteMs: 1500 })

    expect(coveredMs(spans, { fromMs: 0, toMs: 2012 })).toBe(1512)
  })
})

describe('overhead', () => {
  it('splits wall time minus server time at the first request, the first ARM request and the last answer', () => {
    const exchanges = nameExchanges([
      { ...arm('GitHub_GetIdToken', 400, 405), service: 'github' },
      { ...arm('Entra_Token', 420, 430), service: 'entra' },
      arm('VirtualMachines_Get', 450, 460),
      arm('VirtualMachineExtensions_Delete', 470, 480, {
        status: 202,
        ...asked
      }),
      arm('Operations_Get', 1490, 1492)
    ])
    const serving = servingSpans(exchanges, { ...noDelays, deleteMs: 500 })

    const overhead = splitOverhead(
      { fromMs: 0, toMs: 1600 },
      exchanges,
      serving
    )

    expect(overhead).toEqual({
      startUpMs: 400,
      signInMs: 35,
      resetMs: 20,
      verifyMs: 0,
      exitMs: 108,
      totalMs: 563
    })
  })

  it('counts from the answer before the probe to the last answer as verify', () => {
    const exchanges = nameExchanges([
      { ...arm('GitHub_GetIdToken', 400, 405), service: 'github' },
      arm('VirtualMachines_Get', 450, 460),
      arm('VirtualMachineExtensions_Get', 470, 480),
      arm('VirtualMachines_RunCommand', 530, 540, {
        method: 'POST',
        status: 202,
        ...asked
      }),
      arm('Operations_Monitor', 1550, 1552)
    ])
    const serving = servingSpans(exchanges, { ...noDelays, runCommandMs: 700 })

    const overhead = splitOverhead(
      { fromMs: 0, toMs: 1600 },
      exchanges,
      serving,
      true
    )

    // 480 → 530 is the client preparing the probe; 1540 → 1550 its late poll.
    expect(overhead).toMatchObject({ resetMs: 10, verifyMs: 60, exitMs: 48 })
    expect(overhead.totalMs).toBe(
      overhead.startUpMs +
        overhead.signInMs +
        overhead.resetMs +
        overhead.verifyMs +
        overhead.exitMs
    )
  })

  it('leaves verify at 0 when the run was not asked to verify', () => {
    const exchanges = nameExchanges([
      arm('VirtualMachines_Get', 0, 10),
      arm('VirtualMachines_RunCommand', 20, 30, { status: 202 }),
      arm('Operations_Monitor', 1030, 1032)
    ])

    const overhead = splitOverhead(
      { fromMs: 0, toMs: 1100 },
      exchanges,
      servingSpans(exchanges, noDelays)
    )

    expect(overhead.verifyMs).toBe(0)
  })
})
