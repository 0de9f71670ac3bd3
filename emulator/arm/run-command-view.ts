import type {
  ManagedRunCommand,
  RunCommandExecution
} from '../run-command-state.ts'
import type { InstanceViewStatus, VmState } from '../state.ts'
import { vmResourceId } from './extension-view.ts'

/**
 * `RunCommandResult` as VirtualMachineRunCommand.json shows it: stdout and
 * stderr as two statuses. The action Run Command has no exit code.
 */
export function runCommandResultView(execution: RunCommandExecution): {
  value: InstanceViewStatus[]
} {
  const stream = (
    name: 'StdOut' | 'StdErr',
    message: string
  ): InstanceViewStatus => ({
    code: `ComponentStatus/${name}/succeeded`,
    level: 'Info',
    displayStatus: 'Provisioning succeeded',
    message
  })
  return {
    value: [
      stream('StdOut', execution.stdout),
      stream('StdErr', execution.stderr)
    ]
  }
}

/**
 * `VirtualMachineRunCommand` as GET returns it (VirtualMachineRunCommand_Get
 * example): the properties the client sent, never protectedParameters or
 * runAsPassword, and the instanceView only with `$expand=instanceView`.
 */
export function managedRunCommandView(
  subscriptionId: string,
  vm: VmState,
  resource: ManagedRunCommand,
  execution: RunCommandExecution | undefined,
  options: { instanceView: boolean }
): Record<string, unknown> {
  return {
    name: resource.name,
    id: `${vmResourceId(subscriptionId, vm)}/runCommands/${resource.name}`,
    type: 'Microsoft.Compute/virtualMachines/runCommands',
    location: resource.location,
    ...(resource.tags ? { tags: resource.tags } : {}),
    properties: {
      asyncExecution: false,
      treatFailureAsDeploymentFailure: false,
      ...resource.properties,
      provisioningState: resource.provisioningState,
      ...(options.instanceView && execution
        ? { instanceView: runCommandInstanceView(execution) }
        : {})
    }
  }
}

/** `VirtualMachineRunCommandInstanceView`: the script's own state and its last 4 KB of output. */
export function runCommandInstanceView(
  execution: RunCommandExecution
): Record<string, unknown> {
  return {
    executionState: execution.executionState,
    executionMessage: executionMessages[execution.executionState],
    ...(execution.exitCode !== undefined
      ? { exitCode: execution.exitCode }
      : {}),
    output: execution.stdout,
    error: execution.stderr,
    startTime: new Date(execution.startedAtMs).toISOString(),
    ...(execution.endedAtMs !== undefined
      ? { endTime: new Date(execution.endedAtMs).toISOString() }
      : {})
  }
}

// "Execution completed" is what `az vm run-command show --instance-view`
// prints for a finished script in public logs; the others are approximations.
const executionMessages: Record<RunCommandExecution['executionState'], string> =
  {
    Unknown: 'The VM agent did not report the execution.',
    Pending: '',
    Running: 'Execution in progress',
    Succeeded: 'Execution completed',
    Failed: 'Execution completed',
    TimedOut: 'Execution timed out',
    Canceled: 'Execution was canceled'
  }
