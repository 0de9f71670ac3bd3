import { scenario, type Emulator } from '../../emulator/index.ts'
import type { StepResult } from '../../scripts/runner.ts'
import {
  debugEverything,
  leaks,
  runAction,
  startTestEmulator,
  writesTo
} from './action-fixture.ts'
import { livePassword, secretOf, webVmId } from './rotation-fixture.ts'

const secretName = secretOf()
const previousPassword = livePassword

function rotate(
  emulator: Emulator,
  vm = 'vm-web-01',
  env: Record<string, string> = {}
): Promise<StepResult> {
  return runAction(
    emulator,
    vm,
    { 'generate-password': 'true', 'key-vault-url': emulator.keyVaultUrl },
    env
  )
}

/** The order in which the run touched Key Vault and the VM. */
function sequence(emulator: Emulator): string[] {
  return emulator.requests
    .filter(
      (r) =>
        r.service === 'keyvault' ||
        (r.service === 'arm' && (r.method === 'PUT' || r.method === 'DELETE'))
    )
    .filter((r) => r.status !== 401)
    .map((r) => r.operationId ?? `${r.method} ${r.path}`)
}

describe('scheduled rotation into Key Vault, end to end', () => {
  let emulator: Emulator | undefined

  afterEach(async () => {
    await emulator?.stop()
    expect(emulator?.contractViolations).toEqual([])
  })

  it('stores the new password as a pending version before the VM gets it, then tags it active', async () => {
    emulator = await startTestEmulator()

    const step = await rotate(emulator)

    expect(step.exitCode).toBe(0)
    const calls = sequence(emulator)
    const set = calls.indexOf('KeyVault_SetSecret')
    expect(set).toBeGreaterThanOrEqual(0)
    expect(calls.indexOf('VirtualMachineExtensions_Delete')).toBeGreaterThan(
      set
    )
    expect(calls.lastIndexOf('KeyVault_SetSecret')).toBe(set)
    expect(calls.at(-1)).not.toMatch(/^VirtualMachineExtensions/)
    const versions = emulator.secretVersions(secretName)
    expect(versions).toHaveLength(1)
    expect(versions[0]?.tags).toMatchObject({
      'rotation-state': 'active',
      username: 'azureadmin',
      CredentialId: 'azureadmin',
      ValidityPeriodDays: '30'
    })
    expect(versions[0]?.expiresOn).toBeDefined()
    const stored = emulator.secretValue(secretName)
    expect(
      emulator.passwordMatches('rg-demo', 'vm-web-01', 'azureadmin', stored)
    ).toBe(true)
    expect(step.outputs['secret-version']).toBe(versions[0]?.version)
    // The VM's own record of which version it got.
    const [extension] = emulator.vm('rg-demo', 'vm-web-01').extensions
    expect(extension?.forceUpdateTag).toBe(
      `azure-vm-access-reset:${versions[0]?.version}`
    )
    expect(step.outputs['secret-id']).toBe(
      `${emulator.keyVaultUrl}/secrets/${secretName}/${versions[0]?.version}`
    )
    expect(step.summary).toContain('az keyvault secret show --id')
  })

  it('keeps the failed password tagged failed and makes the last live password the latest again', async () => {
    emulator = await startTestEmulator({
      scenario: scenario()
        .vm('vm-web-01', (vm) =>
          vm.extensionFails(
            'The password does not meet the password policy requirements.'
          )
        )
        .secret(secretName, [
          {
            value: previousPassword,
            tags: { 'rotation-state': 'active', 'vm-id': webVmId }
          }
        ])
    })

    const step = await rotate(emulator)

    expect(step.exitCode).toBe(1)
    const versions = emulator.secretVersions(secretName)
    expect(versions.map((v) => v.tags['rotation-state'])).toEqual([
      'active',
      'failed',
      'active'
    ])
    expect(versions[1]?.tags['failure']).toContain('password policy')
    expect(versions[2]?.tags['restored-from']).toBe(versions[0]?.version)
    expect(emulator.secretValue(secretName)).toBe(previousPassword)
    expect(step.summary).toContain('again the password the VM has')
  })

  it('a silent success that the guest disproves leaves the last live password the latest', async () => {
    emulator = await startTestEmulator({
      scenario: scenario()
        .vm('vm-web-01', (vm) => vm.vmAccessSilentlySucceeds())
        .secret(secretName, [
          {
            value: previousPassword,
            tags: { 'rotation-state': 'active', 'vm-id': webVmId }
          }
        ])
    })

    const step = await rotate(emulator)

    expect(step.exitCode).toBe(1)
    expect(step.outputs['verified']).toBe('false')
    const versions = emulator.secretVersions(secretName)
    expect(versions.map((v) => v.tags['rotation-state'])).toEqual([
      'active',
      'failed',
      'active'
    ])
    expect(versions[1]?.tags['failure']).toContain('did not change')
    expect(emulator.secretValue(secretName)).toBe(previousPassword)
  })

  it('sends nothing to the VM when Key Vault refuses the write', async () => {
    emulator = await startTestEmulator()
    emulator.faults.add('KeyVault_SetSecret', {
      status: 403,
      code: 'Forbidden',
      times: 1
    })

    const step = await rotate(emulator)

    expect(step.exitCode).toBe(1)
    expect(writesTo(emulator, 'vm-web-01')).toEqual([])
    expect(step.summary).toContain('Key Vault Secrets Officer')
    expect(step.summary).toContain('Nothing was changed on the VM.')
  })

  it('never prints the generated password, also with debug logging on', async () => {
    emulator = await startTestEmulator()

    const step = await rotate(emulator, 'vm-web-01', debugEverything)

    const password = emulator.secretValue(secretName)
    expect(step.exitCode).toBe(0)
    // Workflow commands escape '%' as '%25'; the runner masks the real value.
    expect(step.stdout).toContain(
      `::add-mask::${password.replace(/%/g, '%25')}`
    )
    expect(leaks(step, [password])).toEqual([])
  })
})
