// Pure: the proof as outputs (verified, verification) and as the summary's
// "Proof" section, one line per check; every guest value escaped.
import { escapeHtml } from '../markup.ts'
import type { Proof } from './proof.ts'

/** Why there is no proof when the guest was not asked. */
export type NoProof = 'verify-off' | 'not-reset' | 'read-only'

const noProofReasons: Record<NoProof, string> = {
  'verify-off': 'verify: false',
  'read-only': 'mode diagnose changes nothing, so there is no reset to prove',
  'not-reset': 'the reset did not succeed, so the guest was not checked'
}

/** The verified output: true, false or unknown. */
export function verifiedOf(proof: Proof | undefined): Proof['verified'] {
  return proof?.verified ?? 'unknown'
}

/** The verification output: every check and its value, or why there are none. */
export function verificationJson(
  proof: Proof | undefined,
  none: NoProof
): string {
  if (!proof) {
    return JSON.stringify({ verified: 'unknown', reason: noProofReasons[none] })
  }
  if ('reason' in proof) return JSON.stringify(proof)
  return JSON.stringify({
    verified: proof.verified,
    guestTime: proof.guestTime,
    domainRole: proof.domainRole,
    checks: proof.checks.map(({ check, verdict, value }) => ({
      check,
      verdict,
      value
    }))
  })
}

/** Why the guest could not prove the reset, in one line; undefined when it could. */
export function whyUnverified(proof: Proof | undefined): string | undefined {
  if (proof?.verified !== 'unknown') return undefined
  if ('reason' in proof) return proof.reason
  return proof.checks
    .filter((c) => c.verdict === 'unknown')
    .map((c) => c.says.replace(/\.$/, ''))
    .join('; ')
}

/** The one-line notice of a reset that counts but could not be checked. */
export function unverifiedNotice(reason: string): string {
  return `Not verified inside the guest: ${reason}. The reset itself counts; fix the cause, or set verify: false to skip the check.`
}

const marks = { pass: '✅', fail: '❌', warn: '⚠️', unknown: '❔' } as const

/** The summary's Proof section (HTML), or '' when the guest was not asked. */
export function renderProof(proof: Proof | undefined): string {
  if (!proof) return ''
  if ('reason' in proof) {
    return `<h3>Proof</h3>\n<p>ℹ️ ${escapeHtml(unverifiedNotice(proof.reason))}</p>`
  }
  const items = proof.checks.map((c) => {
    const fix = c.verdict === 'pass' || !c.fix ? '' : ` ${c.fix}`
    return `<li>${marks[c.verdict]} ${escapeHtml(`${c.says}${fix}`)}</li>`
  })
  const verdict = {
    true: 'The guest shows the reset.',
    false: 'The guest does not show the reset in full.',
    unknown:
      'The guest shows no check failed, but could not tell whether the password took.'
  }[proof.verified]
  const left = proof.runCommandLeft
    ? `\n<p>⚠️ ${escapeHtml(proof.runCommandLeft)}</p>`
    : ''
  return `<h3>Proof</h3>\n<p>${escapeHtml(`${verdict} Checked inside the guest through Run Command at ${proof.guestTime} (guest clock).`)}</p>\n<ul>\n${items.join('\n')}\n</ul>${left}`
}
