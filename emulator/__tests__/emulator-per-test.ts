// Emulators that live for one test: started by the test, stopped after it,
// and held to the contract (no violations) whatever the test asserted.
import { startEmulator, type Emulator, type EmulatorOptions } from '../index.ts'

/** Registers the afterEach; `start` begins an emulator for this test. */
export function emulatorPerTest(): {
  start: (options?: EmulatorOptions) => Promise<Emulator>
} {
  let started: Emulator[] = []
  afterEach(async () => {
    const stopping = started
    started = []
    await Promise.all(stopping.map((e) => e.stop()))
    for (const e of stopping) expect(e.contractViolations).toEqual([])
  })
  return {
    start: async (options = {}) => {
      const emulator = await startEmulator(options)
      started.push(emulator)
      return emulator
    }
  }
}
