// Rotations whose proof once fooled the vault: a reset a minute earlier
// that made an old "password last set" look new, and a guest clock far from
// the runner's. The proof is now the password itself, tried in the guest;
// the runner checks that the latest version is live after each.
import type { RotationCase, RotationTable } from './rotation-case.ts'

/** Every version this case's runs generated is in `state`, and `verified` says `verified`. */
function everyRun(
  state: string,
  verified: string
): (t: RotationTable) => string[] {
  return (t) => {
    const generated = t.emulator
      .secretVersions(t.secretName)
      .filter((v) => v.tags['restored-from'] === undefined)
      .slice(1)
    return [
      ...generated
        .filter((v) => v.tags['rotation-state'] !== state)
        .map(
          (v) =>
            `generated version ${v.version} is tagged ${String(v.tags['rotation-state'])}, not ${state}`
        ),
      ...t.runs
        .filter((r) => r.step.outputs['verified'] !== verified)
        .map(
          (r) =>
            `run ${r.runId} says verified=${String(r.step.outputs['verified'])}, not ${verified}`
        )
    ]
  }
}

const minute = 60_000

/** A guest whose clock is `skewMs` from the runner's: the rotation must be proved all the same. */
function skewedGuest(skewMs: number): RotationCase {
  const ahead = skewMs > 0 ? 'ahead of' : 'behind'
  return {
    name: `the guest’s clock is ${Math.abs(skewMs) / minute} minutes ${ahead} the runner’s`,
    scenario: (s) => s.vm('vm-web-01', (vm) => vm.guestClockSkew(skewMs)),
    play: async (t) => {
      await t.rotate()
    },
    checks: [everyRun('active', 'true')]
  }
}

/** Cases of the proof: each ends with the latest version live. */
export const proofRotationCases: RotationCase[] = [
  {
    name: 'a reset 2 minutes earlier set the password, then VMAccess silently does nothing',
    scenario: (s) =>
      s.vm('vm-web-01', (vm) =>
        vm.vmAccessSilentlySucceeds().account('azureadmin', {
          passwordLastSet: new Date(Date.now() - 2 * minute).toISOString()
        })
      ),
    play: async (t) => {
      await t.rotate()
    },
    checks: [everyRun('failed', 'false')]
  },
  skewedGuest(10 * minute),
  skewedGuest(-10 * minute)
]
