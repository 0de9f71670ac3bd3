// One emulator for a whole test file, where every test works on VMs of its
// own: started once (a start costs a CA, a certificate and two signing keys),
// stopped after the file, and held to the contract after every test.
import { startEmulator, type Emulator, type EmulatorOptions } from '../index.ts'

/** Registers the hooks; the returned function gives the running emulator. */
export function emulatorPerFile(
  options: () => EmulatorOptions
): () => Emulator {
  let emulator: Emulator | undefined
  beforeAll(async () => {
    emulator = await startEmulator(options())
  })
  afterEach(() => {
    expect(emulator?.contractViolations).toEqual([])
  })
  afterAll(async () => {
    await emulator?.stop()
  })
  return () => {
    if (!emulator) throw new Error('the emulator has not started')
    return emulator
  }
}

/** The ARM id of a VM in rg-demo, for a denial scoped to it. */
export function vmScope(subscriptionId: string, vmName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/${vmName}`
}
