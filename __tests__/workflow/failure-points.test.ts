// Every point where the DELETE → poll → PUT → poll sequence can fail, and
// the state of the VM the run then reports: it must be the truth.
import { resolveCloud } from '../../src/clouds.ts'
import type { VmChange } from '../../src/errors.ts'
import type { Deps } from '../../src/operation.ts'
import { Secret } from '../../src/secret.ts'
import type { Settings } from '../../src/settings.ts'
import { resetPassword } from '../../src/vm-access/index.ts'
import { runOnVm } from '../../src/vm-workflow.ts'
import { computeClient } from '../../emulator/__tests__/sdk-clients.ts'
import {
  scenario,
  startEmulator,
  type Emulator,
  type Fault
} from '../../emulator/index.ts'
import { quietGuest } from '../unit/quiet-guest.ts'

const password = 'Failure-Point-Passw0rd!7'
const refused: Fault = {
  status: 400,
  code: 'BadRequest',
  message: 'The request is invalid.',
  times: 1
}
const pollDenied: Fault = {
  status: 403,
  code: 'AuthorizationFailed',
  message:
    "The client does not have authorization to perform action 'Microsoft.Compute/locations/operations/read'.",
  times: 1
}

interface FailurePoint {
  name: string
  vm: string
  /** The guest is still at work whenever the run looks: its VMAccess run never ends. */
  guestBusy?: true
  fault?: [operationId: string, fault: Fault]
  change: VmChange | 'succeeded'
}

const points: FailurePoint[] = [
  {
    name: 'Azure refuses the DELETE',
    vm: 'vm-web-01',
    fault: ['VirtualMachineExtensions_Delete', refused],
    change: 'none'
  },
  {
    name: 'the DELETE was accepted and its poll is denied',
    vm: 'vm-web-01',
    fault: ['Operations_Get', pollDenied],
    change: 'extension-removed'
  },
  {
    name: 'the DELETE is done and Azure refuses the PUT',
    vm: 'vm-web-01',
    fault: ['VirtualMachineExtensions_CreateOrUpdate', refused],
    change: 'extension-removed'
  },
  {
    name: 'the PUT was accepted and its poll is denied while the guest works',
    vm: 'vm-no-vmaccess',
    guestBusy: true,
    fault: ['Operations_Get', pollDenied],
    change: 'extension-unknown'
  },
  {
    name: 'the PUT was accepted, its poll is denied, and the extension shows it succeeded',
    vm: 'vm-no-vmaccess',
    fault: ['Operations_Get', pollDenied],
    change: 'succeeded'
  },
  {
    name: 'the guest refuses the password',
    vm: 'vm-ext-fails',
    change: 'extension-failed'
  }
]

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.stop()
  expect(emulator?.contractViolations).toEqual([])
})

function settingsFor(e: Emulator, vmName: string): Settings {
  return {
    auth: { kind: 'azure-cli' },
    mode: { kind: 'reset-password', password: new Secret(password) },
    target: {
      subscriptionId: e.subscriptionId,
      resourceGroup: 'rg-demo',
      vmName
    },
    cloud: resolveCloud('AzureCloud', e.armUrl),
    extension: {},
    timeoutMs: 60_000,
    ...quietGuest
  }
}

describe.each(points)('when $name', ({ vm, guestBusy, fault, change }) => {
  it(`reports ${change}`, async () => {
    emulator = await startEmulator({
      scenario: scenario().everyVm((v) => {
        v.deleteTakes(0)
        return guestBusy ? v.extensionNeverEnds() : v.extensionTakes(0)
      })
    })
    if (fault) emulator.faults.add(...fault)
    const deps: Deps = {
      compute: computeClient(emulator),
      signal: AbortSignal.timeout(30_000),
      wrapUp: new AbortController().signal,
      log: () => undefined,
      failureContext: () => ({
        target: settingsFor(emulator as Emulator, vm).target,
        timeoutMinutes: 1
      })
    }

    const outcome = await runOnVm(
      settingsFor(emulator, vm),
      resetPassword,
      deps
    )

    expect(outcome.error?.change ?? outcome.status).toBe(change)
  })
})
