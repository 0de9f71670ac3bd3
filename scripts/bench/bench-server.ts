// Starts an emulator for the bench: the default fixture's vm-web-01 with a
// fixed server-side delay profile.
import { scenario, startEmulator } from '../../emulator/index.ts'
import type { BenchServer } from './measure-run.ts'
import type { DelayProfile } from './minimum.ts'
import type { WireLog } from './wire-log.ts'

// Running Windows, agent ready, VMAccess under the custom name myVMAccess:
// every reset deletes one extension and puts one back.
const vmName = 'vm-web-01'

/** Starts an emulator whose vm-web-01 takes `profile` and that sends `retryAfterSeconds` (0: none). */
export async function startBenchServer(
  profile: DelayProfile,
  retryAfterSeconds: number,
  wire: WireLog
): Promise<BenchServer> {
  const emulator = await startEmulator({
    scenario: scenario().vm(vmName, (vm) =>
      vm.deleteTakes(profile.deleteMs).extensionTakes(profile.extensionMs)
    ),
    retryAfterSeconds
  })
  return { emulator, wire, retryAfterSeconds, profile, vmName }
}
