// Runs the bundled action against a fresh emulator, as a runner would.
import { startEmulator, type Emulator } from '../../emulator/index.ts'
import { runStep, type StepResult } from '../../scripts/runner.ts'

/** A password that passes Azure's rules; the tests look for it in logs. */
export const newPassword = 'Rotated-Passw0rd!e2e-7431'

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

/** The DELETE and PUT requests the emulator received for `vmName`. */
export function writesTo(emulator: Emulator, vmName: string): string[] {
  return emulator.requests
    .filter(
      (r) =>
        r.service === 'arm' && (r.method === 'PUT' || r.method === 'DELETE')
    )
    .filter((r) => r.path.includes(`/virtualMachines/${vmName}`))
    .map(
      (r) => `${r.method} ${r.path.slice(r.path.indexOf('/virtualMachines/'))}`
    )
}
