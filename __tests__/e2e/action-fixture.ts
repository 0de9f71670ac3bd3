// Runs the bundled action against a fresh emulator, as a runner would.
import { startEmulator, type Emulator } from '../../emulator/index.ts'
import {
  describeHits,
  findSecrets
} from '../../scripts/reliability/secret-scan.ts'
import { runStep, type StepResult } from '../../scripts/runner.ts'

/** A password that passes Azure's rules; the tests look for it in logs. */
export const newPassword = 'Rotated-Passw0rd!e2e-7431'

/**
 * A fresh emulator for every test of a describe block, so that no test
 * depends on another's changes; its contract must hold after each test.
 * Returns the current test's emulator.
 */
export function freshEmulatorPerTest(
  options?: Parameters<typeof startEmulator>[0]
): () => Emulator {
  let current: Emulator | undefined
  beforeEach(async () => {
    current = await startEmulator(options)
  })
  afterEach(async () => {
    await current?.stop()
    expect(current?.contractViolations).toEqual([])
  })
  return () => {
    if (!current) throw new Error('the emulator exists only inside a test')
    return current
  }
}

/** Debug logging as loud as a user can make it. */
export const debugEverything = {
  RUNNER_DEBUG: '1',
  ACTIONS_STEP_DEBUG: 'true',
  AZURE_LOG_LEVEL: 'verbose'
}

/** Where any of `secrets` shows, in any form a person could read; [] when nowhere. */
export function leaks(step: StepResult, secrets: string[]): string[] {
  const named = secrets.map((value, i) => ({ label: `secret #${i}`, value }))
  return describeHits(findSecrets(step, named))
}

/** Starts an emulator for one test file (call in beforeAll). */
export async function startTestEmulator(
  scenario?: Parameters<typeof startEmulator>[0]
): Promise<Emulator> {
  return startEmulator(scenario)
}

/** Runs dist/index.js against `emulator` for `vmName` with extra inputs. */
export async function runAction(
  emulator: Emulator,
  vmName: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<StepResult> {
  return runStep({
    inputs: { ...emulator.inputs(vmName), ...inputs },
    env: { ...emulator.env(), ...env }
  })
}

/**
 * vm-web-01's VMAccess (myVMAccess in the default scenario) was removed and
 * re-applied, verify's Run Command came and went, and its admin azureadmin
 * now has newPassword.
 */
export function expectPasswordReapplied(emulator: Emulator): void {
  expect(writesTo(emulator, 'vm-web-01')).toEqual([
    'DELETE /virtualMachines/vm-web-01/extensions/myVMAccess',
    'PUT /virtualMachines/vm-web-01/extensions/myVMAccess',
    ...runCommandWrites('vm-web-01')
  ])
  expect(
    emulator.passwordMatches('rg-demo', 'vm-web-01', 'azureadmin', newPassword)
  ).toBe(true)
}

/**
 * The DELETE and PUT requests the emulator received for `vmName`; the
 * random part of a Run Command this action named is shown as <random>.
 */
export function writesTo(emulator: Emulator, vmName: string): string[] {
  return emulator.requests
    .filter(
      (r) =>
        r.service === 'arm' && (r.method === 'PUT' || r.method === 'DELETE')
    )
    .filter((r) => r.path.includes(`/virtualMachines/${vmName}`))
    .map((r) =>
      `${r.method} ${r.path.slice(r.path.indexOf('/virtualMachines/'))}`.replace(
        /(runCommands\/azure-vm-access-reset-)[0-9a-f]+/,
        '$1<random>'
      )
    )
}

/** The scripts the guest of `vmName` ran, by the name on their first line. */
export function scriptsRunOn(emulator: Emulator, vmName: string): string[] {
  return emulator.runCommandLog
    .filter((r) => r.vm === vmName)
    .map(
      (r) => /(verify|set-access)\/\d+/.exec(r.script.join('\n'))?.[0] ?? '?'
    )
}

/** The PUT and DELETE of a managed Run Command of this action (verify after a password reset, set-access). */
export function runCommandWrites(vmName: string): string[] {
  const path = `/virtualMachines/${vmName}/runCommands/azure-vm-access-reset-<random>`
  return [`PUT ${path}`, `DELETE ${path}`]
}
