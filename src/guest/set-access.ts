// The domain controller's route, which VMAccess refuses: a managed Run
// Command (v2) runs set-access/1 with the password as a protected parameter
// only, its outcome is read from the instance view, and the resource is
// deleted whatever happened, so nothing of the run stays on the VM.
import type { VirtualMachineRunCommand } from '@azure/arm-compute'
import { AzureError } from '../errors.ts'
import { clip, lastLine, oneLine } from '../markup.ts'
import type { Deps, PlannedWrite, Preview, Step } from '../operation.ts'
import type { ReadyVm } from '../preflight.ts'
import type { Secret } from '../secret.ts'
import type { Settings, VmRef } from '../settings.ts'
import { submit, waitFor, type Submitted } from '../vm-access/lro.ts'
import { deleteCommand, refuseWhileAnotherRuns } from './other-runs.ts'
import { deleteRunCommand, newRunCommandName } from './run-command-resource.ts'
import {
  passwordParameters,
  setAccessScript,
  userParameters
} from './scripts.ts'

type Planned = Extract<Step, { step: 'planned' }>

/** What the script is asked to do: the account and password, if any. */
interface SetAccessPlan {
  runCommandName: string
  username?: string
  password?: Secret
}

// The script itself stops well before this; Azure's default is 90 minutes.
const scriptTimeoutSeconds = 600

/** Plan → no other run at work → PUT the Run Command → read its outcome → delete it. */
export async function* setAccessSteps(
  vm: ReadyVm,
  settings: Settings,
  deps: Deps
): AsyncGenerator<Step> {
  const plan = planSetAccess(vm, settings)
  yield plannedStep(plan, vm)
  const { target } = settings
  await refuseWhileAnotherRuns(target, deps)
  deps.log(`Running set-access/1 through Run Command '${plan.runCommandName}'…`)
  let sent: Submitted<VirtualMachineRunCommand>
  try {
    sent = await sendRunCommand(plan, vm.location, settings.target, deps)
  } catch (error) {
    if (wasAnswered(error)) throw error
    // Stopped while the PUT was on its way: Azure may have created it.
    yield { step: 'script-sent', runCommandName: plan.runCommandName }
    yield await removeRunCommand(target, plan.runCommandName, deps)
    throw error
  }
  yield {
    step: 'script-sent',
    runCommandName: plan.runCommandName,
    acceptedAt: performance.now()
  }
  let ran: Step | undefined
  let stopped: Error | undefined
  try {
    await waitFor(sent, deps.signal)
    ran = await readOutcome(target, plan.runCommandName, deps)
  } catch (error) {
    stopped = error instanceof Error ? error : new Error(String(error))
  }
  if (ran) yield ran
  // Deleted whatever happened: a running script stops, and nothing stays.
  yield await removeRunCommand(target, plan.runCommandName, deps)
  if (stopped) throw stopped
}

function sendRunCommand(
  plan: SetAccessPlan,
  location: string,
  target: VmRef,
  deps: Deps
): Promise<Submitted<VirtualMachineRunCommand>> {
  return submit(
    (options) =>
      deps.compute.virtualMachineRunCommands.createOrUpdate(
        target.resourceGroup,
        target.vmName,
        plan.runCommandName,
        runCommandBody(plan, location),
        options
      ),
    deps.signal
  )
}

/** True when Azure answered (and so refused) the request: nothing was created. */
function wasAnswered(error: unknown): boolean {
  return typeof (error as { statusCode?: unknown }).statusCode === 'number'
}

/** dry-run: the PUT and the DELETE the steps would send, the password as `***`. */
export function previewSetAccess(vm: ReadyVm, settings: Settings): Preview {
  const plan = planSetAccess(vm, settings)
  const path = runCommandPath(settings.target, plan.runCommandName)
  const writes: PlannedWrite[] = [
    {
      method: 'PUT',
      path,
      body: { properties: runCommandBody(plan, vm.location, 'redacted') },
      purpose: 'run set-access/1 through a managed Run Command'
    },
    { method: 'DELETE', path, purpose: 'delete the Run Command afterwards' }
  ]
  return { planned: plannedStep(plan, vm), writes }
}

function planSetAccess(vm: ReadyVm, settings: Settings): SetAccessPlan {
  const runCommandName = newRunCommandName()
  const { mode } = settings
  if (mode.kind !== 'reset-password') return { runCommandName }
  const username = mode.username ?? vm.adminUsername
  return { runCommandName, username, password: mode.password }
}

function plannedStep(plan: SetAccessPlan, vm: ReadyVm): Planned {
  return {
    step: 'planned',
    extensionName: '',
    typeHandlerVersion: '',
    runCommandName: plan.runCommandName,
    ...(plan.username && {
      username: plan.username,
      isAdminAccount: plan.username === vm.adminUsername
    })
  }
}

/** The PUT body; a preview's shows the password as `***`. */
function runCommandBody(
  plan: SetAccessPlan,
  location: string,
  redacted?: 'redacted'
): VirtualMachineRunCommand {
  const protectedParameters = passwordParameters(plan.password)
  return {
    location,
    source: { script: setAccessScript.join('\n') },
    parameters: userParameters(plan.username),
    // Only here: Azure does not return protected parameters, and the script
    // text, the public parameters and the instance view never hold it.
    protectedParameters: redacted
      ? protectedParameters.map((p) => ({ ...p, value: '***' }))
      : protectedParameters,
    asyncExecution: false,
    timeoutInSeconds: scriptTimeoutSeconds,
    treatFailureAsDeploymentFailure: false
  }
}

/** Reads the script's outcome from the instance view: state, exit code, its JSON line. */
async function readOutcome(
  target: VmRef,
  runCommandName: string,
  deps: Deps
): Promise<Step> {
  const command =
    await deps.compute.virtualMachineRunCommands.getByVirtualMachine(
      target.resourceGroup,
      target.vmName,
      runCommandName,
      { expand: 'instanceView', abortSignal: deps.signal }
    )
  const view = command.instanceView
  const executionState = view?.executionState ?? 'Unknown'
  const exitCode = view?.exitCode
  const ok =
    executionState === 'Succeeded' &&
    exitCode === 0 &&
    /"script"\s*:\s*"set-access\/1"/.test(view?.output ?? '')
  if (ok) return { step: 'script-ran', executionState, exitCode }
  const said =
    lastLine(view?.error ?? '') || lastLine(view?.executionMessage ?? '')
  return {
    step: 'script-ran',
    executionState,
    ...(exitCode === undefined ? {} : { exitCode }),
    failure: new AzureError(
      `The set-access script did not succeed in the guest (${executionState}${exitCode === undefined ? '' : `, exit code ${exitCode}`})${said ? `: ${said}` : '.'}`,
      'Read the error above; an account that does not exist must be created with Active Directory tools first. Then run the workflow again.',
      { code: 'RunCommandScriptFailed' }
    )
  }
}

/** Deletes the Run Command with a budget of its own; says whether it is gone. */
async function removeRunCommand(
  target: VmRef,
  runCommandName: string,
  deps: Deps
): Promise<Step> {
  const removal = await deleteRunCommand(target, runCommandName, deps)
  if (removal.gone) {
    deps.log(`Run Command '${runCommandName}' deleted.`)
    return { step: 'script-removed', runCommandName }
  }
  return {
    step: 'script-left',
    runCommandName,
    failure: new AzureError(
      `The Run Command '${runCommandName}' could not be deleted: ${clip(oneLine(removal.why))}`,
      `Delete it yourself (${deleteCommand(target, runCommandName)}); it holds no password Azure returns, but it should not stay.`,
      { code: 'RunCommandLeft', cause: removal.error }
    )
  }
}

/** The ARM path of a managed Run Command, from /subscriptions/ on. */
function runCommandPath(target: VmRef, name: string): string {
  return `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${target.vmName}/runCommands/${name}`
}
