// Inside the guest, through Run Command: the proof that a reset took
// (verify), the question whether a VM is a domain controller (route.ts), and
// the domain controller's route (set-access). The rest of src/ enters here.
import { AzureError } from '../errors.ts'
import type { Deps } from '../operation.ts'
import type { ReadyVm } from '../preflight.ts'
import type { Settings } from '../settings.ts'
import type { Secret } from '../secret.ts'
import {
  probeWithPassword,
  type PasswordProbeResult
} from './password-probe.ts'
import { probeGuest } from './probe.ts'
import { proofOf, type Proof } from './proof.ts'

export { previewSetAccess, setAccessSteps } from './set-access.ts'
export { isRefusedAsDomainController, reroute, routeFor } from './route.ts'
export { probeGuest } from './probe.ts'
export type { GuestFacts } from './facts.ts'
export type { Check, Proof } from './proof.ts'
export {
  renderProof,
  unverifiedNotice,
  verificationJson,
  verifiedOf,
  whyUnverified
} from './report.ts'

/** What the reset was meant to leave, as the run knows it. */
export interface Expectation {
  /** reset-password: the account whose password was set, and the password. */
  username?: string
  password?: Secret
  /** When Azure accepted the write that set it (performance.now(), the runner's monotonic clock). */
  writeAcceptedAt?: number
}

/** Probes the guest after a reset that succeeded, and judges what it shows. */
export async function verifyReset(
  vm: ReadyVm,
  settings: Settings,
  expected: Expectation,
  deps: Deps
): Promise<Proof> {
  deps.log('Checking inside the guest through Run Command (verify)…')
  const { username, password, writeAcceptedAt } = expected
  const probed: PasswordProbeResult =
    username && password
      ? await probeWithPassword(
          settings.target,
          vm.location,
          { username, password },
          deps
        )
      : await probeGuest(deps.compute, settings.target, username, deps.signal)
  const answeredAt = performance.now()
  const { left } = probed
  if (left) deps.log(left)
  if ('unknown' in probed) {
    deps.log(`Not verified: ${probed.unknown}.`)
    return { verified: 'unknown', reason: probed.unknown }
  }
  const proof = proofOf(probed.facts, {
    target: settings.target,
    ...(username ? { username } : {}),
    passwordTried: password !== undefined,
    ...(writeAcceptedAt === undefined
      ? {}
      : { sinceWriteMs: answeredAt - writeAcceptedAt })
  })
  deps.log(`Verified in the guest: ${proof.verified}.`)
  return left ? { ...proof, runCommandLeft: left } : proof
}

/** The failure a proof makes of a reset that reported success; none unless a check failed. */
export function proofFailure(proof: Proof | undefined): AzureError | undefined {
  if (proof?.verified !== 'false') return undefined
  const failed = proof.checks.filter((c) => c.verdict === 'fail')
  const more =
    failed.length > 1
      ? ' The Proof section gives the next step for each check.'
      : ''
  return new AzureError(
    `The reset reported success, but the guest shows otherwise: ${failed.map((c) => c.says).join(' ')}`,
    `${failed[0]?.fix ?? 'Run the workflow again.'}${more}`,
    { code: 'VerificationFailed', change: 'applied-unverified' }
  )
}

// The checks whose failure shows the VM does not have this run's password.
const passwordChecks = new Set([
  'account-exists',
  'password-accepted',
  'password-set'
])

/**
 * True when the guest shows that the password itself did not change: the
 * account refused it, or its password is older than the write. A proof
 * that could not tell (a policy that denies the logon) is never that.
 */
export function passwordNotTaken(proof: Proof | undefined): boolean {
  return (
    proof?.verified === 'false' &&
    proof.checks.some(
      (c) => c.verdict === 'fail' && passwordChecks.has(c.check)
    )
  )
}
