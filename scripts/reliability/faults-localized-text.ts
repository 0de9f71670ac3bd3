// Text from a localized guest: a failure message in Japanese, 3 bytes a
// character in UTF-8, long enough that counting characters would let the
// summary and the outputs pass GitHub's limits (a summary over 1 MiB is
// dropped; a job's outputs are limited to 1 MB).
import type { FaultCase, FaultRun } from './fault-case.ts'

/** GitHub's limits, in bytes (the job summary, and all outputs of a job). */
const summaryLimitBytes = 1024 * 1024
const outputsLimitBytes = 1_000_000

// About 1.5 MB of UTF-8 in 520,000 characters: under both limits by
// character count, over both by bytes.
const japanese =
  'パスワードはパスワードポリシーの要件を満たしていません。'.repeat(20_000)

/** The summary and the outputs stay under GitHub's limits, counted in bytes. */
function withinGitHubLimits({ step }: FaultRun): string[] {
  const summary = Buffer.byteLength(step.summary, 'utf8')
  const outputs = Object.values(step.outputs).reduce(
    // GitHub approximates an output's size in UTF-16: count the larger.
    (sum, value) =>
      sum + Math.max(Buffer.byteLength(value, 'utf8'), 2 * value.length),
    0
  )
  return [
    ...(summary < summaryLimitBytes
      ? []
      : [`the summary is ${summary} bytes, over GitHub's 1 MiB`]),
    ...(outputs < outputsLimitBytes
      ? []
      : [`the outputs are ${outputs} bytes, over GitHub's 1 MB`])
  ]
}

/** A localized guest's long failure. */
export const localizedTextCases: FaultCase[] = [
  {
    name: "the guest's failure is 1.5 MB of Japanese text",
    vm: 'vm-web-01',
    scenario: (s) => s.vm('vm-web-01', (vm) => vm.extensionFails(japanese)),
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-failed',
      says: 'パスワードはパスワードポリシーの要件を満たしていません。',
      nextStep: 'read the VMAccess logs in the guest'
    },
    checks: [withinGitHubLimits]
  }
]
