// Two runs must not set a domain controller's password at once (the later
// one would silently win): a run refuses, changing nothing, while a Run
// Command of another run of this action is still at work on the VM.
import { AzureError } from '../errors.ts'
import { clip, oneLine } from '../markup.ts'
import type { Deps } from '../operation.ts'
import type { VmRef } from '../settings.ts'
import { azCommand } from '../shell.ts'

/** Every Run Command this action creates is named so. */
export const runCommandPrefix = 'azure-vm-access-reset-'

// Azure's execution states that are not yet an outcome.
const atWork = new Set(['Pending', 'Running'])

/** Throws when another run's Run Command is still pending or running on the VM. */
export async function refuseWhileAnotherRuns(
  target: VmRef,
  deps: Deps
): Promise<void> {
  const commands = deps.compute.virtualMachineRunCommands.listByVirtualMachine(
    target.resourceGroup,
    target.vmName,
    { expand: 'instanceView', abortSignal: deps.signal }
  )
  for await (const command of commands) {
    const name = command.name ?? ''
    const state = command.instanceView?.executionState ?? ''
    if (!name.startsWith(runCommandPrefix) || !atWork.has(state)) continue
    // The name is the server's text: kept to one short line.
    const shown = clip(oneLine(name), 80)
    throw new AzureError(
      `Another run of this action is setting access on this domain controller: its Run Command '${shown}' is ${state}.`,
      `Wait for that run to finish and read its summary, then run again if it is still needed. Give every workflow that resets this VM one concurrency group, so runs queue; a Run Command left behind by a killed run can be deleted (${deleteCommand(target, name)}).`,
      { code: 'RunCommandInProgress' }
    )
  }
}

/** The command that deletes Run Command `name`: the server's name, quoted whole. */
export function deleteCommand(target: VmRef, name: string): string {
  return azCommand([
    'vm',
    'run-command',
    'delete',
    '-g',
    target.resourceGroup,
    '--vm-name',
    target.vmName,
    '--name',
    name,
    '--yes'
  ])
}
