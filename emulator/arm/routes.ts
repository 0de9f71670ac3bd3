import { matchNetworkRoute, type NetworkTarget } from './network-routes.ts'
import {
  matchRunCommandRoute,
  type RunCommandTarget
} from './run-command-routes.ts'

/** ARM operations on a VM (operations-extract.json), keyed by spec operationId. */
export type VmOperationId =
  | 'VirtualMachines_Get'
  | 'VirtualMachines_InstanceView'
  | 'VirtualMachineExtensions_List'

/** The VM lists (extended/ComputeRP-2026-04-01.operations-extract.json), pageable. */
export type VmListOperationId =
  'VirtualMachines_List' | 'VirtualMachines_ListAll'

/** ARM operations on one extension (operations-extract.json). */
export type ExtensionOperationId =
  | 'VirtualMachineExtensions_Get'
  | 'VirtualMachineExtensions_CreateOrUpdate'
  | 'VirtualMachineExtensions_Delete'

/**
 * Polls of a long-running operation. Not in the spec extract: Compute's
 * Azure-AsyncOperation URL (`Operations_Get`) and its Location URL
 * (`Operations_Monitor`, the same URL with `monitor=true`).
 */
export type PollOperationId = 'Operations_Get' | 'Operations_Monitor'

/** A request matched to the ARM operation it addresses. */
export type ArmTarget =
  | {
      kind: 'vm'
      operationId: VmOperationId
      subscriptionId: string
      resourceGroup: string
      vmName: string
    }
  | {
      kind: 'extension'
      operationId: ExtensionOperationId
      subscriptionId: string
      resourceGroup: string
      vmName: string
      extensionName: string
    }
  | {
      kind: 'vm-list'
      operationId: VmListOperationId
      subscriptionId: string
      /** Absent for VirtualMachines_ListAll (the whole subscription). */
      resourceGroup?: string
    }
  | {
      kind: 'poll'
      operationId: PollOperationId
      subscriptionId: string
      location: string
      id: string
    }
  | RunCommandTarget
  | NetworkTarget

// ARM matches its fixed path segments case-insensitively.
const vmPath =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)(\/instanceView|\/extensions(?:\/([^/]+))?)?\/?$/i
const vmListPath =
  /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/providers\/Microsoft\.Compute\/virtualMachines\/?$/i
const pollPath =
  /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Compute\/locations\/([^/]+)\/operations\/([^/]+)\/?$/i

/** Matches method + path to an ARM operation; undefined when none applies. */
export function matchArmRoute(method: string, url: URL): ArmTarget | undefined {
  if (/\/providers\/Microsoft\.Network\//i.test(url.pathname))
    return matchNetworkRoute(method, url.pathname)
  const poll = pollPath.exec(url.pathname)
  if (poll && method === 'GET') {
    const [, subscriptionId = '', location = '', id = ''] = poll.map(decode)
    const operationId =
      url.searchParams.get('monitor') === 'true'
        ? 'Operations_Monitor'
        : 'Operations_Get'
    return { kind: 'poll', operationId, subscriptionId, location, id }
  }
  const list = vmListPath.exec(url.pathname)
  if (list) return method === 'GET' ? vmListTarget(list) : undefined
  const runCommand = matchRunCommandRoute(method, url.pathname)
  if (runCommand) return runCommand
  const vm = vmPath.exec(url.pathname)
  if (!vm) return undefined
  const [
    ,
    subscriptionId = '',
    resourceGroup = '',
    vmName = '',
    tail = '',
    extensionName
  ] = vm.map(decode)
  const base = { subscriptionId, resourceGroup, vmName }
  if (extensionName !== undefined) {
    const operationId = extensionOperations[method]
    return operationId
      ? { kind: 'extension', operationId, ...base, extensionName }
      : undefined
  }
  if (method !== 'GET') return undefined
  const operationId: VmOperationId =
    tail === ''
      ? 'VirtualMachines_Get'
      : tail.toLowerCase() === '/instanceview'
        ? 'VirtualMachines_InstanceView'
        : 'VirtualMachineExtensions_List'
  return { kind: 'vm', operationId, ...base }
}

function vmListTarget(match: RegExpExecArray): ArmTarget {
  const [, subscriptionId = '', resourceGroup] = match.map(decode)
  return resourceGroup === undefined
    ? {
        kind: 'vm-list',
        operationId: 'VirtualMachines_ListAll',
        subscriptionId
      }
    : {
        kind: 'vm-list',
        operationId: 'VirtualMachines_List',
        subscriptionId,
        resourceGroup
      }
}

const extensionOperations: Record<string, ExtensionOperationId | undefined> = {
  GET: 'VirtualMachineExtensions_Get',
  PUT: 'VirtualMachineExtensions_CreateOrUpdate',
  DELETE: 'VirtualMachineExtensions_Delete'
}

function decode(segment: string | undefined): string | undefined {
  return segment === undefined ? undefined : decodeURIComponent(segment)
}
