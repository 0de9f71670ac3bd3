// A rotation's proof is the password itself, tried once in the guest: the
// vault's latest version must be the password the VM has, whatever the
// guest's clock says and whatever a reset a minute earlier left behind.
import { scenario, type Emulator } from '../../emulator/index.ts'
import type { StepResult } from '../../scripts/runner.ts'
import { runAction, startTestEmulator } from './action-fixture.ts'
import { livePassword, liveVersions, secretOf } from './rotation-fixture.ts'

const secretName = secretOf()

function rotate(emulator: Emulator): Promise<StepResult> {
  return runAction(emulator, 'vm-web-01', {
    'generate-password': 'true',
    'key-vault-url': emulator.keyVaultUrl
  })
}

/** The live password, kept as the secret's only version, tagged active. */
const liveSecret = liveVersions()

function latestIsLive(emulator: Emulator): boolean {
  return emulator.passwordMatches(
    'rg-demo',
    'vm-web-01',
    'azureadmin',
    emulator.secretValue(secretName)
  )
}

describe('a rotation proved by the password itself, end to end', () => {
  let emulator: Emulator | undefined

  afterEach(async () => {
    await emulator?.stop()
    expect(emulator?.contractViolations).toEqual([])
  })

  it('a rotation 2 minutes after another, whose VMAccess silently does nothing, is refused by the guest and the live password stays the latest', async () => {
    emulator = await startTestEmulator({
      scenario: scenario()
        .vm('vm-web-01', (vm) =>
          vm.vmAccessSilentlySucceeds().account('azureadmin', {
            password: livePassword,
            passwordLastSet: new Date(Date.now() - 2 * 60_000).toISOString()
          })
        )
        .secret(secretName, liveSecret)
    })

    const step = await rotate(emulator)

    expect(step.exitCode).toBe(1)
    expect(step.outputs['verified']).toBe('false')
    const states = emulator
      .secretVersions(secretName)
      .map((v) => v.tags['rotation-state'])
    expect(states).toEqual(['active', 'failed', 'active'])
    expect(emulator.secretValue(secretName)).toBe(livePassword)
    expect(latestIsLive(emulator)).toBe(true)
  })

  it('a guest clock 8 minutes behind the runner: the rotation that worked is proved and its version is live', async () => {
    emulator = await startTestEmulator({
      scenario: scenario()
        .vm('vm-web-01', (vm) => vm.guestClockSkew(-8 * 60_000))
        .secret(secretName, liveSecret)
    })

    const step = await rotate(emulator)

    expect(step.exitCode).toBe(0)
    expect(step.outputs['verified']).toBe('true')
    const versions = emulator.secretVersions(secretName)
    expect(versions.map((v) => v.tags['rotation-state'])).toEqual([
      'superseded',
      'active'
    ])
    expect(latestIsLive(emulator)).toBe(true)
  })

  it('a logon the guest’s policy denies proves nothing: the version that VMAccess applied is tagged active, never failed', async () => {
    emulator = await startTestEmulator({
      scenario: scenario()
        .vm('vm-web-01', (vm) => vm.networkLogonDenied())
        .secret(secretName, liveSecret)
    })

    const step = await rotate(emulator)

    expect(step.exitCode).toBe(0)
    expect(step.outputs['verified']).toBe('unknown')
    expect(
      emulator.secretVersions(secretName).map((v) => v.tags['rotation-state'])
    ).toEqual(['superseded', 'active'])
    expect(latestIsLive(emulator)).toBe(true)
  })
})
