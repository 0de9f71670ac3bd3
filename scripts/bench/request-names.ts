// Names each request of a run by its role in the reset, so that runs can be
// counted against the protocol's minimum: a poll is a poll whether core-lro
// reads the Azure-AsyncOperation URL or the Location URL.
import type { Exchange } from './exchanges.ts'

/** The long-running write a poll belongs to. */
export type Lro = 'DELETE' | 'PUT'

/** What a request does for a long-running operation, if anything. */
export type Role = 'start' | 'poll' | 'final' | 'other'

/** An exchange with its role: an operationId, `poll after PUT`, `final GET after PUT`… */
export interface NamedExchange extends Exchange {
  name: string
  role: Role
  /** The operation a start, poll or final GET belongs to. */
  lro?: Lro
}

const lroStarts: Record<string, Lro> = {
  VirtualMachineExtensions_Delete: 'DELETE',
  VirtualMachineExtensions_CreateOrUpdate: 'PUT'
}

/** Names every exchange of one run, in arrival order. */
export function nameExchanges(exchanges: readonly Exchange[]): NamedExchange[] {
  let lro: Lro | undefined
  return exchanges.map((e) => {
    const started = lroStarts[e.operationId]
    // A write answered at once (204, an error) starts nothing to poll.
    if (started && [200, 201, 202].includes(e.status)) {
      lro = started
      return { ...e, name: e.operationId, role: 'start', lro }
    }
    if (lro && isPoll(e)) {
      return { ...e, name: `poll after ${lro}`, role: 'poll', lro }
    }
    if (lro && isFinalGet(e)) {
      const named: NamedExchange = {
        ...e,
        name: `final GET after ${lro}`,
        role: 'final',
        lro
      }
      lro = undefined
      return named
    }
    if (e.service === 'arm') lro = undefined
    return { ...e, name: e.operationId, role: 'other' }
  })
}

// Operations_Monitor answers 202 while running, then the final state.
function isPoll(e: Exchange): boolean {
  return (
    e.operationId === 'Operations_Get' ||
    (e.operationId === 'Operations_Monitor' && e.status === 202)
  )
}

// core-lro reads a PUT's final state from the request URL; the spec
// (final-state-via: location) from the Location URL. Either is one GET.
function isFinalGet(e: Exchange): boolean {
  if (e.operationId === 'Operations_Monitor') return e.status !== 202
  return (
    e.operationId === 'VirtualMachineExtensions_Get' &&
    !/[?&](\$|%24)expand=/i.test(e.url)
  )
}
