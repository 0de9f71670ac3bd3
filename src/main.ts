// run(): read → sign in → run the operation on the VM → report. The only
// place that fails the step.
import * as core from '@actions/core'
import { neverCancelled, type RunnerCancel } from './cancel.ts'
import type { SignIn } from './credential.ts'
import { vmChangeText } from './errors.ts'
import { runFleet, type FleetContext } from './fleet/index.ts'
import { unverifiedNotice, whyUnverified } from './guest/index.ts'
import { bytesOf, outputsBudgetBytes } from './byte-limits.ts'
import {
  fleetOutputs,
  matrixLimit,
  matrixOf,
  totalsLine
} from './fleet/outputs.ts'
import {
  publishFleet,
  publishSelectionFailure,
  writeResultsFile
} from './fleet/report.ts'
import { stepFails, type FleetRun } from './fleet/results.ts'
import type { FleetReport } from './fleet/summary.ts'
import {
  newMaskedPassword,
  readResultsPath,
  readRunUrl,
  readSettings
} from './inputs.ts'
import { createPacer, type Pacer } from './pacing.ts'
import { explain, type FailureContext } from './remedies.ts'
import {
  publish,
  publishInputFailure,
  toOutputs,
  type RunReport
} from './report.ts'
import type { Redactor } from './secret.ts'
import type { RunSettings, VmRef } from './settings.ts'
import { operationFor } from './operations.ts'

/** Runs the action; `stop` is the runner's cancel (local-action passes none). */
export async function run(
  stop: RunnerCancel = neverCancelled()
): Promise<void> {
  const startedAt = performance.now()
  const inputs = readSettings()
  const { redactor } = inputs
  if ('invalid' in inputs) {
    await publishInputFailure(inputs.invalid, redactor)
    redactor.fail(inputs.invalid.message)
    return
  }
  try {
    await resetAndReport(inputs.settings, stop, redactor, startedAt)
  } catch (bug) {
    // Every expected failure is reported above; this is a bug's last word.
    if (bug instanceof Error && bug.stack) redactor.debug(bug.stack)
    redactor.fail(bug instanceof Error ? bug.message : String(bug))
  }
}

async function resetAndReport(
  settings: RunSettings,
  stop: RunnerCancel,
  redactor: Redactor,
  startedAt: number
): Promise<void> {
  const operation = operationFor(settings.mode.kind)
  const { context, runUrl } = await connect(settings, stop, redactor)
  const seconds = (): number => (performance.now() - startedAt) / 1000
  let run: FleetRun
  try {
    run = await runFleet(settings, operation, context)
  } catch (error) {
    // Listing failed: nothing was sent to any VM.
    const failure = explain(error, context.failureContext(listTarget(settings)))
    await publishSelectionFailure(failure, operation, redactor)
    redactor.fail(
      `${failure.message}\n${vmChangeText.none}\nNext step: ${failure.fix}`
    )
    return
  }
  const only =
    run.results.length === 1 && !run.dryRun ? run.results[0] : undefined
  if (only?.outcome && !run.listed) {
    const report = {
      target: only.target,
      operation,
      outcome: only.outcome,
      durationSeconds: seconds(),
      runUrl
    }
    await publishOne(report, run, redactor)
    finishOne(report, redactor)
    return
  }
  const report = {
    run,
    operation,
    failOn: settings.fleet.failOn,
    durationSeconds: seconds(),
    ...(runUrl ? { runUrl } : {})
  }
  await publishFleet(report, redactor, readResultsPath())
  finishFleet(report, redactor)
}

/**
 * Writes a step over one VM: the results file, its outputs with `results`
 * in what they leave of GitHub's 1 MB, and its summary.
 */
async function publishOne(
  report: RunReport,
  run: FleetRun,
  redactor: Redactor
): Promise<void> {
  const resultsFile = await writeResultsFile(
    readResultsPath(),
    run.results,
    redactor
  )
  const budget = outputsBudgetBytes - bytesOf(toOutputs(report))
  const { outputs } = fleetOutputs(
    run,
    (text) => redactor.redact(text),
    resultsFile,
    budget
  )
  await publish(report, redactor, outputs)
}

/** The last word of a step over one VM, as it always was. */
function finishOne(report: RunReport, redactor: Redactor): void {
  const { error } = report.outcome
  if (error) {
    if (error.stack) redactor.debug(error.stack)
    redactor.fail(
      `${error.message}\n${vmChangeText[error.change]}\nNext step: ${error.fix}`
    )
    return
  }
  const { proof } = report.outcome
  const unverified = whyUnverified(proof)
  if (unverified) redactor.notice(unverifiedNotice(unverified))
  redactor.info(
    `${report.operation.title} succeeded on '${report.target.vmName}' in ${report.durationSeconds.toFixed(1)} s${proof?.verified === 'true' ? ', verified in the guest' : ''}.`
  )
}

/** One notice per reason the guest could not be checked, with how many VMs it kept. */
function noticeUnverified(run: FleetRun, redactor: Redactor): void {
  const reasons = new Map<string, number>()
  for (const { outcome } of run.results) {
    const reason = whyUnverified(outcome?.proof)
    if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
  }
  for (const [reason, count] of [...reasons].slice(0, 10)) {
    redactor.notice(`${count} VM(s): ${unverifiedNotice(reason)}`)
  }
}

/** The last word of a step over several VMs (or a dry run): totals, and the failed ones. */
function finishFleet(report: FleetReport, redactor: Redactor): void {
  const { run } = report
  const jobs = run.dryRun ? matrixOf(run).include.length : 0
  if (jobs > matrixLimit) {
    redactor.warn(
      `The matrix output lists ${jobs} VMs; GitHub runs at most ${matrixLimit} jobs per matrix. Split the fleet (vm-tag or resource-group per plan job) or reset it in one step with max-parallel.`
    )
  }
  noticeUnverified(run, redactor)
  const totals = totalsLine(run)
  if (!stepFails(run, report.failOn)) {
    redactor.info(
      `${report.operation.title}: ${totals} ${report.durationSeconds.toFixed(1)} s.`
    )
    return
  }
  const failed = run.results.filter(
    (r) => r.status !== 'succeeded' && r.status !== 'planned'
  )
  const named = failed
    .slice(0, 10)
    .map((r) => `${r.target.resourceGroup}/${r.target.vmName} (${r.status})`)
    .join(', ')
  redactor.fail(
    `${report.operation.title}: ${totals} Not done: ${named}${failed.length > 10 ? ` and ${failed.length - 10} more` : ''}. The job summary lists each with its next steps.`
  )
}

/** The VM a listing failure is told about: the group (or subscription) listed. */
function listTarget(settings: RunSettings): VmRef {
  const { selection, subscriptionId } = settings
  if (selection.kind === 'named') return selection.vms[0] as VmRef
  return {
    subscriptionId,
    resourceGroup: selection.resourceGroup ?? '',
    vmName: '*'
  }
}

/** The run's link for the report, and what its VMs share. */
interface Connection {
  context: FleetContext
  runUrl?: string
}

/** Loads the Azure SDKs and builds the clients, the run's signal and its context. */
async function connect(
  settings: RunSettings,
  stop: RunnerCancel,
  redactor: Redactor
): Promise<Connection> {
  const rotation =
    'rotation' in settings.mode ? settings.mode.rotation : undefined
  // GitHub's token is asked for first; the Azure SDKs load while it travels.
  const firstIdToken =
    settings.auth.kind === 'oidc'
      ? requestIdToken(settings.auth.audience)
      : undefined
  const [credentials, clients, rotationModule, runUrl] = await loadModules(
    rotation !== undefined
  )
  const timeout = AbortSignal.timeout(settings.timeoutMs)
  const stopped = (): StopReason => stopReason(stop.cancel, timeout)
  const signIn = credentials.createSignIn(
    settings.auth,
    settings.cloud,
    redactor,
    firstIdToken
  )
  const log = (line: string): void => redactor.info(line)
  const passwordKeeper =
    rotation &&
    rotationModule?.createPasswordKeeper(rotation, signIn.credential, {
      log,
      mask: (value) => redactor.mask(value),
      timeoutMs: settings.timeoutMs,
      stop,
      ...(runUrl ? { runUrl } : {})
    })
  const pacer = createPacer()
  const context: FleetContext = {
    compute: clients.createComputeClient(signIn.credential, settings, pacer),
    network: lazyNetworkClient(signIn, settings, pacer),
    ...(passwordKeeper ? { passwordKeeper } : {}),
    pacer,
    signal: AbortSignal.any([stop.cancel, timeout]),
    wrapUp: stop.wrapUp,
    stopReason: stopped,
    log,
    failureContext: (target) =>
      failureContext(settings, target, signIn, stopped()),
    makePassword: (length) => newMaskedPassword(length, redactor)
  }
  return { context, ...(runUrl ? { runUrl } : {}) }
}

/** The Network client, made on first use: its SDK loads only when a VM is diagnosed. */
function lazyNetworkClient(
  signIn: SignIn,
  settings: RunSettings,
  pacer: Pacer
): FleetContext['network'] {
  return once(async () => {
    const { createNetworkClient } = await import('./network-client.ts')
    return createNetworkClient(signIn.credential, settings, pacer)
  })
}

/** The modules a run needs, loaded together; Key Vault's only when it rotates. */
function loadModules(
  rotates: boolean
): Promise<
  [
    typeof import('./credential.ts'),
    typeof import('./arm-client.ts'),
    typeof import('./rotation/index.ts') | undefined,
    string | undefined
  ]
> {
  return Promise.all([
    import('./credential.ts'),
    import('./arm-client.ts'),
    rotates ? import('./rotation/index.ts') : undefined,
    readRunUrl()
  ])
}

/** `make`, run on the first call only; later calls share its promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}

type StopReason = 'cancelled' | 'timeout' | undefined

function stopReason(cancel: AbortSignal, timeout: AbortSignal): StopReason {
  return cancel.aborted ? 'cancelled' : timeout.aborted ? 'timeout' : undefined
}

/** What the remedies may say about this run, read when a failure happens. */
function failureContext(
  settings: RunSettings,
  target: VmRef,
  signIn: SignIn,
  stopped: StopReason
): FailureContext {
  const claims = signIn.lastOidcClaims()
  const { auth } = settings
  return {
    target,
    oidcSubject: claims?.sub,
    oidcIssuer: claims?.iss,
    oidcAudience: claims?.aud,
    authorityHost: settings.cloud.authorityHost,
    tenantId: 'tenantId' in auth ? auth.tenantId : undefined,
    timeoutMinutes: settings.timeoutMs / 60_000,
    stopReason: stopped
  }
}

/** Starts the GitHub OIDC token request; its failure surfaces at sign-in. */
function requestIdToken(audience: string): Promise<string> {
  const token = core.getIDToken(audience)
  token.catch(() => undefined)
  return token
}
