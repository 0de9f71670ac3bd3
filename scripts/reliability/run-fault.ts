// Runs one fault case end to end: its own emulator with the scenario and
// faults queued, dist/index.js with debug logging on, then the verdict.
import { scenario, startEmulator, type Emulator } from '../../emulator/index.ts'
import { runStep } from '../runner.ts'
import type { CaseResult } from './case-result.ts'
import { debugEverything } from './debug-env.ts'
import { faultPassword, type FaultCase, type FaultRun } from './fault-case.ts'
import { judgeFault } from './fault-verdict.ts'
import type { NamedSecret } from './secret-scan.ts'
import { withChanges } from './with-changes.ts'

/** Runs one fault case against a fresh emulator and judges it. */
export async function runFaultCase(fault: FaultCase): Promise<CaseResult> {
  const emulator = await startEmulator({
    scenario: fault.scenario ? fault.scenario(scenario()) : 'default'
  })
  try {
    for (const f of fault.faults ?? []) {
      emulator.faults.add(f.operationId, f.fault)
    }
    const inputs = withChanges(
      { ...emulator.inputs(fault.vm), password: faultPassword },
      fault.inputs?.(emulator)
    )
    const env = withChanges(
      { ...emulator.env(fault.envOptions), ...debugEverything },
      await fault.env?.(emulator)
    )
    const startedAt = Date.now()
    const step = await runStep({
      inputs,
      env,
      ...(fault.cancel ? { cancel: fault.cancel(emulator) } : {})
    })
    const durationMs = Date.now() - startedAt
    const stored = storedPasswords(emulator, fault.rotatedSecret)
    const run: FaultRun = {
      emulator,
      step,
      password: stored.at(-1) ?? faultPassword,
      env
    }
    const secrets = [
      ...secretsOf(emulator, inputs, env),
      ...stored.map((value, i) => ({
        label: `generated password #${i + 1}`,
        value
      }))
    ]
    return judgeFault(fault, run, secrets, durationMs)
  } finally {
    await emulator.stop()
  }
}

/** The passwords a rotation stored in Key Vault, oldest first. */
function storedPasswords(
  emulator: Emulator,
  secretName: string | undefined
): string[] {
  if (secretName === undefined) return []
  return emulator
    .secretVersions(secretName)
    .map((v) => emulator.secretValue(secretName, v.version))
}

function secretsOf(
  emulator: Emulator,
  inputs: Record<string, string>,
  env: Record<string, string>
): NamedSecret[] {
  const secrets: NamedSecret[] = [
    { label: 'password', value: inputs['password'] ?? '' },
    { label: 'client-secret input', value: inputs['client-secret'] ?? '' },
    { label: 'client secret', value: emulator.clientSecret },
    {
      label: 'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      value: env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] ?? ''
    },
    ...emulator.issuedTokens.map((value, i) => ({
      label: `issued token #${i + 1}`,
      value
    }))
  ]
  return secrets.filter((s) => s.value.trim() !== '')
}
