import type { EmulatorRequest, Reply } from '../http-io.ts'
import { sameName } from '../state.ts'
import type { ArmContext } from './context.ts'
import { childNotFound } from './errors.ts'
import {
  refuseScript,
  startExecution,
  type ScriptRequest
} from './run-command-executions.ts'
import { beginRunCommandOperation } from './run-command-operations.ts'
import { runCommandPollingHeaders } from './run-command-polls.ts'
import {
  actionScriptRequest,
  readRunCommandBody
} from './run-command-request.ts'
import type { RunCommandTarget } from './run-command-routes.ts'
import { lookUpVm } from './virtual-machines.ts'

// Windows command ids (run-command.md, facts.md §b). Only RunPowerShellScript
// runs the script given; the built-ins run scripts of their own.
const windowsCommandIds = [
  'RunPowerShellScript',
  'IPConfig',
  'EnableWindowsUpdate',
  'DisableWindowsUpdate',
  'EnableAdminAccount',
  'EnableEMS',
  'EnableRemotePS',
  'IMDSCertCheck',
  'RDPSettings',
  'ResetRDPCert',
  'Windows_WindowsActivation_Validation',
  'SetRDPPort',
  'DisableNLA',
  'RemoveRunCommandWindowsExtension'
]

/**
 * VirtualMachines_RunCommand (example: VirtualMachineRunCommand.json): 202
 * with Location; the Location URL ends with the RunCommandResult
 * (final-state-via location). An unknown command id, or a Windows one on
 * Linux, is "not found" as in run-command.md.
 */
export function runCommandAction(
  context: ArmContext,
  target: Extract<RunCommandTarget, { kind: 'run-command-action' }>,
  req: EmulatorRequest
): Reply {
  const read = readRunCommandBody(context, target.operationId, req)
  if ('reply' in read) return read.reply
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  const { vm } = found
  const request = actionScriptRequest(read.body)
  const known = windowsCommandIds.find((id) =>
    sameName(id, request.commandId ?? '')
  )
  if (known === undefined || vm.osType !== 'Windows') return childNotFound()
  const now = context.now()
  const refusal = refuseScript(context.world, vm, 'action', now)
  if (refusal) return refusal
  const script: ScriptRequest =
    known === 'RunPowerShellScript' ? request : { ...request, script: [] }
  const execution = startExecution(context.world, vm, script, now)
  const operation = beginRunCommandOperation(
    context.world,
    {
      kind: 'action',
      resourceGroup: vm.resourceGroup,
      vmName: vm.name,
      location: vm.location,
      apiVersion: context.apiVersion,
      executionId: execution.id
    },
    now
  )
  return { status: 202, headers: runCommandPollingHeaders(context, operation) }
}
