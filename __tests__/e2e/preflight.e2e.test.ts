import type { Emulator } from '../../emulator/index.ts'
import {
  newPassword,
  runAction,
  startTestEmulator,
  writesTo
} from './action-fixture.ts'

describe('pre-flight failures, end to end', () => {
  let emulator: Emulator

  beforeAll(async () => {
    emulator = await startTestEmulator()
  })
  afterAll(async () => {
    await emulator.stop()
  })
  afterEach(() => {
    expect(emulator.contractViolations).toEqual([])
  })

  it.each([
    [
      'vm-deallocated',
      'is deallocated;',
      'az vm start -g rg-demo -n vm-deallocated'
    ],
    ['vm-stopped', 'is stopped;', 'az vm start -g rg-demo -n vm-stopped'],
    ['vm-starting', 'is starting;', 'az vm wait -g rg-demo -n vm-starting'],
    [
      'vm-linux',
      'runs Linux; this action resets Windows VMs only',
      'VMAccessForLinux'
    ],
    [
      'vm-agent-not-ready',
      "The VM agent of VM 'vm-agent-not-ready'",
      'reset-local-password-without-agent'
    ]
  ])('refuses %s without sending a DELETE or PUT', async (vm, what, fix) => {
    const step = await runAction(emulator, vm, { password: newPassword })

    expect(step.exitCode).toBe(1)
    expect(writesTo(emulator, vm)).toEqual([])
    expect(step.outputs['status']).toBe('failed')
    expect(step.outputs['message']).toContain(what)
    expect(step.summary).toContain(fix)
    expect(step.summary).toContain('Nothing was changed on the VM.')
  })

  it('names the VM and resource group of a VM that does not exist', async () => {
    const step = await runAction(emulator, 'vm-missing', {
      password: newPassword
    })

    expect(step.exitCode).toBe(1)
    expect(writesTo(emulator, 'vm-missing')).toEqual([])
    expect(step.stdout).toContain(
      "resource group 'rg-demo' has no VM 'vm-missing'"
    )
    expect(step.stdout).toContain('Classic (ASM) VMs were retired')
  })

  it('tells a missing resource group apart from a missing VM', async () => {
    const step = await runAction(emulator, 'vm-web-01', {
      password: newPassword,
      'resource-group': 'rg-nowhere'
    })

    expect(step.exitCode).toBe(1)
    expect(step.stdout).toContain('ResourceGroupNotFound')
    expect(step.stdout).toContain("has no resource group 'rg-nowhere'")
  })

  it('refuses a password that contains the default user name before any write', async () => {
    const step = await runAction(emulator, 'vm-web-01', {
      password: 'Azureadmin-2026!'
    })

    expect(step.exitCode).toBe(1)
    expect(writesTo(emulator, 'vm-web-01')).toEqual([])
    expect(step.outputs['message']).toContain(
      'contains the user name "azureadmin"'
    )
  })
})
