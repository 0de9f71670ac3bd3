type OnVm = { subscriptionId: string; resourceGroup: string; vmName: string }

/** A request matched to a Run Command operation. */
export type RunCommandTarget =
  | ({
      kind: 'run-command-action'
      operationId: 'VirtualMachines_RunCommand'
    } & OnVm)
  | ({
      kind: 'run-command'
      operationId:
        | 'VirtualMachineRunCommands_CreateOrUpdate'
        | 'VirtualMachineRunCommands_GetByVirtualMachine'
        | 'VirtualMachineRunCommands_Delete'
      runCommandName: string
    } & OnVm)
  | ({
      kind: 'run-command-list'
      operationId: 'VirtualMachineRunCommands_ListByVirtualMachine'
    } & OnVm)

// The action is singular (`POST …/runCommand`), the managed resources plural
// (`…/runCommands/{name}`); ARM matches fixed segments ignoring case.
const runCommandPath =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)\/(runCommands?)(?:\/([^/]+))?\/?$/i

const managedOperations: Record<
  string,
  Extract<RunCommandTarget, { kind: 'run-command' }>['operationId'] | undefined
> = {
  PUT: 'VirtualMachineRunCommands_CreateOrUpdate',
  GET: 'VirtualMachineRunCommands_GetByVirtualMachine',
  DELETE: 'VirtualMachineRunCommands_Delete'
}

/** Matches a Run Command request; undefined when it is none (or a method not served, e.g. PATCH). */
export function matchRunCommandRoute(
  method: string,
  pathname: string
): RunCommandTarget | undefined {
  const match = runCommandPath.exec(pathname)
  if (!match) return undefined
  const [, subscriptionId = '', resourceGroup = '', vmName = '', tail = ''] =
    match.map((s) => (s === undefined ? s : decodeURIComponent(s)))
  const name = match[5] === undefined ? undefined : decodeURIComponent(match[5])
  const onVm = { subscriptionId, resourceGroup, vmName }
  if (tail.toLowerCase() === 'runcommand') {
    return method === 'POST' && name === undefined
      ? {
          kind: 'run-command-action',
          operationId: 'VirtualMachines_RunCommand',
          ...onVm
        }
      : undefined
  }
  if (name === undefined) {
    return method === 'GET'
      ? {
          kind: 'run-command-list',
          operationId: 'VirtualMachineRunCommands_ListByVirtualMachine',
          ...onVm
        }
      : undefined
  }
  const operationId = managedOperations[method]
  return operationId
    ? { kind: 'run-command', operationId, ...onVm, runCommandName: name }
    : undefined
}
