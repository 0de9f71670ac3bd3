// Compute's 409 "another operation is in progress" on a VMAccess write, for
// longer than the action waits for one VM, through the run's own client
// (its retries and pace): the VM's run ends with the truth about its state.
import { ComputeManagementClient } from '@azure/arm-compute'
import { armClientOptions } from '../../src/arm-client.ts'
import { resolveCloud } from '../../src/clouds.ts'
import type { VmChange } from '../../src/errors.ts'
import { createPacer } from '../../src/pacing.ts'
import { Secret } from '../../src/secret.ts'
import type { Settings } from '../../src/settings.ts'
import { resetPassword } from '../../src/vm-access/index.ts'
import { runOnVm } from '../../src/vm-workflow.ts'
import { oidcCredential } from '../../emulator/__tests__/sdk-clients.ts'
import { scenario, startEmulator, type Emulator } from '../../emulator/index.ts'
import { quietGuest } from '../unit/quiet-guest.ts'

// timeout-minutes of 5 s: one VM is waited for 1 s (a fifth).
const timeoutMs = 5000
let emulator: Emulator

beforeEach(async () => {
  emulator = await startEmulator({
    scenario: scenario().everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))
  })
})
afterEach(async () => {
  await emulator.stop()
  expect(emulator.contractViolations).toEqual([])
})

function settingsFor(vmName: string): Settings {
  return {
    auth: { kind: 'azure-cli' },
    mode: {
      kind: 'reset-password',
      password: new Secret('Busy-Vm-Passw0rd!42')
    },
    target: {
      subscriptionId: emulator.subscriptionId,
      resourceGroup: 'rg-demo',
      vmName
    },
    cloud: resolveCloud('AzureCloud', emulator.armUrl),
    extension: {},
    timeoutMs,
    ...quietGuest
  }
}

/** The run's Compute client, as arm-client.ts builds it, trusting the emulator's CA. */
function runClient(settings: Settings): ComputeManagementClient {
  return new ComputeManagementClient(
    oidcCredential(emulator),
    emulator.subscriptionId,
    {
      ...armClientOptions(settings, createPacer()),
      tlsOptions: { ca: emulator.caPem }
    }
  )
}

it.each([
  ['VirtualMachineExtensions_Delete', 'DELETE', 'none'],
  ['VirtualMachineExtensions_CreateOrUpdate', 'PUT', 'extension-removed']
] as const)(
  'a %s (%s) that stays busy ends the VM’s run, leaving it %s, and names the wait',
  async (operationId, method, change: VmChange) => {
    emulator.faults.add(operationId, {
      status: 409,
      code: 'Conflict',
      message: `Operation '${method}' is not allowed on VM extension 'myVMAccess' since another operation is in progress.`,
      retryAfterSeconds: 1,
      times: 100
    })
    const settings = settingsFor('vm-web-01')

    const outcome = await runOnVm(settings, resetPassword, {
      compute: runClient(settings),
      signal: AbortSignal.timeout(60_000),
      wrapUp: new AbortController().signal,
      log: () => undefined,
      failureContext: () => ({
        target: settings.target,
        timeoutMinutes: timeoutMs / 60_000
      })
    })

    expect(outcome.status).toBe('failed')
    expect(outcome.error?.change).toBe(change)
    expect(outcome.error?.message).toContain(
      "VM 'vm-web-01' stayed busy with another operation or Run Command script: Azure still answered 409 Conflict after the action had waited 1 s for it"
    )
    expect(
      emulator.requests.filter(
        (r) => r.operationId === operationId && r.status === 409
      ).length
    ).toBeGreaterThan(1)
  }
)
