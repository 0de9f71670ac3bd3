// Run Command as the emulator keeps it: every script a VM was asked to run
// (action Run Command, v1, and managed run commands, v2), the managed
// run-command resources, and the long-running operations that report on them.
// A protected parameter is kept as a hash only, never as its value.
import type { PasswordHash } from './password-hash.ts'

/** `ExecutionState` from the spec (extended definitions extract). */
export type ExecutionState =
  | 'Unknown'
  | 'Pending'
  | 'Running'
  | 'Failed'
  | 'Succeeded'
  | 'TimedOut'
  | 'Canceled'

/** `RunCommandInputParameter`: a name and its value. */
export interface RunCommandParameter {
  name: string
  value: string
}

/** A protected parameter: its name and a hash, never its value. */
export interface ProtectedParameter {
  name: string
  /**
   * The value as the script uses it, hashed: base64-decoded (UTF-8) when the
   * name ends in `Base64`, as the action's scripts decode it.
   */
  hash: PasswordHash
}

/** One script the guest was asked to run. */
export interface RunCommandExecution {
  id: string
  kind: 'action' | 'managed'
  resourceGroup: string
  vmName: string
  /** Managed: the run command's name. */
  runCommandName?: string
  /** Action: RunCommandInput.commandId; managed: source.commandId when given. */
  commandId?: string
  script: string[]
  parameters: RunCommandParameter[]
  protectedParameters: ProtectedParameter[]
  startedAtMs: number
  /** When it ends (by itself or by its timeout); undefined: never. */
  dueAtMs: number | undefined
  /** It ends at dueAtMs because timeoutInSeconds ran out. */
  timesOut: boolean
  executionState: ExecutionState
  endedAtMs?: number
  exitCode?: number
  /** The output as clients see it: its last 4,096 bytes. */
  stdout: string
  stderr: string
  /** The platform could not run it (the agent is silent): the operation's error. */
  error?: { code: string; message: string }
}

/** A `Microsoft.Compute/virtualMachines/runCommands` resource. */
export interface ManagedRunCommand {
  name: string
  resourceGroup: string
  vmName: string
  location: string
  tags?: Record<string, string>
  /** `properties` as the client sent them, without protectedParameters and runAsPassword. */
  properties: Record<string, unknown>
  provisioningState:
    'Creating' | 'Updating' | 'Succeeded' | 'Failed' | 'Deleting'
  /** The execution its latest PUT started. */
  executionId: string
}

/** A long-running Run Command operation, polled on its Location URL. */
export interface RunCommandOperation {
  id: string
  kind: 'action' | 'create-or-update' | 'delete'
  resourceGroup: string
  vmName: string
  location: string
  /** The client's api-version, carried in the Location URL. */
  apiVersion: string
  runCommandName?: string
  executionId?: string
  startedAtMs: number
  /** A delete: when the resource is gone. */
  dueAtMs?: number
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled'
  endedAtMs?: number
  error?: { code: string; message: string }
}

/** Everything Run Command keeps, in `World.runCommands`. */
export interface RunCommandBook {
  executions: RunCommandExecution[]
  resources: ManagedRunCommand[]
  operations: RunCommandOperation[]
  /** When each VM (`resourcegroup/vm`, lower case) got its first script request. */
  firstRequestAtMs: Record<string, number>
}

/** An empty book. */
export function emptyRunCommandBook(): RunCommandBook {
  return { executions: [], resources: [], operations: [], firstRequestAtMs: {} }
}
