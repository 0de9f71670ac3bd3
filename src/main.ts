// run(): read → sign in → run the operation on the VM → report. The only
// place that fails the step.
import * as core from '@actions/core'
import type { SignIn } from './credential.ts'
import { vmChangeText } from './errors.ts'
import { readRunUrl, readSettings } from './inputs.ts'
import type { Deps } from './operation.ts'
import type { FailureContext } from './remedies.ts'
import { publish, publishInputFailure } from './report.ts'
import type { Redactor } from './secret.ts'
import type { Settings } from './settings.ts'
import { operationFor } from './vm-access/index.ts'
import { runOnVm } from './vm-workflow.ts'

/** Runs the action; `cancel` fires when the runner cancels the job (local-action passes none). */
export async function run(
  cancel: AbortSignal = new AbortController().signal
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
    await resetAndReport(inputs.settings, cancel, redactor, startedAt)
  } catch (bug) {
    // Every expected failure is reported above; this is a bug's last word.
    if (bug instanceof Error && bug.stack) redactor.debug(bug.stack)
    redactor.fail(bug instanceof Error ? bug.message : String(bug))
  }
}

async function resetAndReport(
  settings: Settings,
  cancel: AbortSignal,
  redactor: Redactor,
  startedAt: number
): Promise<void> {
  const operation = operationFor(settings.mode.kind)
  const { deps, runUrl } = await connect(settings, cancel, redactor)
  const outcome = await runOnVm(settings, operation, deps)

  const durationSeconds = (performance.now() - startedAt) / 1000
  const { target } = settings
  const report = { target, operation, outcome, durationSeconds, runUrl }
  await publish(report, redactor)
  const { error } = outcome
  if (error) {
    if (error.stack) redactor.debug(error.stack)
    redactor.fail(
      `${error.message}\n${vmChangeText[error.change]}\nNext step: ${error.fix}`
    )
    return
  }
  redactor.info(
    `VMAccess ${operation.mode} succeeded on '${target.vmName}' in ${durationSeconds.toFixed(1)} s.`
  )
}

/** The workflow's collaborators, and the link to this run for the report. */
interface Connection {
  deps: Deps
  runUrl?: string
}

/** Loads the Azure SDKs and builds the clients, the run's signal and its context. */
async function connect(
  settings: Settings,
  cancel: AbortSignal,
  redactor: Redactor
): Promise<Connection> {
  const rotation =
    settings.mode.kind === 'reset-password' ? settings.mode.rotation : undefined
  // GitHub's token is asked for first; the Azure SDKs load while it travels.
  const firstIdToken =
    settings.auth.kind === 'oidc'
      ? requestIdToken(settings.auth.audience)
      : undefined
  const [{ createSignIn }, { createComputeClient }, rotationModule, runUrl] =
    await Promise.all([
      import('./credential.ts'),
      import('./arm-client.ts'),
      rotation ? import('./rotation/index.ts') : undefined,
      readRunUrl()
    ])
  const timeout = AbortSignal.timeout(settings.timeoutMs)
  const signIn = createSignIn(
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
      ...(runUrl ? { runUrl } : {})
    })
  const deps: Deps = {
    compute: createComputeClient(signIn.credential, settings),
    ...(passwordKeeper ? { passwordKeeper } : {}),
    signal: AbortSignal.any([cancel, timeout]),
    log,
    failureContext: () => failureContext(settings, signIn, cancel, timeout)
  }
  return { deps, ...(runUrl ? { runUrl } : {}) }
}

/** What the remedies may say about this run, read when a failure happens. */
function failureContext(
  settings: Settings,
  signIn: SignIn,
  cancel: AbortSignal,
  timeout: AbortSignal
): FailureContext {
  const claims = signIn.lastOidcClaims()
  const { auth } = settings
  return {
    target: settings.target,
    oidcSubject: claims?.sub,
    oidcIssuer: claims?.iss,
    oidcAudience: claims?.aud,
    authorityHost: settings.cloud.authorityHost,
    tenantId: 'tenantId' in auth ? auth.tenantId : undefined,
    timeoutMinutes: settings.timeoutMs / 60_000,
    stopReason: cancel.aborted
      ? 'cancelled'
      : timeout.aborted
        ? 'timeout'
        : undefined
  }
}

/** Starts the GitHub OIDC token request; its failure surfaces at sign-in. */
function requestIdToken(audience: string): Promise<string> {
  const token = core.getIDToken(audience)
  token.catch(() => undefined)
  return token
}
