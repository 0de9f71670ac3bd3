// Inside the guest, through Run Command: the proof that a reset took
// (verify), the question whether a VM is a domain controller (route.ts), and
// the domain controller's route (set-access). The rest of src/ enters here.
import { AzureError } from '../errors.ts'
import type { Deps } from '../operation.ts'
import type { Settings } from '../settings.ts'
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
  verifiedOf
} from './report.ts'

/** Probes the guest after a reset that succeeded, and judges what it shows. */
export async function verifyReset(
  settings: Settings,
  expected: { username?: string; startedAt: number },
  deps: Deps
): Promise<Proof> {
  deps.log('Checking inside the guest through Run Command (verify)…')
  const probed = await probeGuest(
    deps.compute,
    settings.target,
    expected.username,
    deps.signal
  )
  if ('unknown' in probed) {
    deps.log(`Not verified: ${probed.unknown}.`)
    return { verified: 'unknown', reason: probed.unknown }
  }
  const proof = proofOf(probed.facts, { target: settings.target, ...expected })
  deps.log(`Verified in the guest: ${proof.verified}.`)
  return proof
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

/** True when the guest shows that the password itself did not change. */
export function passwordNotTaken(proof: Proof | undefined): boolean {
  return (
    proof?.verified === 'false' &&
    proof.checks.some(
      (c) =>
        c.verdict === 'fail' &&
        (c.check === 'password-set' || c.check === 'account-exists')
    )
  )
}
