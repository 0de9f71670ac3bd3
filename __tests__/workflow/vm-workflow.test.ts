// The per-VM workflow in-process, with the real Compute client against the
// emulator: how it runs any Operation, and what it makes of each step.
import { AzureError } from '../../src/errors.ts'
import type {
  Deps,
  KeptPassword,
  Operation,
  PasswordKeeper,
  ResetResult,
  Settled,
  Step,
  VmFacts
} from '../../src/operation.ts'
import { resolveCloud } from '../../src/clouds.ts'
import { Secret } from '../../src/secret.ts'
import type { Settings } from '../../src/settings.ts'
import { resetRdp } from '../../src/vm-access/index.ts'
import { changeAfter, runOnVm } from '../../src/vm-workflow.ts'
import { computeClient } from '../../emulator/__tests__/sdk-clients.ts'
import { scenario, startEmulator, type Emulator } from '../../emulator/index.ts'
import { quietGuest } from '../unit/quiet-guest.ts'

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
    mode: { kind: 'reset-rdp' },
    target: {
      subscriptionId: emulator.subscriptionId,
      resourceGroup: 'rg-demo',
      vmName
    },
    cloud: resolveCloud('AzureCloud', emulator.armUrl),
    extension: {},
    timeoutMs: 60_000,
    ...quietGuest
  }
}

function depsWith(extra: Partial<Deps> = {}): Deps & { lines: string[] } {
  const lines: string[] = []
  return {
    compute: computeClient(emulator),
    signal: AbortSignal.timeout(60_000),
    wrapUp: new AbortController().signal,
    log: (line) => lines.push(line),
    failureContext: () => ({
      target: settingsFor('vm-web-01').target,
      timeoutMinutes: 1
    }),
    lines,
    ...extra
  }
}

const facts: VmFacts = {
  target: {
    subscriptionId: '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f',
    resourceGroup: 'rg-demo',
    vmName: 'vm-web-01'
  },
  vmId: 'id',
  vmResourceId: '/id',
  applied: [],
  readApplied: () => Promise.resolve(undefined)
}

/** A keeper of our own whose settle answers with `settle(result)`. */
function keeperSettling(
  settle: (result: ResetResult) => Settled
): PasswordKeeper {
  const kept: KeptPassword = {
    vmRecord: 'azure-vm-access-reset:v2',
    settle: (result) => Promise.resolve(settle(result))
  }
  return {
    keep: () => Promise.resolve(kept),
    describe: () => ({
      vaultUrl: 'https://kv.vault.azure.net',
      secretName: 'probe'
    })
  }
}

/** The step an operation yields once the keeper has stored the password. */
async function* keptStep(deps: Deps): AsyncGenerator<Step> {
  const password = await deps.passwordKeeper?.keep(
    { username: 'azureadmin', password: new Secret('Unused-Passw0rd!') },
    facts,
    deps.signal
  )
  if (password) yield { step: 'kept', password }
}

/** An operation made of the given steps, to show what the workflow does with them. */
function operationOf(
  steps: (deps: Deps) => AsyncIterable<Step>,
  needs: Operation['needs'] = { os: 'Windows', agent: true }
): Operation {
  return {
    mode: 'reset-rdp',
    title: 'Probe',
    needs,
    writes: true,
    plannedAs: 'would be reset',
    steps: (_vm, _settings, deps) => steps(deps),
    describeChanges: () => [],
    preview: () => ({ writes: [] })
  }
}

describe('runOnVm', () => {
  it('runs reset-rdp through the real client: removes the old VMAccess and applies a new one', async () => {
    const outcome = await runOnVm(
      settingsFor('vm-web-01'),
      resetRdp,
      depsWith()
    )

    expect(outcome).toMatchObject({
      status: 'succeeded',
      extensionName: 'myVMAccess',
      removedExtensions: ['myVMAccess'],
      provisioningState: 'Succeeded'
    })
    expect(outcome.error).toBeUndefined()
  })

  it('hands the operation’s needs to pre-flight: one that needs no agent runs on a deallocated VM', async () => {
    const ran: string[] = []
    const probe = operationOf(
      async function* () {
        ran.push('probe')
        yield* []
      },
      { os: 'Windows', agent: false }
    )

    const outcome = await runOnVm(
      settingsFor('vm-deallocated'),
      probe,
      depsWith()
    )

    expect(ran).toEqual(['probe'])
    expect(outcome.status).toBe('succeeded')
  })

  it('refuses a deallocated VM for an operation that needs the agent, before any step', async () => {
    const ran: string[] = []
    const probe = operationOf(async function* () {
      ran.push('probe')
      yield* []
    })

    const outcome = await runOnVm(
      settingsFor('vm-deallocated'),
      probe,
      depsWith()
    )

    expect(ran).toEqual([])
    expect(outcome.error).toMatchObject({ code: 'not-running', change: 'none' })
  })

  it('explains a throw after a removal, and says the extension was removed', async () => {
    const probe = operationOf(async function* () {
      yield { step: 'removed', extensionName: 'myVMAccess' }
      throw new Error('the network went away')
    })

    const outcome = await runOnVm(settingsFor('vm-web-01'), probe, depsWith())

    expect(outcome.status).toBe('failed')
    expect(outcome.removedExtensions).toEqual(['myVMAccess'])
    expect(outcome.error).toMatchObject({
      message: 'the network went away',
      change: 'extension-removed'
    })
    expect(outcome.error?.fix).toContain('Re-run the workflow')
  })

  it('ends as failed after a step whose record carries a failure', async () => {
    const probe = operationOf(async function* () {
      yield { step: 'sent', extensionName: 'enablevmaccess' }
      yield {
        step: 'applied',
        provisioningState: 'Failed',
        message: 'The guest said no.',
        failure: new AzureError('VMAccess ended in state Failed', 'Re-run.')
      }
    })

    const outcome = await runOnVm(settingsFor('vm-web-01'), probe, depsWith())

    expect(outcome).toMatchObject({
      status: 'failed',
      provisioningState: 'Failed',
      extensionMessage: 'The guest said no.'
    })
    expect(outcome.error).toMatchObject({ change: 'extension-failed' })
  })

  it.each([
    ['a throw before the PUT', [], 'no'],
    [
      'a throw after the PUT was sent',
      [{ step: 'sent', extensionName: 'enablevmaccess' }],
      'unknown'
    ]
  ] as const)(
    'settles a kept password after %s as applied: %s, and reports where it is',
    async (_, before, applied) => {
      const settled: ResetResult[] = []
      const keeper = keeperSettling((result) => {
        settled.push(result)
        return {
          section: {
            outputs: { 'secret-version': 'v2' },
            html: '<h3>Where the password is</h3>'
          }
        }
      })
      const probe = operationOf(async function* (deps) {
        yield* keptStep(deps)
        yield* before
        throw new Error('PUT refused')
      })

      const outcome = await runOnVm(
        settingsFor('vm-web-01'),
        probe,
        depsWith({ passwordKeeper: keeper })
      )

      expect(settled).toEqual([
        applied === 'no'
          ? { applied, failure: 'PUT refused' }
          : { applied: 'unknown' }
      ])
      expect(outcome.password?.outputs).toEqual({ 'secret-version': 'v2' })
    }
  )

  it('fails a good reset when the kept password cannot be recorded', async () => {
    const keeper = keeperSettling(() => ({
      section: { outputs: {}, html: '' },
      error: new AzureError('Key Vault refused to tag version v2', 'Re-run.')
    }))
    const probe = operationOf(keptStep)

    const outcome = await runOnVm(
      settingsFor('vm-web-01'),
      probe,
      depsWith({ passwordKeeper: keeper })
    )

    expect(outcome.status).toBe('failed')
    expect(outcome.error).toMatchObject({
      message: 'Key Vault refused to tag version v2',
      change: 'extension-applied'
    })
  })
})

describe('changeAfter', () => {
  const planned: Step = {
    step: 'planned',
    extensionName: 'enablevmaccess',
    typeHandlerVersion: '2.4'
  }
  const removing: Step = { step: 'removing', extensionName: 'enablevmaccess' }
  const removed: Step = { step: 'removed', extensionName: 'enablevmaccess' }
  const sent: Step = { step: 'sent', extensionName: 'enablevmaccess' }
  const applied: Step = { step: 'applied', provisioningState: 'Failed' }
  const refused: Step = {
    step: 'applied',
    provisioningState: 'Failed',
    message: 'VMAccess Extension does not support Domain Controller.',
    failure: new Error('VMExtensionProvisioningError')
  }
  const rerouted: Step = { step: 'rerouted', extensionName: 'enablevmaccess' }

  it.each([
    ['nothing', [], 'none'],
    ['a plan only', [planned], 'none'],
    ['a DELETE Azure accepted', [planned, removing], 'extension-removed'],
    ['a removal', [planned, removing, removed], 'extension-removed'],
    ['two removals', [planned, removed, removed], 'extension-removed'],
    ['a PUT Azure accepted', [planned, removed, sent], 'extension-unknown'],
    ['an applied extension', [planned, sent, applied], 'extension-failed'],
    [
      'a VMAccess that refused a domain controller',
      [planned, sent, refused],
      'extension-refused'
    ],
    [
      'that refusal and a reroute that sent nothing',
      [planned, sent, refused, rerouted, planned],
      'extension-refused'
    ],
    [
      'that refusal and a Run Command Azure accepted',
      [
        planned,
        sent,
        refused,
        rerouted,
        {
          step: 'script-sent',
          runCommandName: 'azure-vm-access-reset-0a1b2c3d'
        }
      ],
      'script-unknown'
    ]
  ] as const)('after %s: %s', (_, steps, expected) => {
    expect(changeAfter(steps)).toBe(expected)
  })
})
