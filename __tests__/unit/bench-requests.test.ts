import type { LoggedRequest } from '../../emulator/index.ts'
import type { Exchange } from '../../scripts/bench/exchanges.ts'
import { joinExchanges } from '../../scripts/bench/exchanges.ts'
import {
  countRequests,
  extraRequests,
  minimumPolls,
  minimumRequests
} from '../../scripts/bench/minimum.ts'
import { nameExchanges } from '../../scripts/bench/request-names.ts'
import type { WireExchange } from '../../scripts/bench/wire-log.ts'

const profile = { deleteMs: 1500, extensionMs: 2500 }

function exchange(
  operationId: string,
  startMs: number,
  extra: Partial<Exchange> = {}
): Exchange {
  return {
    service: operationId.startsWith('GitHub')
      ? 'github'
      : operationId.startsWith('Entra')
        ? 'entra'
        : 'arm',
    operationId,
    method: 'GET',
    url: '/path',
    status: 200,
    startMs,
    finishMs: startMs + 2,
    ...extra
  }
}

/** A reset of a VM with one VMAccess extension, as core-lro runs it. */
const reset: Exchange[] = [
  exchange('GitHub_GetIdToken', 0),
  exchange('Entra_OpenIdConfiguration', 10),
  exchange('GitHub_GetIdToken', 15),
  exchange('Entra_Token', 20, { method: 'POST' }),
  exchange('VirtualMachines_Get', 30),
  exchange('VirtualMachineExtensions_Delete', 45, {
    method: 'DELETE',
    status: 202,
    retryAfterMs: 1000
  }),
  exchange('Operations_Get', 50, { retryAfterMs: 1000 }),
  exchange('Operations_Get', 1060, { retryAfterMs: 1000 }),
  exchange('Operations_Get', 2070),
  exchange('VirtualMachineExtensions_CreateOrUpdate', 2080, {
    method: 'PUT',
    status: 201,
    retryAfterMs: 1000
  }),
  exchange('Operations_Get', 2090, { retryAfterMs: 1000 }),
  exchange('Operations_Get', 3100, { retryAfterMs: 1000 }),
  exchange('Operations_Get', 4110, { retryAfterMs: 1000 }),
  exchange('Operations_Get', 5120),
  exchange('VirtualMachineExtensions_Get', 5130),
  exchange('VirtualMachineExtensions_Get', 5140, {
    url: '/path?api-version=2026-04-01&%24expand=instanceView'
  })
]

describe('request names', () => {
  it('names polls and the final GET by the write they belong to', () => {
    const names = nameExchanges(reset).map((e) => e.name)

    expect(names).toEqual([
      'GitHub_GetIdToken',
      'Entra_OpenIdConfiguration',
      'GitHub_GetIdToken',
      'Entra_Token',
      'VirtualMachines_Get',
      'VirtualMachineExtensions_Delete',
      'poll after DELETE',
      'poll after DELETE',
      'poll after DELETE',
      'VirtualMachineExtensions_CreateOrUpdate',
      'poll after PUT',
      'poll after PUT',
      'poll after PUT',
      'poll after PUT',
      'final GET after PUT',
      'VirtualMachineExtensions_Get'
    ])
  })

  it('counts a Location poll answered 202 as a poll and its final answer as the final GET', () => {
    const monitored = [
      exchange('VirtualMachineExtensions_CreateOrUpdate', 0, { status: 201 }),
      exchange('Operations_Monitor', 1000, { status: 202 }),
      exchange('Operations_Monitor', 2000, { status: 200 })
    ]

    const roles = nameExchanges(monitored).map((e) => [e.name, e.role])

    expect(roles).toEqual([
      ['VirtualMachineExtensions_CreateOrUpdate', 'start'],
      ['poll after PUT', 'poll'],
      ['final GET after PUT', 'final']
    ])
  })

  it('starts nothing to poll when a DELETE is answered 204', () => {
    const named = nameExchanges([
      exchange('VirtualMachineExtensions_Delete', 0, { status: 204 }),
      exchange('VirtualMachineExtensions_Get', 10)
    ])

    expect(named.map((e) => e.role)).toEqual(['other', 'other'])
  })
})

describe('minimum requests', () => {
  it.each([
    [1500, 1000, 2],
    [2500, 1000, 3],
    [1000, 1000, 1],
    [0, 1000, 1],
    [1500, 2000, 1],
    [2500, 2000, 2]
  ])(
    'needs, for an operation of %i ms polled every %i ms, %i polls',
    (durationMs, waitMs, polls) => {
      expect(minimumPolls(durationMs, waitMs)).toBe(polls)
    }
  )

  it('lists the second ID token and the immediate polls as extra', () => {
    const counts = countRequests(
      nameExchanges(reset),
      minimumRequests(1, profile, 1000)
    )

    expect(extraRequests(counts)).toEqual([
      'GitHub_GetIdToken ×1',
      'poll after DELETE ×1',
      'poll after PUT ×1'
    ])
    expect(counts.reduce((n, c) => n + c.minimum, 0)).toBe(13)
  })

  it('needs no DELETE and no polls for a VM without VMAccess', () => {
    const minimum = minimumRequests(0, profile, 1000)

    expect(minimum.get('VirtualMachineExtensions_Delete')).toBe(0)
    expect(minimum.get('poll after DELETE')).toBe(0)
  })

  it('lists a request the protocol does not need after the expected ones', () => {
    const counts = countRequests(
      nameExchanges([exchange('Entra_InstanceDiscovery', 0)]),
      minimumRequests(1, profile, 1000)
    )

    expect(counts.at(-1)).toEqual({
      name: 'Entra_InstanceDiscovery',
      minimum: 0,
      observed: 1
    })
    expect(extraRequests(counts)).toEqual(['Entra_InstanceDiscovery ×1'])
  })
})

describe('joining the request log with the wire', () => {
  const poll = (at: number): LoggedRequest => ({
    service: 'arm',
    method: 'GET',
    path: '/op',
    query: 'a=1',
    operationId: 'Operations_Get',
    status: 200,
    at
  })

  it('pairs requests by method and URL in arrival order', () => {
    const wire: WireExchange[] = [
      {
        method: 'GET',
        url: '/op?a=1',
        status: 200,
        startMs: 1100,
        finishMs: 1104
      },
      {
        method: 'GET',
        url: '/op?a=1',
        status: 200,
        startMs: 100,
        finishMs: 103,
        retryAfterMs: 1000
      }
    ]

    const joined = joinExchanges([poll(100), poll(1100)], wire)

    expect(joined.map((e) => [e.startMs, e.finishMs, e.retryAfterMs])).toEqual([
      [100, 103, 1000],
      [1100, 1104, undefined]
    ])
  })

  it('keeps the arrival time as the finish of a request never answered', () => {
    const [held] = joinExchanges([poll(50)], [])

    expect(held).toMatchObject({ startMs: 50, finishMs: 50 })
  })
})
