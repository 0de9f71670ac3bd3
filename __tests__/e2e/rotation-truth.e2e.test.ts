// The rotation's promise when Key Vault or the VM misbehaves: the vault's
// latest enabled version is the password the VM has, no password is lost,
// and what a run could not finish the next run repairs at once.
import {
  scenario,
  type Emulator,
  type ScenarioBuilder
} from '../../emulator/index.ts'
import type { StepResult } from '../../scripts/runner.ts'
import { freshEmulatorPerTest, runAction, writesTo } from './action-fixture.ts'
import { livePassword, liveVersions, secretOf } from './rotation-fixture.ts'

const secretName = secretOf()
const refusal = 'The password does not meet the password policy requirements.'

/** vm-web-01's admin has livePassword, and the vault holds it as the active version. */
function seeded(): ScenarioBuilder {
  return scenario()
    .vm('vm-web-01', (vm) =>
      vm.account('azureadmin', { password: livePassword })
    )
    .secret(secretName, liveVersions())
}

// Resource Manager refuses the VMAccess PUT: the VM never hears of the
// version, so its record cannot tell a later run how this one ended.
const putRefused = {
  status: 400,
  code: 'BadRequest',
  message: 'The request is invalid.',
  times: 1
}
const everyTime = 1000

function rotate(
  emulator: Emulator,
  env: Record<string, string> = {},
  inputs: Record<string, string> = {}
): Promise<StepResult> {
  return runAction(
    emulator,
    'vm-web-01',
    {
      'generate-password': 'true',
      'key-vault-url': emulator.keyVaultUrl,
      ...inputs
    },
    env
  )
}

/** The latest version's password, when it is enabled and works on the VM. */
function latestIsLive(emulator: Emulator, name = secretName): boolean {
  const latest = emulator.secretVersions(name).at(-1)
  if (!latest?.enabled) return false
  const value = emulator.secretValue(name, latest.version)
  return emulator.passwordMatches('rg-demo', 'vm-web-01', 'azureadmin', value)
}

function states(emulator: Emulator, name = secretName): string[] {
  return emulator
    .secretVersions(name)
    .map((v) => v.tags['rotation-state'] ?? '?')
}

describe('rotation when Key Vault refuses a write', () => {
  const emulator = freshEmulatorPerTest({ scenario: seeded() })

  it('re-runs at once after one 403 on the failed tag, instead of refusing for the pending window', async () => {
    emulator().faults.add('VirtualMachineExtensions_CreateOrUpdate', putRefused)
    emulator().faults.add('KeyVault_UpdateSecret', { status: 403, times: 1 })

    const first = await rotate(emulator())
    const rerun = await rotate(emulator())

    expect(first.exitCode).toBe(1)
    expect(rerun.summary).not.toContain('Another run is rotating')
    expect(rerun.exitCode).toBe(0)
    expect(states(emulator())).not.toContain('pending')
    expect(latestIsLive(emulator())).toBe(true)
  })

  it('keeps the live password the latest, and a new run repairs the rest at once, when every tag is refused', async () => {
    emulator().faults.add('VirtualMachineExtensions_CreateOrUpdate', putRefused)
    emulator().faults.add('KeyVault_UpdateSecret', {
      status: 403,
      times: everyTime
    })

    const first = await rotate(emulator(), { GITHUB_RUN_ID: '5101' })
    const liveAfterFirst = latestIsLive(emulator())
    emulator().faults.clear()
    const next = await rotate(emulator(), { GITHUB_RUN_ID: '5102' })

    expect(first.exitCode).toBe(1)
    expect(liveAfterFirst).toBe(true)
    expect(next.summary).not.toContain('Another run is rotating')
    expect(next.exitCode).toBe(0)
    expect(states(emulator())).not.toContain('pending')
    expect(latestIsLive(emulator())).toBe(true)
  })

  it('says which version the VM has when no write after the reset lands, and a re-run of the same run repairs at once', async () => {
    const [live] = emulator().secretVersions(secretName)
    emulator().faults.add('VirtualMachineExtensions_CreateOrUpdate', putRefused)
    emulator().faults.add('KeyVault_UpdateSecret', {
      status: 403,
      times: everyTime
    })
    // The first SetSecret stores the new password; every later one is refused.
    emulator().faults.add('KeyVault_SetSecret', {
      status: 403,
      after: 1,
      times: everyTime
    })
    const run = { GITHUB_RUN_ID: '5201' }

    const first = await rotate(emulator(), { ...run, GITHUB_RUN_ATTEMPT: '1' })
    emulator().faults.clear()
    const rerun = await rotate(emulator(), { ...run, GITHUB_RUN_ATTEMPT: '2' })

    expect(first.exitCode).toBe(1)
    expect(first.summary).toContain(
      `The VM has version <code>${live?.version ?? '?'}</code>`
    )
    expect(first.summary).toContain('a re-run of this workflow run')
    expect(rerun.summary).not.toContain('Another run is rotating')
    expect(rerun.exitCode).toBe(0)
    expect(states(emulator())).not.toContain('pending')
    expect(latestIsLive(emulator())).toBe(true)
  })
})

describe('rotation when the VM refuses a first password', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario().vm('vm-web-01', (vm) => vm.extensionFails(refusal))
  })

  it('disables the refused password and says the vault holds none that works', async () => {
    const first = await rotate(emulator())
    const second = await rotate(emulator())

    const [refused] = emulator().secretVersions(secretName)
    expect(first.exitCode).toBe(1)
    expect(refused?.tags['rotation-state']).toBe('failed')
    expect(refused?.enabled).toBe(false)
    expect(first.summary).toContain(
      'the vault holds no password known to work on this VM'
    )
    expect(first.summary).toContain('Run the rotation again')
    // The disabled latest does not stop the next run: the VM's refusal does.
    expect(second.exitCode).toBe(1)
    expect(second.summary).toContain('password policy')
    expect(second.summary).not.toContain('Key Vault refused')
  })
})

describe('rotation when VMAccess times out', () => {
  const emulator = freshEmulatorPerTest({
    scenario: seeded().vm('vm-web-01', (vm) =>
      vm.extensionTimesOut({ once: true })
    )
  })

  it('records the outcome unknown, keeps both passwords, and the next run settles it from the VM’s record', async () => {
    const first = await rotate(emulator())
    const [, timedOut] = emulator().secretVersions(secretName)
    const next = await rotate(emulator())

    expect(first.exitCode).toBe(1)
    expect(timedOut?.tags['rotation-state']).toBe('unknown')
    expect(timedOut?.enabled).toBe(true)
    expect(first.summary).toContain('VMExtensionProvisioningTimeout')
    expect(first.summary).toContain(
      'tagged <code>rotation-state=unknown</code>'
    )
    expect(first.summary).not.toContain('did not take the new password')
    expect(next.exitCode).toBe(0)
    expect(states(emulator())).toEqual(['superseded', 'superseded', 'active'])
    expect(latestIsLive(emulator())).toBe(true)
  })
})

describe('rotation of twin VMs given one secret-name', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario().vm(
      'vm-web-01',
      (vm) => vm.account('azureadmin'),
      'rg-staging'
    )
  })
  const shared = { 'secret-name': 'web-admin' }

  it('refuses the secret of the other twin before any write, naming it and the fix', async () => {
    const first = await rotate(emulator(), {}, shared)
    const twin = await rotate(
      emulator(),
      {},
      { ...shared, 'resource-group': 'rg-staging' }
    )

    expect(first.exitCode).toBe(0)
    expect(twin.exitCode).toBe(1)
    expect(twin.summary).toContain('Secret &#39;web-admin&#39;')
    expect(twin.summary).toContain(
      '/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/vm-web-01'
    )
    expect(twin.summary).toContain('Give each VM its own secret')
    // Only the first twin's VMAccess DELETE and PUT (both twins' paths match).
    expect(
      writesTo(emulator(), 'vm-web-01').filter((w) =>
        w.includes('/extensions/')
      )
    ).toHaveLength(2)
    expect(emulator().secretVersions('web-admin')).toHaveLength(1)
  })
})
