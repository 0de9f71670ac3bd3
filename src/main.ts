// run(): read → validate → sign in → reset → report. The only setFailed.
import * as core from '@actions/core'
import type { SignIn } from './credential.ts'
import { InvalidInputs, vmChangeText } from './errors.ts'
import {
  newMaskedPassword,
  readRawInputs,
  readRunnerEnv,
  readRunUrl
} from './inputs.ts'
import { parseSettings } from './parse-settings.ts'
import type { FailureContext } from './remedies.ts'
import { publish, publishInputFailure, scrub } from './report.ts'
import { Input, type Settings } from './settings.ts'
import { resetVmAccess, type Deps } from './vm-access.ts'

/** Runs the action; `cancel` fires when the runner cancels the job (local-action passes none). */
export async function run(
  cancel: AbortSignal = new AbortController().signal
): Promise<void> {
  const startedAt = performance.now()
  const raw = readRawInputs()
  const secrets = [raw[Input.password], raw[Input.clientSecret]]
  let settings: Settings
  try {
    settings = parseSettings(raw, readRunnerEnv(), newMaskedPassword)
  } catch (error) {
    if (!(error instanceof InvalidInputs)) throw error
    await publishInputFailure(error, secrets)
    core.setFailed(scrub(error.message, secrets))
    return
  }
  if (settings.mode.kind === 'reset-password') {
    // A generated password exists only now; it is masked already.
    secrets.push(settings.mode.password.reveal())
  }

  const deps = await connect(settings, cancel, (line) =>
    core.info(scrub(line, secrets))
  )
  const outcome = await resetVmAccess(settings, deps)

  const durationSeconds = (performance.now() - startedAt) / 1000
  const { target, mode } = settings
  const report = { target, mode: mode.kind, outcome, durationSeconds }
  await publish({ ...report, runUrl: deps.runUrl }, secrets)
  const { error } = outcome
  if (error) {
    if (error.stack) core.debug(scrub(error.stack, secrets))
    const text = `${error.message}\n${vmChangeText[error.change]}\nNext step: ${error.fix}`
    core.setFailed(scrub(text, secrets))
    return
  }
  core.info(
    `VMAccess ${mode.kind} succeeded on '${target.vmName}' in ${durationSeconds.toFixed(1)} s.`
  )
}

/** Loads the Azure SDKs and builds the clients, the run's signal and its context. */
async function connect(
  settings: Settings,
  cancel: AbortSignal,
  log: (line: string) => void
): Promise<Deps> {
  const rotation =
    settings.mode.kind === 'reset-password' ? settings.mode.rotation : undefined
  // GitHub's token is asked for first; the Azure SDKs load while it travels.
  const firstIdToken =
    settings.auth.kind === 'oidc'
      ? requestIdToken(settings.auth.audience)
      : undefined
  const [{ createSignIn }, { createComputeClient }, vaultClient, runUrl] =
    await Promise.all([
      import('./credential.ts'),
      import('./arm-client.ts'),
      rotation ? import('./vault-client.ts') : undefined,
      readRunUrl()
    ])
  const timeout = AbortSignal.timeout(settings.timeoutMs)
  const signIn = createSignIn(settings.auth, settings.cloud, firstIdToken)
  const vault =
    rotation &&
    vaultClient?.createVaultClient(rotation.vaultUrl, signIn.credential)
  return {
    compute: createComputeClient(signIn.credential, settings),
    ...(vault ? { vault } : {}),
    signal: AbortSignal.any([cancel, timeout]),
    log,
    failureContext: () => failureContext(settings, signIn, cancel, timeout),
    ...(runUrl ? { runUrl } : {})
  }
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
