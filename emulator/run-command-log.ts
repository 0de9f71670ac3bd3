// What tests read about Run Command: every script a VM was asked to run and
// the managed run commands a VM has now. Protected parameters appear by name
// only: their values were hashed on arrival and never kept.
import { settleRunCommands } from './arm/run-command-operations.ts'
import {
  runCommandInstanceView,
  runCommandResultView
} from './arm/run-command-view.ts'
import type {
  ExecutionState,
  ManagedRunCommand,
  RunCommandExecution,
  RunCommandParameter
} from './run-command-state.ts'
import { sameName, type InstanceViewStatus, type World } from './state.ts'

/** One script a VM was asked to run, and what the client was given back. */
export interface RunCommandRecord {
  resourceGroup: string
  vm: string
  /** `action`: VirtualMachines_RunCommand (v1); `managed`: a run command resource (v2). */
  kind: 'action' | 'managed'
  /** Managed: the run command's name. */
  name?: string
  /** Action: the commandId; managed: source.commandId when given. */
  commandId?: string
  script: string[]
  /** Public parameters, name and value. */
  parameters: RunCommandParameter[]
  /** Names of the protected parameters; never their values. */
  protectedParameterNames: string[]
  executionState: ExecutionState
  exitCode?: number
  startTime: string
  endTime?: string
  /** Its output as clients see it: the last 4,096 bytes. */
  stdout: string
  stderr: string
  /** Action: `RunCommandResult.value` as the Location URL returns it once done. */
  result?: InstanceViewStatus[]
  /** Managed: the instanceView `$expand=instanceView` shows. */
  instanceView?: Record<string, unknown>
}

/** A managed run command a VM has now. */
export interface ManagedRunCommandSnapshot {
  name: string
  provisioningState: ManagedRunCommand['provisioningState']
  executionState?: ExecutionState
  parameters: RunCommandParameter[]
  protectedParameterNames: string[]
}

/** Every script run so far, oldest first, after ending those due by `nowMs` (ARM's clock). */
export function snapshotRunCommands(
  world: World,
  nowMs: number
): RunCommandRecord[] {
  settleRunCommands(world, nowMs)
  return world.runCommands.executions.map(recordOf)
}

/** The managed run commands of one VM, after ending those due by `nowMs` (ARM's clock). */
export function snapshotManagedRunCommands(
  world: World,
  resourceGroup: string,
  vmName: string,
  nowMs: number
): ManagedRunCommandSnapshot[] {
  settleRunCommands(world, nowMs)
  return world.runCommands.resources
    .filter(
      (r) =>
        sameName(r.resourceGroup, resourceGroup) && sameName(r.vmName, vmName)
    )
    .map((r) => {
      const execution = world.runCommands.executions.find(
        (e) => e.id === r.executionId
      )
      return {
        name: r.name,
        provisioningState: r.provisioningState,
        ...(execution ? { executionState: execution.executionState } : {}),
        parameters: structuredClone(execution?.parameters ?? []),
        protectedParameterNames:
          execution?.protectedParameters.map((p) => p.name) ?? []
      }
    })
}

function recordOf(e: RunCommandExecution): RunCommandRecord {
  const ended = e.executionState !== 'Running' && e.executionState !== 'Pending'
  return {
    resourceGroup: e.resourceGroup,
    vm: e.vmName,
    kind: e.kind,
    ...(e.runCommandName !== undefined ? { name: e.runCommandName } : {}),
    ...(e.commandId !== undefined ? { commandId: e.commandId } : {}),
    script: [...e.script],
    parameters: structuredClone(e.parameters),
    protectedParameterNames: e.protectedParameters.map((p) => p.name),
    executionState: e.executionState,
    ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
    startTime: new Date(e.startedAtMs).toISOString(),
    ...(e.endedAtMs !== undefined
      ? { endTime: new Date(e.endedAtMs).toISOString() }
      : {}),
    stdout: e.stdout,
    stderr: e.stderr,
    ...(e.kind === 'action' && ended && !e.error
      ? { result: runCommandResultView(e).value }
      : {}),
    ...(e.kind === 'managed' ? { instanceView: runCommandInstanceView(e) } : {})
  }
}
