import type { LoggedRequest } from '../../emulator/index.ts'
import type { Exchange } from '../../scripts/bench/exchanges.ts'
import { joinExchanges } from '../../scripts/bench/exchanges.ts'
import {
  countRequests,
  extraRequests,
  minimumPolls,
  minimumRequests,
  probeRequestNames,
  totalRequests,
  type RunShape
} from '../../scripts/bench/minimum.ts'
import { nameExchanges } from '../../scripts/bench/request-names.ts'
import { exchange } from './bench-exchange.ts'
import type { WireExchange } from '../../scripts/bench/wire-log.ts'

const profile = { deleteMs: 1500, extensionMs: 2500, runCommandMs: 3500 }
const vmAccessReset: RunShape = {
  route: 'vm-access',
  existingVmAccess: 1,
  verify: false
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
      minimumRequests(vmAccessReset, profile, 1000)
    )

    expect(extraRequests(counts)).toEqual([
      'GitHub_GetIdToken ×1',
      'poll after DELETE ×1',
      'poll after PUT ×1'
    ])
    expect(counts.reduce((n, c) => n + c.minimum, 0)).toBe(13)
  })

  it('needs no DELETE and no polls for a VM without VMAccess', () => {
    const minimum = minimumRequests(
      { ...vmAccessReset, existingVmAccess: 0 },
      profile,
      1000
    )

    expect(minimum.get('VirtualMachineExtensions_Delete')).toBe(0)
    expect(minimum.get('poll after DELETE')).toBe(0)
  })

  it('lists a request the protocol does not need after the expected ones', () => {
    const counts = countRequests(
      nameExchanges([exchange('Entra_InstanceDiscovery', 0)]),
      minimumRequests(vmAccessReset, profile, 1000)
    )

    expect(counts.at(-1)).toEqual({
      name: 'Entra_InstanceDiscovery',
      minimum: 0,
      observed: 1
    })
    expect(extraRequests(counts)).toEqual(['Entra_InstanceDiscovery ×1'])
  })
})

/** The verify probe as @azure/arm-compute runs it: Location polls only. */
const probe: Exchange[] = [
  exchange('VirtualMachines_RunCommand', 0, {
    method: 'POST',
    status: 202,
    retryAfterMs: 1000
  }),
  exchange('Operations_Monitor', 1010, { status: 202, retryAfterMs: 1000 }),
  exchange('Operations_Monitor', 2020, { status: 202, retryAfterMs: 1000 }),
  exchange('Operations_Monitor', 3030, { status: 202, retryAfterMs: 1000 }),
  exchange('Operations_Monitor', 4040)
]

/** A domain controller's reset through a managed Run Command, after sign-in. */
const domainController: Exchange[] = [
  exchange('VirtualMachines_Get', 30),
  exchange('VirtualMachineRunCommands_ListByVirtualMachine', 35, {
    url: '/path?api-version=2026-04-01&%24expand=instanceView'
  }),
  exchange('VirtualMachineRunCommands_CreateOrUpdate', 40, {
    method: 'PUT',
    status: 201,
    retryAfterMs: 1000
  }),
  exchange('Operations_Monitor', 1050, { status: 202, retryAfterMs: 1000 }),
  exchange('Operations_Monitor', 2060, { status: 202, retryAfterMs: 1000 }),
  exchange('Operations_Monitor', 3070, { status: 202, retryAfterMs: 1000 }),
  exchange('Operations_Monitor', 4080),
  exchange('VirtualMachineRunCommands_GetByVirtualMachine', 4090, {
    url: '/path?api-version=2026-04-01&%24expand=instanceView'
  }),
  exchange('VirtualMachineRunCommands_Delete', 4100, {
    method: 'DELETE',
    status: 202,
    retryAfterMs: 1000
  }),
  exchange('Operations_Monitor', 5110),
  ...probe.map((e) => ({ ...e, startMs: e.startMs + 5120 }))
]

describe('the verify probe and the domain controller route', () => {
  it('names every Location poll of the probe a poll, the last one included', () => {
    const named = nameExchanges(probe).map((e) => [e.name, e.role])

    expect(named).toEqual([
      ['VirtualMachines_RunCommand', 'start'],
      ['poll after POST runCommand', 'poll'],
      ['poll after POST runCommand', 'poll'],
      ['poll after POST runCommand', 'poll'],
      ['poll after POST runCommand', 'poll']
    ])
  })

  it('names a second read of the final state a final GET', () => {
    const named = nameExchanges([
      ...probe,
      exchange('Operations_Monitor', 4050)
    ]).map((e) => e.name)

    expect(named.at(-1)).toBe('final GET after POST runCommand')
  })

  it('starts nothing to poll when the action Run Command answers 200 with its result', () => {
    const named = nameExchanges([
      exchange('VirtualMachines_RunCommand', 0, { method: 'POST' }),
      exchange('Operations_Monitor', 10)
    ])

    expect(named.map((e) => e.role)).toEqual(['other', 'other'])
  })

  it('needs the POST and one poll per Retry-After of the script, and no final GET', () => {
    const minimum = minimumRequests(
      { ...vmAccessReset, verify: true },
      profile,
      1000
    )

    expect([
      minimum.get('VirtualMachines_RunCommand'),
      minimum.get('poll after POST runCommand'),
      minimum.get('final GET after POST runCommand')
    ]).toEqual([1, 4, 0])
  })

  it('polls the script at the client’s own 2 s when the server sends no Retry-After', () => {
    const minimum = minimumRequests(
      { ...vmAccessReset, verify: true },
      profile,
      2000
    )

    expect(minimum.get('poll after POST runCommand')).toBe(2)
  })

  it('finds nothing extra in a probe that waited each Retry-After', () => {
    const counts = countRequests(
      nameExchanges(probe),
      minimumRequests({ ...vmAccessReset, verify: true }, profile, 1000)
    )

    expect(totalRequests(counts, probeRequestNames)).toEqual({
      sent: 5,
      minimum: 5
    })
    expect(extraRequests(counts)).toEqual([])
  })

  it('names the list of Run Commands, the managed Run Command’s PUT, its instance view, its DELETE and the probe', () => {
    const named = nameExchanges(domainController).map((e) => e.name)

    expect(named).toEqual([
      'VirtualMachines_Get',
      'VirtualMachineRunCommands_ListByVirtualMachine',
      'VirtualMachineRunCommands_CreateOrUpdate',
      'poll after PUT runCommands',
      'poll after PUT runCommands',
      'poll after PUT runCommands',
      'poll after PUT runCommands',
      'VirtualMachineRunCommands_GetByVirtualMachine',
      'VirtualMachineRunCommands_Delete',
      'poll after DELETE runCommands',
      'VirtualMachines_RunCommand',
      'poll after POST runCommand',
      'poll after POST runCommand',
      'poll after POST runCommand',
      'poll after POST runCommand'
    ])
  })

  it('needs 18 requests for a domain controller with verify, sign-in included, and finds none extra', () => {
    const minimum = minimumRequests(
      { route: 'run-command', existingVmAccess: 0, verify: true },
      profile,
      1000
    )
    const signIn = [
      exchange('GitHub_GetIdToken', 0),
      exchange('Entra_OpenIdConfiguration', 10),
      exchange('Entra_Token', 20, { method: 'POST' })
    ]

    const counts = countRequests(
      nameExchanges([...signIn, ...domainController]),
      minimum
    )

    expect(totalRequests(counts)).toEqual({ sent: 18, minimum: 18 })
    expect(minimum.get('VirtualMachineExtensions_CreateOrUpdate')).toBe(
      undefined
    )
  })

  it('proves a password through a managed Run Command: its PUT and polls, its instance view, its DELETE and poll, no POST', () => {
    const minimum = minimumRequests(
      { ...vmAccessReset, verify: true, passwordTried: true },
      profile,
      1000
    )

    expect([
      minimum.get('VirtualMachineRunCommands_CreateOrUpdate'),
      minimum.get('poll after PUT runCommands'),
      minimum.get('VirtualMachineRunCommands_GetByVirtualMachine'),
      minimum.get('VirtualMachineRunCommands_Delete'),
      minimum.get('poll after DELETE runCommands'),
      minimum.get('VirtualMachines_RunCommand')
    ]).toEqual([1, 4, 1, 1, 1, undefined])
  })

  it('adds a domain controller’s set-access and its password proof: two managed Run Commands, one list', () => {
    const minimum = minimumRequests(
      {
        route: 'run-command',
        existingVmAccess: 0,
        verify: true,
        passwordTried: true
      },
      profile,
      1000
    )

    expect([
      minimum.get('VirtualMachineRunCommands_ListByVirtualMachine'),
      minimum.get('VirtualMachineRunCommands_CreateOrUpdate'),
      minimum.get('poll after PUT runCommands'),
      minimum.get('VirtualMachineRunCommands_Delete')
    ]).toEqual([1, 2, 8, 2])
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
