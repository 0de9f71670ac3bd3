// Starts an emulator for the bench: the default fixture's vm-web-01 with a
// fixed server-side delay profile, or a domain controller beside it.
import { scenario, startEmulator, vmRecipes } from '../../emulator/index.ts'
import type { BenchServer, Route } from './measure-run.ts'
import type { DelayProfile, DiagnoseShape } from './minimum.ts'
import type { WireLog } from './wire-log.ts'

// Running Windows, agent ready, VMAccess under the custom name myVMAccess:
// every reset deletes one extension and puts one back.
const vmName = 'vm-web-01'
// VMAccess has already refused it (vmRecipes.domainControllerRefused), so
// pre-flight knows it for a domain controller and the reset asks nothing
// first: a managed Run Command PUT, its instance view, its DELETE.
const domainControllerName = 'vm-dc-bench'
/** Deallocated, with the default network (one NIC, a Standard static IP, a NIC NSG): diagnose sends it no probe. */
export const deallocatedName = 'vm-stopped-bench'
/** The VMs the diagnose runs read, and what each is: the fixture's network defaults. */
export const diagnoseTargets = {
  healthy: { vmName, shape: { running: true, nics: 1, publicIps: 1 } },
  deallocated: {
    vmName: deallocatedName,
    shape: { running: false, nics: 1, publicIps: 1 }
  }
} as const satisfies Record<string, { vmName: string; shape: DiagnoseShape }>

/**
 * Starts an emulator whose vm-web-01 (or, for `run-command`, a domain
 * controller) takes `profile`, and that sends `retryAfterSeconds` (0: none).
 */
export async function startBenchServer(
  profile: DelayProfile,
  retryAfterSeconds: number,
  wire: WireLog,
  route: Route = 'vm-access'
): Promise<BenchServer> {
  const emulator = await startEmulator({
    scenario: scenario()
      // Compute's per-VM budgets (Update VM: 12, 4 a minute) would be spent
      // by the fourth back-to-back reset of one VM, three updates each, and
      // the pacer's 15 s waits measured instead of the action. ARM's
      // subscription budgets and their headers stay.
      .throttling({
        computeUpdate: false,
        computeLowCostGet: false,
        computeGetOperation: false
      })
      .vm(vmName, (vm) =>
        vm
          .deleteTakes(profile.deleteMs)
          .extensionTakes(profile.extensionMs)
          .runCommandTakes(profile.runCommandMs)
      )
      .vm(domainControllerName, (vm) =>
        vmRecipes
          .domainControllerRefused(vm)
          .runCommandTakes(profile.runCommandMs)
      )
      .vm(deallocatedName, (vm) => vm.deallocated()),
    retryAfterSeconds
  })
  return {
    emulator,
    wire,
    retryAfterSeconds,
    profile,
    vmName: route === 'vm-access' ? vmName : domainControllerName,
    route
  }
}
