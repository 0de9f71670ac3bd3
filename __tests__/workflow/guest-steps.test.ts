// The guest's steps in-process, with the real Compute client against the
// emulator, where a test needs a short budget or a cancel at a set moment:
// a probe that never answers, and a domain controller's Run Command that is
// cancelled while its script runs (it is deleted all the same).
import { resolveCloud } from '../../src/clouds.ts'
import type { Deps } from '../../src/operation.ts'
import { Secret } from '../../src/secret.ts'
import type { Settings } from '../../src/settings.ts'
import { resetPassword, resetRdp } from '../../src/vm-access/index.ts'
import { runOnVm } from '../../src/vm-workflow.ts'
import { computeClient } from '../../emulator/__tests__/sdk-clients.ts'
import {
  scenario,
  startEmulator,
  vmRecipes,
  type Emulator
} from '../../emulator/index.ts'

const password = 'Zebra-Quartz-Kettle-42'
let emulator: Emulator

beforeEach(async () => {
  emulator = await startEmulator({
    scenario: scenario()
      .everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))
      .vm('vm-slow-guest', (vm) => vm.runCommandNeverEnds())
      .vm('vm-dc-slow', (vm) =>
        vmRecipes.domainControllerRefused(vm).runCommandTakes(60_000)
      )
      .build()
  })
})
afterEach(async () => {
  await emulator.stop()
  expect(emulator.contractViolations).toEqual([])
})

function settingsFor(
  vmName: string,
  mode: Settings['mode'],
  domainController: Settings['guest']['domainController'] = 'run-command'
): Settings {
  return {
    auth: { kind: 'azure-cli' },
    mode,
    target: {
      subscriptionId: emulator.subscriptionId,
      resourceGroup: 'rg-demo',
      vmName
    },
    cloud: resolveCloud('AzureCloud', emulator.armUrl),
    extension: {},
    timeoutMs: 60_000,
    guest: { verify: true, domainController },
    diagnose: {
      rdpPort: 3389,
      sourceAddress: 'Internet',
      failOnFindings: false,
      onFailure: false,
      guest: true
    }
  }
}

function deps(signal: AbortSignal, lines: string[] = []): Deps {
  return {
    compute: computeClient(emulator),
    signal,
    wrapUp: new AbortController().signal,
    log: (line) => lines.push(line),
    failureContext: () => ({
      target: settingsFor('vm-web-01', { kind: 'reset-rdp' }).target,
      timeoutMinutes: 1,
      stopReason: signal.aborted ? 'timeout' : undefined
    })
  }
}

it('a probe that never answers leaves the proof unknown at the budget; the reset still counts', async () => {
  // The budget runs out once the probe is sent: after the reset however slow
  // the machine, and while the probe waits, for its script never ends.
  const budget = new AbortController()
  const running = runOnVm(
    settingsFor('vm-slow-guest', { kind: 'reset-rdp' }, 'refuse'),
    resetRdp,
    deps(budget.signal)
  )
  await waitUntil(
    () =>
      emulator.requests.some(
        (r) => r.operationId === 'VirtualMachines_RunCommand' && r.status < 300
      ),
    running
  )
  budget.abort(new DOMException('timeout-minutes ran out', 'TimeoutError'))

  const outcome = await running

  expect(outcome.status).toBe('succeeded')
  expect(outcome.proof).toEqual({
    verified: 'unknown',
    reason: expect.stringContaining(
      'did not answer before the run stopped'
    ) as string
  })
})

it('a cancel while the set-access script runs still deletes the Run Command, and says the outcome is unknown', async () => {
  const cancel = new AbortController()
  const lines: string[] = []
  const running = runOnVm(
    settingsFor('vm-dc-slow', {
      kind: 'reset-password',
      password: new Secret(password)
    }),
    resetPassword,
    deps(cancel.signal, lines)
  )
  await waitUntil(
    () =>
      emulator.requests.some(
        (r) =>
          r.operationId === 'VirtualMachineRunCommands_CreateOrUpdate' &&
          r.status < 300
      ),
    running
  )
  cancel.abort()

  const outcome = await running

  expect(outcome.status).toBe('failed')
  expect(outcome.error?.change).toBe('script-unknown')
  expect(
    emulator.requests.filter(
      (r) => r.operationId === 'VirtualMachineRunCommands_Delete'
    ).length
  ).toBeGreaterThan(0)
  expect(emulator.runCommandResources('rg-demo', 'vm-dc-slow')).toEqual([])
  expect(lines.join('\n')).not.toContain(password)
})

/** Waits until `condition` holds however long that takes; fails at once if `run` ends first. */
async function waitUntil(
  condition: () => boolean,
  run: Promise<unknown>
): Promise<void> {
  let ended = false
  const end = (): void => void (ended = true)
  run.then(end, end)
  while (!condition()) {
    if (ended) throw new Error('the run ended before the condition held')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
