// verify/2 with this run's password: a managed Run Command (v2), the only
// kind that takes protected parameters. The password travels there alone —
// never in the script, the public parameters, the instance view or a log —
// and the resource is deleted afterwards, whatever happened.
import { randomBytes } from 'node:crypto'
import type { VirtualMachineRunCommand } from '@azure/arm-compute'
import { clip, lastLine, oneLine } from '../markup.ts'
import type { Deps } from '../operation.ts'
import type { Secret } from '../secret.ts'
import type { VmRef } from '../settings.ts'
import { submit, waitFor } from '../vm-access/lro.ts'
import { deleteCommand } from './other-runs.ts'
import { whyNot, type ProbeResult } from './probe.ts'
import { deleteRunCommand, newRunCommandName } from './run-command-resource.ts'
import {
  attemptParameters,
  passwordParameters,
  userParameters,
  verifyScript
} from './scripts.ts'

/** The RBAC actions a managed Run Command needs (Virtual Machine Contributor has them). */
export const managedRunCommandActions =
  'Microsoft.Compute/virtualMachines/runCommands/write (and its read and delete)'

/** The account and the password to try once. */
export interface PasswordAsk {
  username: string
  password: Secret
}

/** What the probe found, and the Run Command it could not delete, if any. */
export type PasswordProbeResult = ProbeResult & { left?: string }

// The script ends in seconds; Azure's default is 90 minutes.
const scriptTimeoutSeconds = 300

/** Runs verify/2 through a managed Run Command, then deletes it. */
export async function probeWithPassword(
  target: VmRef,
  location: string,
  ask: PasswordAsk,
  deps: Pick<Deps, 'compute' | 'signal' | 'wrapUp'>
): Promise<PasswordProbeResult> {
  const name = newRunCommandName()
  const probed = await runAndRead(target, name, location, ask, deps)
  const removal = await deleteRunCommand(target, name, deps)
  if (removal.gone) return probed
  return {
    ...probed,
    left: `The Run Command '${name}' could not be deleted: ${clip(oneLine(removal.why))}. It holds no password Azure returns; delete it (${deleteCommand(target, name)}).`
  }
}

async function runAndRead(
  target: VmRef,
  name: string,
  location: string,
  ask: PasswordAsk,
  deps: Pick<Deps, 'compute' | 'signal'>
): Promise<ProbeResult> {
  const { compute, signal } = deps
  let view: VirtualMachineRunCommand['instanceView']
  try {
    const sent = await submit(
      (options) =>
        compute.virtualMachineRunCommands.createOrUpdate(
          target.resourceGroup,
          target.vmName,
          name,
          body(location, ask),
          options
        ),
      signal
    )
    await waitFor(sent, signal)
    const command = await compute.virtualMachineRunCommands.getByVirtualMachine(
      target.resourceGroup,
      target.vmName,
      name,
      { expand: 'instanceView', abortSignal: signal }
    )
    view = command.instanceView
  } catch (error) {
    return { unknown: whyNot(error, signal, managedRunCommandActions) }
  }
  const { readFacts } = await import('./facts.ts')
  const read = readFacts(view?.output ?? '')
  if ('facts' in read) return read
  const stderr = lastLine(view?.error ?? '')
  return {
    unknown: stderr
      ? `the probe failed in the guest: ${stderr}`
      : read.unreadable
  }
}

function body(location: string, ask: PasswordAsk): VirtualMachineRunCommand {
  // A repeated execution of this resource finds the marker and does not try again.
  const attemptId = randomBytes(8).toString('hex')
  return {
    location,
    source: { script: verifyScript.join('\n') },
    parameters: [
      ...userParameters(ask.username),
      ...attemptParameters(attemptId)
    ],
    // Only here: Azure does not return protected parameters.
    protectedParameters: passwordParameters(ask.password),
    asyncExecution: false,
    timeoutInSeconds: scriptTimeoutSeconds,
    treatFailureAsDeploymentFailure: false
  }
}
