import type { EmulatorRequest, Reply } from '../http-io.ts'
import type { ArmContext } from './context.ts'
import { runCommandAction } from './run-command-action.ts'
import { putRunCommand } from './run-command-put.ts'
import type { RunCommandTarget } from './run-command-routes.ts'
import {
  deleteRunCommand,
  getRunCommand,
  listRunCommands
} from './run-commands.ts'

/** Answers a Run Command operation, action (v1) or managed (v2). */
export function respondToRunCommand(
  context: ArmContext,
  target: RunCommandTarget,
  req: EmulatorRequest
): Reply {
  switch (target.kind) {
    case 'run-command-action':
      return runCommandAction(context, target, req)
    case 'run-command-list':
      return listRunCommands(context, target, req)
    case 'run-command':
      if (target.operationId === 'VirtualMachineRunCommands_CreateOrUpdate')
        return putRunCommand(context, target, req)
      if (target.operationId === 'VirtualMachineRunCommands_Delete')
        return deleteRunCommand(context, target)
      return getRunCommand(context, target, req)
  }
}
