// GitHub's cancel, signal for signal: SIGINT, SIGTERM 7.5 s later, SIGKILL
// 2.5 s after that. The action must have written its outputs and summary,
// told each VM's state truthfully and left Key Vault in a state the next run
// repairs from the VM's record, before the runner needs its second signal.
// No proof rests on a clock: the VM holds its VMAccess run until the test
// releases it, and the cancel goes when the emulator has seen the PUT.
import { scenario, vmRecipes, type Emulator } from '../../emulator/index.ts'
import { runStep, type StepResult } from '../../scripts/runner.ts'
import { defaultSecretName } from '../../src/rotation/tags.ts'
import {
  freshEmulatorPerTest,
  leaks,
  newPassword,
  writesTo
} from './action-fixture.ts'

const rg = 'rg-demo'
const secretName = defaultSecretName({
  subscriptionId: scenario().build().subscription.id,
  resourceGroup: rg,
  vmName: 'vm-web-01',
  username: 'azureadmin'
})

/** True once the emulator has answered `operationId` for `vmName`. */
function seen(
  emulator: Emulator,
  operationId: string,
  vmName: string
): boolean {
  return emulator.requests.some(
    (r) => r.operationId === operationId && r.path.includes(`/${vmName}/`)
  )
}

/** Runs the step and cancels it as GitHub does once `when` holds. */
function cancelledStep(
  emulator: Emulator,
  inputs: Record<string, string>,
  when: () => boolean
): Promise<StepResult> {
  return runStep({
    inputs: { ...emulator.inputs('vm-web-01'), ...inputs },
    env: emulator.env(),
    cancel: { signal: 'runner', when, thenMs: 0 }
  })
}

function rotation(emulator: Emulator): Record<string, string> {
  return { 'generate-password': 'true', 'key-vault-url': emulator.keyVaultUrl }
}

function resultsOf(step: StepResult): Record<string, string>[] {
  return JSON.parse(step.outputs['results'] ?? '[]') as Record<string, string>[]
}

/** The runner never needed its SIGTERM: the step ended on SIGINT alone, by itself. */
function expectEndedOnSigint(step: StepResult): void {
  expect(step.signalsSent.map((s) => s.signal)).toEqual(['SIGINT'])
  expect(step.signal).toBeNull()
  expect(step.exitCode).toBe(1)
}

/**
 * The guest finishes what the cancelled run sent; the next rotation reads the
 * VM's record, repairs the vault and rotates: its latest is the VM's password.
 */
async function expectNextRunToRepair(emulator: Emulator): Promise<void> {
  emulator.finishOperations(rg, 'vm-web-01')
  const next = await runStep({
    inputs: { ...emulator.inputs('vm-web-01'), ...rotation(emulator) },
    env: emulator.env()
  })

  expect(next.exitCode).toBe(0)
  const latest = emulator.secretValue(secretName)
  expect(emulator.passwordMatches(rg, 'vm-web-01', 'azureadmin', latest)).toBe(
    true
  )
}

const vmAccessPut = 'VirtualMachineExtensions_CreateOrUpdate'

describe('a rotation cancelled while VMAccess runs', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario().vm('vm-web-01', (vm) => vm.extensionHeld())
  })

  it('reports the VM unknown, tags the version unknown, and the next run repairs the vault from the VM', async () => {
    const cancelled = await cancelledStep(
      emulator(),
      rotation(emulator()),
      () => seen(emulator(), vmAccessPut, 'vm-web-01')
    )

    expectEndedOnSigint(cancelled)
    expect(cancelled.outputs['status']).toBe('failed')
    expect(resultsOf(cancelled)[0]?.['vm-state']).toBe('extension-unknown')
    expect(cancelled.summary).toContain('cancelled')
    const [version] = emulator().secretVersions(secretName)
    expect(cancelled.outputs['secret-version']).toBe(version?.version)
    expect(version?.tags['rotation-state']).toBe('unknown')
    expect(leaks(cancelled, [emulator().secretValue(secretName)])).toEqual([])

    await expectNextRunToRepair(emulator())
    const versions = emulator().secretVersions(secretName)
    expect(versions.map((v) => v.tags['rotation-state'])).toEqual([
      'superseded',
      'active'
    ])
  })

  it('writes its report on time though Key Vault no longer answers', async () => {
    emulator().faults.add('KeyVault_UpdateSecret', { kind: 'hang', times: 5 })

    const cancelled = await cancelledStep(
      emulator(),
      rotation(emulator()),
      () => seen(emulator(), vmAccessPut, 'vm-web-01')
    )

    expectEndedOnSigint(cancelled)
    expect(resultsOf(cancelled)[0]?.['vm-state']).toBe('extension-unknown')
    expect(cancelled.summary).toMatch(/may not name the password the VM has/)
    // Left pending; the VM's record settles it for the next run.
    const [version] = emulator().secretVersions(secretName)
    expect(version?.tags['rotation-state']).toBe('pending')
    emulator().faults.clear()
    await expectNextRunToRepair(emulator())
  })
})

describe('a fleet cancelled mid-way', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario().vm('vm-web-01', (vm) => vm.extensionHeld())
  })

  it('reports the VM in flight unknown and the rest not started, with outputs and a summary', async () => {
    const cancelled = await cancelledStep(
      emulator(),
      {
        'vm-name': 'vm-web-01, vm-aad, vm-two-vmaccess',
        password: newPassword,
        'max-parallel': '1'
      },
      () => seen(emulator(), vmAccessPut, 'vm-web-01')
    )

    expectEndedOnSigint(cancelled)
    expect(
      resultsOf(cancelled).map((r) => [
        r['vm-name'],
        r['status'],
        r['vm-state']
      ])
    ).toEqual([
      ['vm-web-01', 'failed', 'extension-unknown'],
      ['vm-aad', 'not-started', 'not-started'],
      ['vm-two-vmaccess', 'not-started', 'not-started']
    ])
    expect(cancelled.outputs['failed-count']).toBe('1')
    expect(writesTo(emulator(), 'vm-aad')).toEqual([])
    expect(cancelled.summary).toContain('The run was cancelled')
  })
})

describe('a domain controller cancelled while its Run Command runs', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario().vm('vm-web-01', (vm) =>
      vmRecipes.domainControllerRefused(vm).runCommandNeverEnds()
    )
  })

  it('deletes the Run Command within the wrap-up, or says it is left', async () => {
    const cancelled = await cancelledStep(
      emulator(),
      { password: newPassword, 'domain-controller': 'run-command' },
      () =>
        seen(
          emulator(),
          'VirtualMachineRunCommands_CreateOrUpdate',
          'vm-web-01'
        )
    )

    expectEndedOnSigint(cancelled)
    expect(cancelled.outputs['status']).toBe('failed')
    expect(resultsOf(cancelled)[0]?.['vm-state']).toMatch(/^script-/)
    expect(cancelled.summary).toContain('cancelled')
    expect(leaks(cancelled, [newPassword])).toEqual([])
  })
})

describe('a cancel while the sign-in hangs', () => {
  const emulator = freshEmulatorPerTest()

  it.each(['GitHub_GetIdToken', 'Entra_Token'])(
    'with %s not answering, reports before SIGTERM and sends nothing to the VM',
    async (operationId) => {
      emulator().faults.add(operationId, { kind: 'hang', times: 1 })
      // The fault is taken when the request arrives, which then hangs.
      const isHanging = (): boolean =>
        !emulator()
          .faults.pending()
          .some((f) => f.operationId === operationId)

      const cancelled = await cancelledStep(
        emulator(),
        { password: newPassword },
        isHanging
      )

      expectEndedOnSigint(cancelled)
      expect(cancelled.outputs['status']).toBe('failed')
      expect(cancelled.summary).toContain('cancelled')
      expect(writesTo(emulator(), 'vm-web-01')).toEqual([])
    }
  )
})
