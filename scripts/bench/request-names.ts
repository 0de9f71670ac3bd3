// Names each request of a run by its role in the reset, so that runs can be
// counted against the protocol's minimum: a poll is a poll whether core-lro
// reads the Azure-AsyncOperation URL or the Location URL.
import type { Exchange } from './exchanges.ts'

/**
 * The long-running operation a poll belongs to: VMAccess's DELETE and PUT,
 * the verify probe (the action Run Command), a domain controller's managed
 * Run Command PUT and DELETE, and diagnose's effective-NSG POST (Network).
 */
export type Lro =
  | 'DELETE'
  | 'PUT'
  | 'POST runCommand'
  | 'PUT runCommands'
  | 'DELETE runCommands'
  | 'POST effectiveNetworkSecurityGroups'

/** What a request does for a long-running operation, if anything. */
export type Role = 'start' | 'poll' | 'final' | 'other'

/** An exchange with its role: an operationId, `poll after PUT`, `final GET after PUT`… */
export interface NamedExchange extends Exchange {
  name: string
  role: Role
  /** The operation a start, poll or final GET belongs to. */
  lro?: Lro
}

/** How an operation starts and where its client learns the outcome. */
interface LroStart {
  lro: Lro
  /** Answers that leave it running; any other (204, an error, a 200 with the result) starts nothing to poll. */
  runningOn: readonly number[]
  /**
   * `status`: an Azure-AsyncOperation URL, then a GET of the final state.
   * `location`: only a Location URL, whose last answer is the final state.
   */
  polledAt: 'status' | 'location'
}

const lroStarts: Record<string, LroStart> = {
  VirtualMachineExtensions_Delete: {
    lro: 'DELETE',
    runningOn: [200, 201, 202],
    polledAt: 'status'
  },
  VirtualMachineExtensions_CreateOrUpdate: {
    lro: 'PUT',
    runningOn: [200, 201, 202],
    polledAt: 'status'
  },
  // extended/README.md: the action's 200 is the RunCommandResult itself, and
  // a run command's DELETE answers 200 or 204 when it is already gone.
  VirtualMachines_RunCommand: {
    lro: 'POST runCommand',
    runningOn: [202],
    polledAt: 'location'
  },
  VirtualMachineRunCommands_CreateOrUpdate: {
    lro: 'PUT runCommands',
    runningOn: [200, 201],
    polledAt: 'location'
  },
  VirtualMachineRunCommands_Delete: {
    lro: 'DELETE runCommands',
    runningOn: [202],
    polledAt: 'location'
  },
  // Network's POST answers 202 with Location and Retry-After; its spec says
  // final-state-via: location, so the poll's 200 is the effective list.
  NetworkInterfaces_ListEffectiveNetworkSecurityGroups: {
    lro: 'POST effectiveNetworkSecurityGroups',
    runningOn: [202],
    polledAt: 'location'
  }
}

/**
 * The Resource Provider a request goes to. Diagnose reads the network while
 * the probe runs in the guest, so a Compute and a Network operation can be
 * open at once: each is followed by requests to its own provider only.
 */
type Provider = 'compute' | 'network'

// The Network operationIds (the emulator's NetworkOperationResults_Get is
// the Location of the effective-NSG POST); every other ARM request is Compute's.
const networkOperation =
  /^(NetworkInterfaces|NetworkSecurityGroups|PublicIPAddresses|NetworkOperationResults)_/

function providerOf(e: Exchange): Provider | undefined {
  if (e.service !== 'arm') return undefined
  return networkOperation.test(e.operationId) ? 'network' : 'compute'
}

/** The operation being followed, and whether its outcome is known yet. */
interface Open extends LroStart {
  answered: boolean
}

/** Names every exchange of one run, in arrival order. */
export function nameExchanges(exchanges: readonly Exchange[]): NamedExchange[] {
  const opens = new Map<Provider, Open>()
  return exchanges.map((e) => {
    const provider = providerOf(e)
    const started = lroStarts[e.operationId]
    if (provider && started?.runningOn.includes(e.status)) {
      opens.set(provider, { ...started, answered: false })
      return { ...e, name: e.operationId, role: 'start', lro: started.lro }
    }
    const open = provider ? opens.get(provider) : undefined
    const role = open ? roleIn(open, e) : undefined
    if (provider && open && role) {
      const { lro } = open
      const kind = role === 'poll' ? 'poll' : 'final GET'
      if (role === 'final') opens.delete(provider)
      else
        opens.set(provider, {
          ...open,
          answered: open.answered || e.status !== 202
        })
      return { ...e, name: `${kind} after ${lro}`, role, lro }
    }
    if (provider) opens.delete(provider)
    return { ...e, name: e.operationId, role: 'other' }
  })
}

function roleIn(open: Open, e: Exchange): 'poll' | 'final' | undefined {
  if (e.operationId === 'Operations_Get') return 'poll'
  if (
    e.operationId === 'Operations_Monitor' ||
    e.operationId === 'NetworkOperationResults_Get'
  ) {
    // A Location answers 202 while running, then the final state.
    if (e.status === 202) return 'poll'
    // Polled at its Location, the first answer that is not 202 ends the
    // polling and is the final state (final-state-via: location); a second
    // read of it is a final GET the protocol does not need.
    return open.polledAt === 'location' && !open.answered ? 'poll' : 'final'
  }
  return isPlainResourceGet(e) ? 'final' : undefined
}

// core-lro reads a PUT's final state from the request URL; the spec
// (final-state-via: location) from the Location URL. Either is one GET. A
// GET with $expand asks for more than the final state: it is the action's own.
function isPlainResourceGet(e: Exchange): boolean {
  return (
    (e.operationId === 'VirtualMachineExtensions_Get' ||
      e.operationId === 'VirtualMachineRunCommands_GetByVirtualMachine') &&
    !/[?&](\$|%24)expand=/i.test(e.url)
  )
}
