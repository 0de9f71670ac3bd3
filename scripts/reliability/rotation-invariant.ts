// The rotation invariant: after every run, the latest version of the secret
// is the password the VM has. Each case is an interleaving that once broke
// it: overlapping runs, a cancel or timeout after the PUT, twin VM names, a
// vault that fails while the outcome is recorded, an expired live version.
import type { Fault, ScenarioBuilder } from '../../emulator/index.ts'
import type { StepResult } from '../runner.ts'
import type { RotationCase, RotationTable } from './rotation-case.ts'
import { initialPassword } from './run-rotation.ts'

const slowGuest = 2500
const refusal = 'The password does not meet the password policy requirements.'

// vm-web-01's guest takes a while, so that runs overlap it.
function slowGuestScenario(s: ScenarioBuilder): ScenarioBuilder {
  return s.vm('vm-web-01', (vm) => vm.extensionTakes(slowGuest))
}

const putOperation = 'VirtualMachineExtensions_CreateOrUpdate'

// Compute's "another operation is in progress", until secondRunWhileHeld lets
// the first run's PUT through: the first run is still mid-rotation when the
// second one looks, however slow the machine (times is only a backstop).
const heldPut: Fault = {
  status: 409,
  code: 'Conflict',
  message: 'Operation is not allowed: another operation is in progress.',
  retryAfterSeconds: 1,
  times: 10_000
}

/**
 * Starts three rotations at once and holds every PUT until each run has
 * decided (it gave way and ended, or it sent its PUT): no run can finish its
 * rotation before the slowest one has looked, however unevenly the machine
 * starts them.
 */
async function threeRunsOverlapping(t: RotationTable): Promise<void> {
  t.emulator.faults.add(putOperation, heldPut)
  const runs = Promise.all([t.rotate(), t.rotate(), t.rotate()])
  const isPutSent = t.seen(putOperation)
  const decided = t.until(
    () => t.runs.length + (isPutSent() ? 1 : 0) >= 3,
    // Only a backstop: two runs that both went on would never let it hold.
    50_000
  )
  await decided.catch(() => undefined)
  t.emulator.faults.clear()
  await runs
  await decided
}

/** Runs a second rotation to its end while the first one's PUT is held, then releases it. */
async function secondRunWhileHeld(
  t: RotationTable,
  runId: string
): Promise<void> {
  await t.rotate({ runId })
  t.emulator.faults.clear()
}

// More 503s in a row than the SDK's default three retries outlast.
const vaultHiccups: Fault = { status: 503, retryAfterSeconds: 0, times: 4 }

/** Every rotation case. */
export const rotationCases: RotationCase[] = [
  {
    name: 'a second run starts while the first rotates the same VM',
    scenario: (s) => slowGuestScenario(s).fault(putOperation, heldPut),
    play: async (t) => {
      const first = t.rotate({ runId: '101' })
      await t.until(t.seen('KeyVault_SetSecret'))
      await secondRunWhileHeld(t, '102')
      await first
    },
    checks: [oneRotated, othersRefusedNaming('/runs/101')]
  },
  {
    name: 'three runs of one VM start at the same moment',
    scenario: slowGuestScenario,
    play: threeRunsOverlapping,
    // Runs that stored in the same second cannot tell which came first, so
    // all of them may give way; never two go on.
    checks: [atMostOneRotated, othersRefusedNaming('/runs/')]
  },
  {
    name: 'three runs start at once and the guest refuses the password of the one that goes on',
    scenario: (s) =>
      slowGuestScenario(s).vm('vm-web-01', (vm) => vm.extensionFails(refusal)),
    play: threeRunsOverlapping,
    checks: [noneRotated]
  },
  {
    name: 'the first run’s PUT waits out a 409 while a second run starts',
    scenario: (s) => s.fault(putOperation, heldPut),
    play: async (t) => {
      const first = t.rotate({ runId: '201' })
      await t.until(t.seen(putOperation))
      await secondRunWhileHeld(t, '202')
      await first
    },
    checks: [oneRotated, othersRefusedNaming('/runs/201')]
  },
  {
    name: 'the run is cancelled before the DELETE',
    play: async (t) => {
      await cancelled(t, 'KeyVault_SetSecret', 0)
    }
  },
  {
    name: 'the run is cancelled while the DELETE is polled',
    scenario: (s) => s.vm('vm-web-01', (vm) => vm.deleteTakes(1500)),
    play: async (t) => {
      await cancelled(t, 'VirtualMachineExtensions_Delete', 300)
    }
  },
  {
    // A cancel does not wait for Azure: the version stays latest, tagged
    // unknown (it is the likely live one), and the re-run settles it.
    name: 'the run is cancelled 0.5 s after the PUT was sent, Azure finishes it, and a re-run follows',
    scenario: slowGuestScenario,
    play: async (t) => {
      await cancelled(t, putOperation, 500)
      await t.rotate()
    },
    checks: [lastRunSucceeded]
  },
  {
    name: 'the run is cancelled after the PUT, the guest then refuses the password, and a re-run follows',
    scenario: (s) =>
      slowGuestScenario(s).vm('vm-web-01', (vm) => vm.extensionFails(refusal)),
    play: async (t) => {
      await cancelled(t, putOperation, 500)
      await t.rotate()
    }
  },
  {
    name: 'the run is cancelled while it records the outcome in Key Vault',
    play: async (t) => {
      await cancelled(t, 'KeyVault_UpdateSecret', 0)
    },
    checks: [latestTagged('active')]
  },
  {
    name: 'the run is killed after its PUT, before it records anything, and a re-run follows',
    scenario: (s) => s.vm('vm-web-01', (vm) => vm.extensionTakes(1000)),
    play: async (t) => {
      await cancelled(t, putOperation, 200, 'SIGKILL')
      await t.rotate()
    },
    checks: [lastRunSucceeded]
  },
  {
    name: 'a failed job is re-run',
    play: async (t) => {
      t.emulator.faults.add(putOperation, {
        status: 400,
        code: 'BadRequest',
        message: 'The request is invalid.',
        times: 1
      })
      await t.rotate()
      await t.rotate()
    },
    checks: [lastRunSucceeded]
  },
  {
    name: 'twin VMs of one name in two resource groups, and the guest refuses one',
    scenario: (s) =>
      s
        .vm('vm-web-01', (vm) => vm.extensionFails(refusal))
        .vm('vm-web-01', (vm) => vm.account('azureadmin'), 'rg-staging'),
    play: async (t) => {
      await t.rotate({ resourceGroup: 'rg-staging' })
      await t.rotate()
    }
  },
  {
    name: 'Key Vault answers 503 four times while the run tags the new password active',
    play: async (t) => {
      t.emulator.faults.add('KeyVault_UpdateSecret', vaultHiccups)
      await t.rotate()
    },
    checks: [lastRunSucceeded, latestTagged('active')]
  },
  {
    name: 'Key Vault answers 503 four times while the run tags a refused password failed',
    scenario: (s) => s.vm('vm-web-01', (vm) => vm.extensionFails(refusal)),
    play: async (t) => {
      t.emulator.faults.add('KeyVault_UpdateSecret', vaultHiccups)
      await t.rotate()
    }
  },
  {
    name: 'Key Vault refuses every tag after a good reset',
    scenario: (s) => s.denyKeyVault('update'),
    play: async (t) => {
      await t.rotate()
    },
    checks: [
      failedSaying('the VM has version'),
      failedSaying('VMAccess succeeded')
    ]
  },
  {
    name: 'the live version has expired when a refused password makes the run copy it forward',
    scenario: (s) => s.vm('vm-web-01', (vm) => vm.extensionFails(refusal)),
    initialExpiresOn: '2026-01-01T00:00:00Z',
    play: async (t) => {
      await t.rotate()
    },
    checks: [latestExpiresInDays(29)]
  },
  {
    name: 'VMAccess reports success but the check in the guest shows the password unchanged',
    scenario: (s) => s.vm('vm-web-01', (vm) => vm.vmAccessSilentlySucceeds()),
    play: async (t) => {
      await t.rotate()
    },
    checks: [
      failedSaying('the password did not change'),
      generatedVersionsTagged('failed')
    ]
  },
  {
    name: 'timeout-minutes: 1 ends the run while a guest takes 65 s',
    slow: true,
    scenario: (s) => s.vm('vm-web-01', (vm) => vm.extensionTakes(65_000)),
    play: async (t) => {
      await t.rotate({ inputs: { 'timeout-minutes': '1' } })
    }
  }
]

/** A run that gets `signal` `thenMs` after the emulator first sees `operationId`. */
function cancelled(
  t: RotationTable,
  operationId: string,
  thenMs: number,
  signal: NodeJS.Signals = 'SIGTERM'
): Promise<StepResult> {
  return t.rotate({ cancel: { signal, when: t.seen(operationId), thenMs } })
}

function exits(t: RotationTable): (number | null)[] {
  return t.runs.map((r) => r.step.exitCode)
}

function oneRotated(t: RotationTable): string[] {
  const ok = exits(t).filter((code) => code === 0).length
  return ok === 1 ? [] : [`${ok} runs succeeded; exactly one must rotate`]
}

function atMostOneRotated(t: RotationTable): string[] {
  const ok = exits(t).filter((code) => code === 0).length
  return ok <= 1 ? [] : [`${ok} runs rotated the same VM at once`]
}

function noneRotated(t: RotationTable): string[] {
  const ok = exits(t).filter((code) => code === 0).length
  return ok === 0 ? [] : [`${ok} runs succeeded though the guest refuses`]
}

function lastRunSucceeded(t: RotationTable): string[] {
  const last = t.runs.at(-1)?.step.exitCode
  return last === 0 ? [] : [`the last run exited ${String(last)}, not 0`]
}

function othersRefusedNaming(runPath: string): (t: RotationTable) => string[] {
  return (t) =>
    t.runs
      .filter((r) => r.step.exitCode !== 0)
      .flatMap((r) =>
        r.step.summary.includes('Another run is rotating') &&
        r.step.summary.includes(runPath) &&
        r.step.summary.includes('Nothing was changed on the VM')
          ? []
          : [
              `run ${r.runId} failed without refusing for a run of ${runPath} with "Nothing was changed"`
            ]
      )
}

function failedSaying(phrase: string): (t: RotationTable) => string[] {
  return (t) => {
    const last = t.runs.at(-1)?.step
    if (last?.exitCode !== 1) return ['the run did not fail']
    return last.summary.includes(phrase)
      ? []
      : [`the summary does not say "${phrase}"`]
  }
}

function latestTagged(state: string): (t: RotationTable) => string[] {
  return (t) => {
    const versions = t.emulator.secretVersions(t.secretName)
    const tagged = versions.at(-1)?.tags['rotation-state']
    return tagged === state
      ? []
      : [`the latest version is tagged ${String(tagged)}, not ${state}`]
  }
}

/** Every version a run generated (not the seeded password) is tagged `state`. */
function generatedVersionsTagged(
  state: string
): (t: RotationTable) => string[] {
  return (t) => {
    const generated = t.emulator
      .secretVersions(t.secretName)
      .filter(
        (v) =>
          t.emulator.secretValue(t.secretName, v.version) !== initialPassword
      )
    if (generated.length === 0) return ['no run stored a generated password']
    return generated
      .filter((v) => v.tags['rotation-state'] !== state)
      .map(
        (v) =>
          `generated version ${v.version} is tagged ${String(v.tags['rotation-state'])}, not ${state}`
      )
  }
}

function latestExpiresInDays(days: number): (t: RotationTable) => string[] {
  return (t) => {
    const expires = t.emulator.secretVersions(t.secretName).at(-1)?.expiresOn
    const least = Date.now() + days * 86_400_000
    return expires !== undefined && expires > least
      ? []
      : [
          `the latest version expires ${String(expires && new Date(expires).toISOString())}, not in ${days}+ days`
        ]
  }
}
