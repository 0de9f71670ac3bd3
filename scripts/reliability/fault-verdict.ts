// Pure: what a fault run did → the verdict, against the case's expectation.
import type { Emulator } from '../../emulator/index.ts'
import { vmChangeText, type VmChange } from '../../src/errors.ts'
import type { CaseResult } from './case-result.ts'
import {
  writes,
  type FailsCleanly,
  type FaultCase,
  type FaultRun,
  type Survives
} from './fault-case.ts'
import { checkProof, isOwnNotice } from './proof-verdict.ts'
import { describeHits, findSecrets, type NamedSecret } from './secret-scan.ts'
import { evidenceOf, summarySection } from './step-view.ts'

/** Judges one fault run: every broken expectation becomes a problem. */
export function judgeFault(
  fault: FaultCase,
  run: FaultRun,
  secrets: NamedSecret[],
  durationMs: number
): CaseResult {
  const { emulator, step } = run
  const notes: string[] = []
  const problems =
    fault.expect.outcome === 'survives'
      ? checkSurvived(fault, fault.expect, run, notes)
      : checkFailedCleanly(fault.expect, run)
  problems.push(...checkProof(fault.proof, step))
  problems.push(...checkFaultsHit(fault, emulator))
  problems.push(
    ...emulator.contractViolations.map((v) => `contract violation: ${v}`)
  )
  for (const check of fault.checks ?? []) problems.push(...check(run))
  const hits = findSecrets(step, secrets)
  problems.push(...describeHits(hits).map((h) => `secret shown: ${h}`))
  const foreign = foreignCommands(step.stdout)
  problems.push(
    ...foreign.map(
      (line) => `workflow command from server or guest text: ${line}`
    )
  )
  const isPreflight =
    fault.expect.outcome === 'fails' && fault.expect.stage !== 'write'
  return {
    catalogue: 'fault',
    name: fault.name,
    ...(fault.knownGap ? { knownGap: fault.knownGap } : {}),
    behaviour:
      problems.length > 0
        ? 'misbehaved'
        : fault.expect.outcome === 'survives'
          ? 'survived'
          : 'failed-cleanly',
    problems,
    requestsSent: 0,
    writesAfterFailedPreflight: isPreflight ? writes(emulator).length : 0,
    secretHits: hits.length,
    foreignCommands: foreign.length,
    evidence: evidenceOf(step),
    durationMs,
    ...(notes.length > 0 ? { notes } : {})
  }
}

function checkSurvived(
  fault: FaultCase,
  expect: Survives,
  { emulator, step, password }: FaultRun,
  notes: string[]
): string[] {
  const problems: string[] = []
  if (step.exitCode !== 0) {
    problems.push(`exit code ${String(step.exitCode)}, expected 0`)
  }
  if (step.outputs['status'] !== 'succeeded') {
    problems.push(
      `status output ${JSON.stringify(step.outputs['status'])}, expected "succeeded"`
    )
  }
  const username = step.outputs['username']
  if (
    username &&
    !emulator.passwordMatches(
      emulator.resourceGroup,
      fault.vm,
      username,
      password
    )
  ) {
    problems.push(`the password of '${username}' was not changed on the VM`)
  }
  if (expect.waits) problems.push(...checkWait(expect.waits, emulator, notes))
  return problems
}

/** The retry after a 429/409 must wait at least what Retry-After asked. */
function checkWait(
  waits: NonNullable<Survives['waits']>,
  emulator: Emulator,
  notes: string[]
): string[] {
  const { operationId, status, atLeastMs } = waits
  const calls = emulator.requests.filter((r) => r.operationId === operationId)
  const refused = calls.findIndex(
    (r) => r.status === status && r.fault !== undefined
  )
  const answer = calls[refused]
  const retry = calls[refused + 1]
  if (!answer || !retry) {
    return [`${operationId} was not retried after its ${status}`]
  }
  const waitedMs = retry.at - answer.at
  notes.push(`retried ${operationId} ${waitedMs} ms after the ${status}`)
  return waitedMs >= atLeastMs
    ? []
    : [
        `${operationId} was retried ${waitedMs} ms after the ${status}; Retry-After asked for at least ${atLeastMs} ms`
      ]
}

function checkFailedCleanly(
  expect: FailsCleanly,
  { emulator, step }: FaultRun
): string[] {
  const problems: string[] = []
  if (step.exitCode !== 1) {
    problems.push(
      `exit code ${String(step.exitCode)}${step.signal ? ` (killed by ${step.signal})` : ''}, expected 1`
    )
  }
  if (step.outputs['status'] !== 'failed') {
    problems.push(
      `status output ${JSON.stringify(step.outputs['status'])}, expected "failed"`
    )
  }
  const state = summarySection(step.summary, 'State of the VM')
  if (!state.includes(vmChangeText[expect.change])) {
    problems.push(
      `"State of the VM" should say "${vmChangeText[expect.change]}" but says "${state}"`
    )
  }
  for (const [change, text] of Object.entries(vmChangeText)) {
    if (change !== expect.change && state.includes(text)) {
      problems.push(
        `"State of the VM" also says the ${change as VmChange} sentence`
      )
    }
  }
  const next = summarySection(step.summary, 'Next steps')
  if (!next.includes(expect.nextStep)) {
    problems.push(`"Next steps" lacks "${expect.nextStep}": "${next}"`)
  }
  const wrong = `${summarySection(step.summary, 'What went wrong')}\n${step.outputs['message'] ?? ''}`
  if (
    expect.says !== undefined &&
    !(typeof expect.says === 'string'
      ? wrong.includes(expect.says)
      : expect.says.test(wrong))
  ) {
    problems.push(
      `"What went wrong" and the message lack ${String(expect.says)}`
    )
  }
  problems.push(...checkStage(expect, emulator))
  return problems
}

function checkStage(expect: FailsCleanly, emulator: Emulator): string[] {
  if (expect.stage === 'sign-in') {
    const arm = emulator.requests.filter((r) => r.service === 'arm')
    return arm.length === 0
      ? []
      : [
          `sign-in failed, yet ${arm.length} request(s) reached Resource Manager`
        ]
  }
  if (expect.stage === 'pre-flight') {
    const sent = writes(emulator)
    return sent.length === 0
      ? []
      : [
          `the pre-flight failed, yet ${sent.map((w) => `${w.method} ${w.operationId ?? ''}`).join(', ')} reached the VM`
        ]
  }
  return []
}

/** A fault that no request ever met proves nothing about the action. */
function checkFaultsHit(fault: FaultCase, emulator: Emulator): string[] {
  return (fault.faults ?? [])
    .filter(
      (f) =>
        !emulator.requests.some(
          (r) => r.operationId === f.operationId && r.fault !== undefined
        )
    )
    .map((f) => `the injected ${f.operationId} fault was never hit`)
}

// The commands the action issues itself: masks, debug lines, the failure.
const ownCommands = new Set(['add-mask', 'debug', 'error'])

/**
 * The stdout lines a runner would run as workflow commands that the action
 * did not issue: any other command (a notice only as the action words its
 * own), or the hostile text's own mask. (The action's debug, error and
 * notice lines carry text escaped, %0A for a newline.)
 */
export function foreignCommands(stdout: string): string[] {
  return stdout.split(/\r?\n/).filter((line) => {
    const command = /^\s*(?:::([A-Za-z-]+)|##\[([A-Za-z-]+))/.exec(line)
    if (!command) return false
    const name = command[1] ?? command[2] ?? ''
    if (name === 'notice') return !isOwnNotice(line)
    return !ownCommands.has(name) || /^\s*::add-mask::VMAccess\s*$/.test(line)
  })
}
