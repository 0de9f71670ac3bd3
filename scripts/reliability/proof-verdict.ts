// Pure: what a fault run showed of the check inside the guest (verify),
// against what the case expects: the verified output, the summary's Proof
// section, and the one notice a reset that counts but was not checked gets.
import type { StepResult } from '../runner.ts'
import { summarySection } from './step-view.ts'

/** What the check in the guest must have shown. */
export interface ProofExpectation {
  verified: 'true' | 'false' | 'unknown'
  /** A phrase the summary's Proof section must contain, as the reader sees it. */
  says?: string
  /** A phrase the step's notice must contain; without it, the step gives no notice. */
  notice?: string
}

/** What the Proof section says of a reset that counts but was not checked. */
const resetCounts = 'The reset itself counts'

/** The problems a run shows against `expected`; none when nothing is expected. */
export function checkProof(
  expected: ProofExpectation | undefined,
  step: StepResult
): string[] {
  if (!expected) return []
  const problems: string[] = []
  const verified = step.outputs['verified']
  if (verified !== expected.verified) {
    problems.push(
      `verified output ${JSON.stringify(verified)}, expected "${expected.verified}"`
    )
  }
  const proof = summarySection(step.summary, 'Proof')
  const says = [
    ...(expected.says === undefined ? [] : [expected.says]),
    // An unchecked reset that succeeded still counts, and the reader is told.
    ...(expected.verified === 'unknown' &&
    step.outputs['status'] === 'succeeded'
      ? [resetCounts]
      : [])
  ]
  for (const phrase of says.filter((p) => !proof.includes(p))) {
    problems.push(`the Proof section lacks "${phrase}": "${proof}"`)
  }
  problems.push(...checkNotice(expected.notice, noticesOf(step.stdout)))
  return problems
}

function checkNotice(
  expected: string | undefined,
  notices: string[]
): string[] {
  if (expected === undefined) {
    return notices.map((n) => `an unexpected notice: "${n}"`)
  }
  return notices.some((n) => n.includes(expected))
    ? []
    : [
        `no notice says "${expected}"${notices.length > 0 ? `: ${notices.map((n) => `"${n}"`).join(', ')}` : ''}`
      ]
}

/** The text of each `::notice::` line, as the runner displays it. */
export function noticesOf(stdout: string): string[] {
  return stdout.split(/\r?\n/).flatMap((line) => {
    const notice = /^::notice(?: [^:]*)?::(.*)$/.exec(line)
    if (!notice) return []
    return [
      (notice[1] ?? '')
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%')
    ]
  })
}

/**
 * The notices the action gives itself: a reset that counts but could not be
 * checked (src/guest/report.ts unverifiedNotice), for one VM or several.
 */
export function isOwnNotice(line: string): boolean {
  return /^::notice::(?:\d+ VM\(s\): )?Not verified inside the guest: /.test(
    line
  )
}
