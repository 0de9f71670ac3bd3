// Scripts on a VM: when Compute refuses to start one, starting it, and how it
// ends in the guest.
import { randomUUID } from 'node:crypto'
import { runInGuest } from '../guest/run-command-handler.ts'
import { failed, type ScriptOutcome } from '../guest/scripts.ts'
import type { Reply } from '../http-io.ts'
import type {
  ProtectedParameter,
  RunCommandExecution,
  RunCommandParameter
} from '../run-command-state.ts'
import { findVm, type VmState, type World } from '../state.ts'
import { cloudError } from './errors.ts'
import { agentSilentMessage } from './operation-outcome.ts'

/** What a request asks the guest to run; protected values arrive hashed. */
export interface ScriptRequest {
  kind: 'action' | 'managed'
  runCommandName?: string
  commandId?: string
  script: string[]
  parameters: RunCommandParameter[]
  protectedParameters: ProtectedParameter[]
  /** Managed: timeoutInSeconds in ms; absent or 0 means none. */
  timeoutMs?: number
}

/** True while the script has not ended. */
export function isRunning(execution: RunCommandExecution): boolean {
  return (
    execution.executionState === 'Running' ||
    execution.executionState === 'Pending'
  )
}

/**
 * Compute's refusals before a script starts: the VM must run; the scenario's
 * busy window; and one action run command at a time (facts.md §b). The 409
 * body is our choice: the sources read do not show the error a concurrent
 * call gets (extended/README.md "Could not find"); the message is the
 * Run Command extension's own.
 */
export function refuseScript(
  world: World,
  vm: VmState,
  kind: ScriptRequest['kind'],
  nowMs: number
): Reply | undefined {
  if (vm.powerState !== 'running') {
    // Not in facts.md: the text Compute gives VM operations that need a running VM.
    return cloudError(
      409,
      'OperationNotAllowed',
      'The operation requires the VM to be running (or set to run).'
    )
  }
  const key = `${vm.resourceGroup}/${vm.name}`.toLowerCase()
  const first = (world.runCommands.firstRequestAtMs[key] ??= nowMs)
  const busy = nowMs < first + vm.runCommand.busyForMs
  const actionRunning =
    kind === 'action' &&
    world.runCommands.executions.some(
      (e) =>
        e.kind === 'action' &&
        isRunning(e) &&
        e.resourceGroup === vm.resourceGroup &&
        e.vmName === vm.name
    )
  if (!busy && !actionRunning) return undefined
  return cloudError(
    409,
    'Conflict',
    'Run command extension execution is in progress. Please wait for completion before invoking a run command.'
  )
}

/** Starts a script; it ends after the VM's Run Command duration, or its timeout. */
export function startExecution(
  world: World,
  vm: VmState,
  request: ScriptRequest,
  nowMs: number
): RunCommandExecution {
  const { timeoutMs, ...fields } = request
  const durationMs = vm.runCommand.durationMs
  const timesOut =
    timeoutMs !== undefined &&
    timeoutMs > 0 &&
    (durationMs === null || durationMs > timeoutMs)
  const runsForMs = timesOut ? timeoutMs : durationMs
  const execution: RunCommandExecution = {
    ...fields,
    id: randomUUID(),
    resourceGroup: vm.resourceGroup,
    vmName: vm.name,
    startedAtMs: nowMs,
    dueAtMs: runsForMs === null ? undefined : nowMs + runsForMs,
    timesOut,
    executionState: 'Running',
    stdout: '',
    stderr: ''
  }
  world.runCommands.executions.push(execution)
  return execution
}

/** Stops a running script (a managed run command deleted or replaced). */
export function cancelExecution(
  execution: RunCommandExecution,
  nowMs: number
): void {
  if (!isRunning(execution)) return
  execution.executionState = 'Canceled'
  execution.endedAtMs = nowMs
}

/** Ends every script whose time has come, oldest first, applying what it did. */
export function settleExecutions(world: World, nowMs: number): void {
  const due = world.runCommands.executions
    .filter(
      (e) => isRunning(e) && e.dueAtMs !== undefined && e.dueAtMs <= nowMs
    )
    .sort((a, b) => (a.dueAtMs ?? 0) - (b.dueAtMs ?? 0))
  for (const execution of due)
    finishExecution(world, execution, execution.dueAtMs ?? nowMs)
}

function finishExecution(
  world: World,
  execution: RunCommandExecution,
  atMs: number
): void {
  execution.endedAtMs = atMs
  const vm = findVm(world, execution.resourceGroup, execution.vmName)
  if (!vm?.agent.ready) {
    execution.executionState = 'Unknown'
    execution.error = {
      code: 'VMAgentStatusCommunicationError',
      message: agentSilentMessage(execution.vmName)
    }
    return
  }
  if (execution.timesOut) {
    execution.executionState = 'TimedOut'
    return
  }
  const outcome = outcomeIn(vm, execution, atMs)
  if (outcome.guest && outcome.exitCode === 0) vm.guest = outcome.guest
  execution.exitCode = outcome.exitCode
  execution.stdout = outcome.stdout
  execution.stderr = outcome.stderr
  execution.executionState = outcome.exitCode === 0 ? 'Succeeded' : 'Failed'
}

function outcomeIn(
  vm: VmState,
  execution: RunCommandExecution,
  atMs: number
): ScriptOutcome {
  if (vm.osType !== 'Windows')
    return failed('The emulator plays Run Command on Windows guests only.')
  // The script reads the guest's own clock.
  return runInGuest(
    vm.guest,
    vm.runCommand,
    execution,
    atMs + vm.guest.clockSkewMs
  )
}
