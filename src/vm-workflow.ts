// The per-VM workflow: GET the VM → pre-flight → the operation's steps →
// settle a kept password → one outcome. The only place an error becomes a
// remedy and learns what had changed on the VM by then.
import { diagnoseVm, type Finding } from './diagnose/index.ts'
import { AzureError, type VmChange } from './errors.ts'
import {
  isRefusedAsDomainController,
  passwordNotTaken,
  proofFailure,
  reroute,
  routeFor,
  verifyReset,
  type Proof
} from './guest/index.ts'
import type {
  Deps,
  Operation,
  Outcome,
  PlannedWrite,
  ReportSection,
  ResetResult,
  Step
} from './operation.ts'
import { checkVm, type PreflightFailure, type ReadyVm } from './preflight.ts'
import { explain } from './remedies.ts'
import type { Settings } from './settings.ts'

/** How far the steps got: the VM, what each step did, and a throw if one stopped them. */
interface StepsRun {
  vm?: ReadyVm
  steps: Step[]
  thrown?: { error: unknown }
  /** Pre-flight refused the VM: nothing was sent to it. */
  refused?: boolean
  /** When the first step began (performance.now()): a password set before it is not this run's. */
  startedAt?: number
}

/** Runs `operation` on the VM that `settings` names; never throws. */
export async function runOnVm(
  settings: Settings,
  operation: Operation,
  deps: Deps
): Promise<Outcome> {
  const run = await runSteps(settings, operation, deps)
  const resetError = failureOf(run, deps)
  // A reset that took but failed after (a Run Command left behind) is proved too.
  const tookEffect = !resetError || resetError.change === 'script-applied'
  const proof =
    tookEffect && operation.writes
      ? await proveIfAsked(settings, run, deps)
      : undefined
  const error = resetError ?? proofFailure(proof)
  const kept = run.steps.find((s) => s.step === 'kept')
  // A password the guest shows unchanged is not live, whatever VMAccess said.
  const settled = await kept?.password.settle(
    resetResult(passwordNotTaken(proof) ? error : resetError)
  )
  // A vault that cannot record a good reset fails the step all the same.
  const settleError = settled?.error?.withChange(
    error ? error.change : 'extension-applied'
  )
  const diagnosis = error
    ? await diagnoseIfAsked(settings, run, deps)
    : undefined
  return assembleOutcome(run, error ?? settleError, settled?.section, {
    proof,
    diagnosis
  })
}

/** diagnose-on-failure: why RDP still fails after a reset-rdp that did not take. */
async function diagnoseIfAsked(
  settings: Settings,
  run: StepsRun,
  deps: Deps
): Promise<Finding[] | undefined> {
  if (!settings.diagnose.onFailure || !run.vm || deps.signal.aborted) {
    return undefined
  }
  // Read again: the VM the reset began with no longer shows its VMAccess.
  const { resourceGroup, vmName } = settings.target
  const now = await deps.compute.virtualMachines
    .get(resourceGroup, vmName, {
      expand: 'instanceView',
      abortSignal: deps.signal
    })
    .catch(() => run.vm?.model)
  return now ? diagnoseVm(now, settings, deps) : undefined
}

/** verify: the guest's proof of a reset that succeeded. */
async function proveIfAsked(
  settings: Settings,
  run: StepsRun,
  deps: Deps
): Promise<Proof | undefined> {
  if (!settings.guest.verify || !run.vm) return undefined
  const planned = run.steps.find((s) => s.step === 'planned')
  const { mode } = settings
  const username = planned?.username
  return verifyReset(
    run.vm,
    settings,
    {
      ...(username ? { username } : {}),
      ...(username && mode.kind === 'reset-password'
        ? { password: mode.password }
        : {}),
      ...writeAcceptedAt(run)
    },
    deps
  )
}

/** When Azure accepted the last write that set the password (after a reroute, Run Command's), else the steps' start. */
function writeAcceptedAt(run: StepsRun): { writeAcceptedAt?: number } {
  const accepted = run.steps.flatMap((s) =>
    s.step === 'sent' || s.step === 'script-sent' ? [s.acceptedAt] : []
  )
  const at = accepted.at(-1) ?? run.startedAt
  return at === undefined ? {} : { writeAcceptedAt: at }
}

/** A dry run on one VM: its outcome so far, and the writes a real run would send. */
export interface PreviewOutcome {
  outcome: Outcome
  writes: PlannedWrite[]
}

/** GET and pre-flight the VM and plan the writes, sending none; never throws. */
export async function previewOnVm(
  settings: Settings,
  operation: Operation,
  deps: Deps
): Promise<PreviewOutcome> {
  let run: StepsRun = { steps: [] }
  let writes: PlannedWrite[] = []
  try {
    const verdict = await readVm(settings, operation, deps)
    if (verdict.kind === 'failure') {
      run = refusedRun(verdict)
    } else {
      const preview = operation.preview(verdict, settings)
      run = { vm: verdict, steps: preview.planned ? [preview.planned] : [] }
      writes = preview.writes
    }
  } catch (error) {
    run = { ...run, thrown: { error } }
  }
  return {
    outcome: assembleOutcome(run, failureOf(run, deps), undefined),
    writes
  }
}

/** Whether the VM got what the steps sent, as a kept password is settled by. */
function resetResult(error: AzureError | undefined): ResetResult {
  if (!error) return { applied: 'yes' }
  if (error.change === 'extension-unknown') return { applied: 'unknown' }
  if (isProvisioningTimeout(error)) {
    return { applied: 'unknown', failure: error.message, timedOut: true }
  }
  return { applied: 'no', failure: error.message }
}

// Azure gave up waiting for the guest: VMAccess may have set the password
// or never run, so the outcome is unknown, as the summary says.
function isProvisioningTimeout(error: AzureError): boolean {
  return (
    error.change === 'extension-failed' &&
    error.code === 'VMExtensionProvisioningTimeout'
  )
}

async function runSteps(
  settings: Settings,
  operation: Operation,
  deps: Deps
): Promise<StepsRun> {
  const steps: Step[] = []
  let vm: ReadyVm | undefined
  try {
    const verdict = await readVm(settings, operation, deps)
    if (verdict.kind === 'failure') return refusedRun(verdict)
    // Only a reset needs its route; diagnose asks the guest on its own.
    vm = operation.writes ? await routeFor(verdict, settings, deps) : verdict
    const startedAt = performance.now()
    for await (const step of operation.steps(vm, settings, deps)) {
      steps.push(step)
    }
    const rerouted = reroute(steps, vm, settings)
    if (rerouted) {
      deps.log(
        'VMAccess refused it as a domain controller: the reset goes through Run Command (domain-controller: run-command).'
      )
      steps.push(rerouted)
      vm = { ...vm, route: 'run-command' }
      for await (const step of operation.steps(vm, settings, deps)) {
        steps.push(step)
      }
    }
    return { vm, steps, startedAt }
  } catch (error) {
    return { vm, steps, thrown: { error } }
  }
}

/** A run that pre-flight stopped before any step: nothing was sent. */
function refusedRun({ message, fix, reason }: PreflightFailure): StepsRun {
  const error = new AzureError(message, fix, { code: reason })
  return { steps: [], thrown: { error }, refused: true }
}

async function readVm(
  settings: Settings,
  operation: Operation,
  deps: Deps
): Promise<ReadyVm | PreflightFailure> {
  const { resourceGroup, vmName } = settings.target
  deps.log(`Reading VM '${vmName}' in resource group '${resourceGroup}'…`)
  const vm = await deps.compute.virtualMachines.get(resourceGroup, vmName, {
    expand: 'instanceView',
    abortSignal: deps.signal
  })
  return checkVm(
    vm,
    settings.target,
    operation.needs,
    settings.guest.domainController
  )
}

/** The run's failure, if any, with its remedy and the VM's state by then. */
function failureOf(run: StepsRun, deps: Deps): AzureError | undefined {
  const failure = run.thrown ?? stepFailure(run.steps)
  if (!failure) return undefined
  return explain(failure.error, deps.failureContext()).withChange(
    changeAfter(run.steps)
  )
}

function stepFailure(steps: readonly Step[]): { error: unknown } | undefined {
  for (const step of stepsOfLastRoute(steps)) {
    if (
      (step.step === 'applied' ||
        step.step === 'script-ran' ||
        step.step === 'script-left' ||
        step.step === 'diagnosed') &&
      step.failure !== undefined
    ) {
      return { error: step.failure }
    }
  }
  return undefined
}

/** What the VM was left in after the steps that completed. */
export function changeAfter(steps: readonly Step[]): VmChange {
  let change: VmChange = 'none'
  for (const step of steps) {
    if (step.step === 'removing' || step.step === 'removed') {
      change = 'extension-removed'
    }
    if (step.step === 'sent') change = 'extension-unknown'
    if (step.step === 'applied') {
      change = isRefusedAsDomainController(step)
        ? 'extension-refused'
        : 'extension-failed'
    }
    if (step.step === 'script-sent') change = 'script-unknown'
    if (step.step === 'script-ran') {
      change = step.failure === undefined ? 'script-applied' : 'script-failed'
    }
  }
  return change
}

/** The steps of the route that ended the run: after a reroute, Run Command's. */
function stepsOfLastRoute(steps: readonly Step[]): readonly Step[] {
  const rerouted = steps.map((s) => s.step).lastIndexOf('rerouted')
  return steps.slice(rerouted + 1)
}

/** The Run Command the steps sent, if Azure got it, and whether it stayed. */
function runCommandOf(
  steps: readonly Step[]
): Pick<Outcome, 'runCommandName' | 'runCommandLeft'> {
  const sent = steps.find((s) => s.step === 'script-sent')
  if (!sent) return {}
  const left = steps.some((s) => s.step === 'script-left')
  return {
    runCommandName: sent.runCommandName,
    ...(left && { runCommandLeft: true })
  }
}

/** The one place the outcome is put together, from what the steps returned. */
function assembleOutcome(
  run: StepsRun,
  error: AzureError | undefined,
  password: ReportSection | undefined,
  guest: { proof?: Proof | undefined; diagnosis?: Finding[] | undefined } = {}
): Outcome {
  const { proof } = guest
  const diagnosis =
    guest.diagnosis ?? run.steps.find((s) => s.step === 'diagnosed')?.findings
  const { vm, steps } = run
  // After a reroute, the route that set access is the one reported.
  const route = stepsOfLastRoute(steps)
  const planned = route.find((s) => s.step === 'planned')
  const applied = route.find((s) => s.step === 'applied')
  const rerouted = steps.find((s) => s.step === 'rerouted')
  return {
    status: run.refused ? 'skipped' : error ? 'failed' : 'succeeded',
    vmId: vm?.vmId,
    hasAadLogin: vm?.hasAadLogin ?? false,
    extensionName: planned?.extensionName || undefined,
    typeHandlerVersion: planned?.typeHandlerVersion || undefined,
    username: planned?.username,
    isAdminAccount: planned?.isAdminAccount,
    removedExtensions: steps.flatMap((s) =>
      s.step === 'removed' ? [s.extensionName] : []
    ),
    provisioningState: applied?.provisioningState,
    extensionMessage: applied?.message,
    ...runCommandOf(steps),
    ...(rerouted && { refusedExtensionName: rerouted.extensionName }),
    ...(password ? { password } : {}),
    ...(proof ? { proof } : {}),
    ...(diagnosis ? { diagnosis } : {}),
    ...(error ? { error } : {})
  }
}
