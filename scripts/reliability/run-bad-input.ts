// Runs bad-input cases through dist/index.js against one shared emulator.
// They must send nothing, so one emulator serves them all; a request seen
// while a case ran is blamed on it only after a run of that case alone.
import {
  startEmulator,
  type Emulator,
  type LoggedRequest
} from '../../emulator/index.ts'
import { runStep, type StepResult } from '../runner.ts'
import type { BadInputCase } from './bad-input-case.ts'
import { validPassword } from './bad-input-case.ts'
import { debugEverything } from './debug-env.ts'
import type { CaseResult } from './case-result.ts'
import { createLimiter, type Limiter } from './limiter.ts'
import { describeHits, findSecrets, type NamedSecret } from './secret-scan.ts'
import { evidenceOf, htmlToText } from './step-view.ts'
import { withChanges } from './with-changes.ts'

/** One emulator and a limit on how many bad-input runs spawn at once. */
export interface BadInputBench {
  emulator: Emulator
  limiter: Limiter
}

/** The VM every bad-input case would reset if its inputs were accepted. */
const targetVm = 'vm-web-01'

/** Starts the emulator the bad-input cases share. */
export async function startBadInputBench(
  concurrency = 4
): Promise<BadInputBench> {
  return {
    emulator: await startEmulator(),
    limiter: createLimiter(concurrency)
  }
}

interface Attempt {
  step: StepResult
  inputs: Record<string, string>
  requests: LoggedRequest[]
  durationMs: number
}

/** Runs one case, judged against what a refusal must look like. */
export async function runBadInputCase(
  badInput: BadInputCase,
  bench: BadInputBench
): Promise<CaseResult> {
  let attempt = await bench.limiter.run(() => once(badInput, bench.emulator))
  if (attempt.requests.length > 0) {
    // Others ran at the same time: only a run alone says whose requests they were.
    attempt = await bench.limiter.runAlone(() => once(badInput, bench.emulator))
  }
  return judge(badInput, attempt, bench.emulator)
}

async function once(
  badInput: BadInputCase,
  emulator: Emulator
): Promise<Attempt> {
  const inputs = withChanges(
    { ...emulator.inputs(targetVm), password: validPassword },
    badInput.inputs
  )
  const startedAt = Date.now()
  const step = await runStep({
    inputs,
    env: { ...emulator.env(), ...debugEverything, ...badInput.env }
  })
  const endedAt = Date.now()
  const requests = emulator.requests.filter(
    (r) => r.at >= startedAt && r.at <= endedAt
  )
  return { step, inputs, requests, durationMs: endedAt - startedAt }
}

function judge(
  badInput: BadInputCase,
  attempt: Attempt,
  emulator: Emulator
): CaseResult {
  const { step, inputs, requests } = attempt
  const problems: string[] = []
  if (step.exitCode !== 1) {
    problems.push(`exit code ${String(step.exitCode)}, expected 1`)
  }
  if (step.outputs['status'] !== 'failed') {
    problems.push(
      `status output ${JSON.stringify(step.outputs['status'])}, expected "failed"`
    )
  }
  problems.push(...checkRefusals(badInput, step))
  if (requests.length > 0) {
    problems.push(
      `${requests.length} request(s) reached the emulator: ${requests
        .map((r) => `${r.method} ${r.operationId ?? r.path} → ${r.status}`)
        .join(', ')}`
    )
  }
  const hits = findSecrets(step, secretsOf(badInput, inputs, emulator))
  problems.push(...describeHits(hits).map((h) => `secret shown: ${h}`))
  return {
    catalogue: 'bad-input',
    name: badInput.name,
    ...(badInput.knownGap ? { knownGap: badInput.knownGap } : {}),
    behaviour: problems.length === 0 ? 'refused' : 'misbehaved',
    problems,
    requestsSent: requests.length,
    writesAfterFailedPreflight: requests.filter(
      (r) => r.method === 'PUT' || r.method === 'DELETE'
    ).length,
    secretHits: hits.length,
    evidence: evidenceOf(step),
    durationMs: attempt.durationMs,
    ...(badInput.notes ? { notes: badInput.notes } : {})
  }
}

/** Each refused input must be named, with its rule, in the message and the summary. */
function checkRefusals(badInput: BadInputCase, step: StepResult): string[] {
  const problems: string[] = []
  const message = step.outputs['message'] ?? ''
  const summary = htmlToText(step.summary)
  for (const { input, rule } of badInput.refuses) {
    const line = message.split('\n').find((l) => l.includes(`Input '${input}'`))
    if (line === undefined) {
      problems.push(`the message does not name input '${input}'`)
    } else if (!rule.test(line)) {
      problems.push(
        `the message about '${input}' does not state the rule ${String(rule)}: ${line}`
      )
    }
    if (!summary.includes(input) || !rule.test(summary)) {
      problems.push(
        `the summary does not name '${input}' with the rule ${String(rule)}`
      )
    }
  }
  return problems
}

function secretsOf(
  badInput: BadInputCase,
  inputs: Record<string, string>,
  emulator: Emulator
): NamedSecret[] {
  const given: NamedSecret[] = [
    { label: 'password', value: inputs['password'] ?? '' },
    { label: 'client-secret', value: inputs['client-secret'] ?? '' },
    { label: 'emulator client secret', value: emulator.clientSecret },
    ...emulator.issuedTokens.map((value, i) => ({
      label: `issued token #${i + 1}`,
      value
    })),
    ...(badInput.secrets ?? []).map((value, i) => ({
      label: `secret #${i + 1} of the case`,
      value
    }))
  ]
  return given.filter((s) => s.value.trim() !== '')
}
