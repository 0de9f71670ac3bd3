import { scenario, startEmulator, type Emulator } from '../index.ts'
import { computeClient, vmAccessBody } from './sdk-clients.ts'

const password = 'Reset-Passw0rd!42'

/** Runs the action's PUT through the SDK and returns how the LRO ended. */
async function applyVmAccess(
  emulator: Emulator,
  vm: string,
  settings: Record<string, unknown> = { UserName: 'azureadmin' },
  protectedSettings: Record<string, unknown> = { Password: password }
): Promise<{ ok: boolean; message: string }> {
  const client = computeClient(emulator)
  return client.virtualMachineExtensions
    .beginCreateOrUpdateAndWait(
      'rg-demo',
      vm,
      'enablevmaccess',
      vmAccessBody(settings, protectedSettings)
    )
    .then(
      (result) => ({ ok: true, message: result.provisioningState ?? '' }),
      (error: unknown) => ({
        ok: false,
        message: error instanceof Error ? error.message : String(error)
      })
    )
}

describe('what VMAccess does in the guest', () => {
  let emulator: Emulator

  beforeEach(async () => {
    emulator = await startEmulator({
      // Outcomes, not polling, are under test here: every extension ends at once.
      scenario: scenario()
        .vm('vm-rdp-off', (vm) =>
          vm.rdpDisabled().account('azureadmin', { enabled: false })
        )
        .everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))
    })
  })
  afterEach(async () => {
    await emulator.stop()
    expect(emulator.contractViolations).toEqual([])
  })

  it('fails with the guest text as VMExtensionProvisioningError and marks the extension Failed', async () => {
    const outcome = await applyVmAccess(emulator, 'vm-ext-fails')

    expect(outcome.ok).toBe(false)
    expect(outcome.message).toContain('VMExtensionProvisioningError')
    expect(outcome.message).toContain(
      `VM has reported a failure when processing extension 'enablevmaccess'. Error message: "Cannot update Remote Desktop`
    )
    const extension = await computeClient(
      emulator
    ).virtualMachineExtensions.get(
      'rg-demo',
      'vm-ext-fails',
      'enablevmaccess',
      {
        expand: 'instanceView'
      }
    )
    expect(extension.provisioningState).toBe('Failed')
    expect(extension.instanceView?.statuses?.[0]).toMatchObject({
      level: 'Error',
      code: 'ProvisioningState/failed'
    })
    expect(extension.instanceView?.statuses?.[0]?.message).toContain(
      'password policy requirements'
    )
  })

  it('refuses to update an account that is not an administrator', async () => {
    const outcome = await applyVmAccess(emulator, 'vm-not-admin', {
      UserName: 'helpdesk'
    })

    expect(outcome.message).toContain(
      'Error: User account helpdesk already exists but cannot be updated because it is not in the Administrators group.'
    )
    expect(
      emulator.passwordMatches('rg-demo', 'vm-not-admin', 'helpdesk', password)
    ).toBe(false)
  })

  it('does not run on a domain controller', async () => {
    const outcome = await applyVmAccess(emulator, 'vm-domain-controller')

    expect(outcome.message).toContain(
      'VMAccess Extension does not support Domain Controller.'
    )
  })

  it('ends in VMExtensionProvisioningTimeout when the handler never reports', async () => {
    const outcome = await applyVmAccess(emulator, 'vm-ext-timeout')

    expect(outcome.message).toContain('VMExtensionProvisioningTimeout')
    expect(outcome.message).toContain(
      'Provisioning of VM extension enablevmaccess has timed out.'
    )
  })

  it('ends in VMAgentStatusCommunicationError when the agent is not ready', async () => {
    const outcome = await applyVmAccess(emulator, 'vm-agent-not-ready')

    expect(outcome.message).toContain(
      "VMAgentStatusCommunicationError. VM 'vm-agent-not-ready' has not reported status"
    )
  })

  it('creates a missing account as a local administrator', async () => {
    const outcome = await applyVmAccess(emulator, 'vm-no-vmaccess', {
      UserName: 'breakglass'
    })

    expect(outcome.ok).toBe(true)
    expect(emulator.vm('rg-demo', 'vm-no-vmaccess').accounts).toContainEqual({
      name: 'breakglass',
      isAdmin: true,
      enabled: true,
      created: true,
      passwordLastSet: expect.any(String) as string,
      logonAttempts: 0
    })
    expect(
      emulator.passwordMatches(
        'rg-demo',
        'vm-no-vmaccess',
        'breakglass',
        password
      )
    ).toBe(true)
  })

  it('refuses a user name without a password', async () => {
    const outcome = await applyVmAccess(
      emulator,
      'vm-no-vmaccess',
      { UserName: 'azureadmin' },
      {}
    )

    expect(outcome.message).toContain(
      'The Admin User Account password cannot be null or empty if provided the username.'
    )
  })

  it('enables Remote Desktop, its firewall rules and a disabled account', async () => {
    const outcome = await applyVmAccess(emulator, 'vm-rdp-off')

    expect(outcome.ok).toBe(true)
    const vm = emulator.vm('rg-demo', 'vm-rdp-off')
    expect([vm.rdpEnabled, vm.rdpFirewallEnabled]).toEqual([true, true])
    expect(vm.accounts.find((a) => a.name === 'azureadmin')?.enabled).toBe(true)
  })

  it('resets only RDP when no user is given', async () => {
    const outcome = await applyVmAccess(emulator, 'vm-rdp-off', {}, {})

    expect(outcome.ok).toBe(true)
    expect(emulator.vm('rg-demo', 'vm-rdp-off').rdpEnabled).toBe(true)
    expect(
      emulator.passwordMatches('rg-demo', 'vm-rdp-off', 'azureadmin', password)
    ).toBe(false)
  })

  it('keeps a stuck operation InProgress and its extension Transitioning', async () => {
    const client = computeClient(emulator)
    const poller = client.virtualMachineExtensions.createOrUpdate(
      'rg-demo',
      'vm-stuck',
      'enablevmaccess',
      vmAccessBody({}, {})
    )

    await poller.submitted()
    await poller.poll()

    expect(poller.isDone).toBe(false)
    const extension = await client.virtualMachineExtensions.get(
      'rg-demo',
      'vm-stuck',
      'enablevmaccess',
      { expand: 'instanceView' }
    )
    expect(extension.provisioningState).toBe('Creating')
    expect(extension.instanceView?.statuses?.[0]?.code).toBe(
      'ProvisioningState/transitioning'
    )
  })

  it('cancels a running operation that a newer one preempts', async () => {
    const client = computeClient(emulator)
    const stuck = client.virtualMachineExtensions.createOrUpdate(
      'rg-demo',
      'vm-stuck',
      'enablevmaccess',
      vmAccessBody({}, {})
    )
    await stuck.submitted()

    await client.virtualMachineExtensions.beginDeleteAndWait(
      'rg-demo',
      'vm-stuck',
      'enablevmaccess'
    )

    await expect(stuck.pollUntilDone()).rejects.toThrow(
      'Operation was canceled'
    )
    expect(emulator.vm('rg-demo', 'vm-stuck').extensions).toEqual([])
  })

  it('re-runs the handler only when settings or forceUpdateTag change', async () => {
    const client = computeClient(emulator)
    const put = (tag: string): Promise<unknown> =>
      client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
        'rg-demo',
        'vm-no-vmaccess',
        'enablevmaccess',
        {
          ...vmAccessBody({}, {}),
          forceUpdateTag: tag
        }
      )
    const reportedAt = async (): Promise<string | undefined> =>
      (
        await client.virtualMachineExtensions.get(
          'rg-demo',
          'vm-no-vmaccess',
          'enablevmaccess',
          { expand: 'instanceView' }
        )
      ).instanceView?.statuses?.[0]?.time?.toISOString()
    await put('run-1')
    const first = await reportedAt()

    await put('run-1')
    const unchanged = await reportedAt()
    await put('run-2')
    const rerun = await reportedAt()

    expect(unchanged).toBe(first)
    expect(rerun).not.toBe(first)
    expect(
      emulator.vm('rg-demo', 'vm-no-vmaccess').extensions[0]?.forceUpdateTag
    ).toBe('run-2')
  })

  it('keeps a rotation’s forceUpdateTag through ARM and sets the password as without it', async () => {
    const client = computeClient(emulator)
    const tag = 'azure-vm-access-reset:0123456789abcdef0123456789abcdef'

    await client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
      'rg-demo',
      'vm-no-vmaccess',
      'enablevmaccess',
      {
        ...vmAccessBody({ UserName: 'azureadmin' }, { Password: password }),
        forceUpdateTag: tag
      }
    )

    const extension = await client.virtualMachineExtensions.get(
      'rg-demo',
      'vm-no-vmaccess',
      'enablevmaccess'
    )
    const vm = await client.virtualMachines.get('rg-demo', 'vm-no-vmaccess')
    expect(extension.forceUpdateTag).toBe(tag)
    expect(extension.provisioningState).toBe('Succeeded')
    expect(vm.resources?.[0]?.forceUpdateTag).toBe(tag)
    expect(
      emulator.passwordMatches(
        'rg-demo',
        'vm-no-vmaccess',
        'azureadmin',
        password
      )
    ).toBe(true)
  })
})

describe('a guest that recovers after one timeout', () => {
  it('times out the first VMAccess and applies the next', async () => {
    const emulator = await startEmulator({
      scenario: scenario().vm('vm-web-01', (vm) =>
        vm
          .withoutExtensions()
          .extensionTimesOut({ once: true })
          .extensionTakes(0)
          .deleteTakes(0)
      )
    })

    const first = await applyVmAccess(emulator, 'vm-web-01')
    const second = await applyVmAccess(emulator, 'vm-web-01')

    await emulator.stop()
    expect(first.message).toContain('VMExtensionProvisioningTimeout')
    expect(second).toEqual({ ok: true, message: 'Succeeded' })
    expect(emulator.contractViolations).toEqual([])
  })
})
