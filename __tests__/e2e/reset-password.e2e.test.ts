import {
  expectPasswordReapplied,
  newPassword,
  runAction,
  freshEmulatorPerTest,
  runCommandWrites,
  writesTo
} from './action-fixture.ts'

describe('reset-password, end to end', () => {
  const emulator = freshEmulatorPerTest()

  it('removes the VMAccess extension under its custom name and re-applies it with the new password', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    expectPasswordReapplied(emulator())
    expect(step.outputs).toMatchObject({
      status: 'succeeded',
      'extension-name': 'myVMAccess',
      username: 'azureadmin',
      'provisioning-state': 'Succeeded'
    })
    expect(step.outputs['vm-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(Number(step.outputs['duration-seconds'])).toBeGreaterThan(0)
    expect(step.summary).toContain('✅ Password reset succeeded: vm-web-01')
    expect(step.summary).toContain(
      'The password of <code>azureadmin</code> was reset.'
    )
  })

  it('applies enablevmaccess and sends no DELETE when the VM has no VMAccess extension', async () => {
    const step = await runAction(emulator(), 'vm-no-vmaccess', {
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    expect(writesTo(emulator(), 'vm-no-vmaccess')).toEqual([
      'PUT /virtualMachines/vm-no-vmaccess/extensions/enablevmaccess',
      ...runCommandWrites('vm-no-vmaccess')
    ])
    expect(step.outputs['extension-name']).toBe('enablevmaccess')
  })

  it("defaults the user to the VM's admin account", async () => {
    const step = await runAction(emulator(), 'vm-no-vmaccess', {
      password: newPassword
    })

    const admin = emulator()
      .vm('rg-demo', 'vm-no-vmaccess')
      .accounts.find((a) => a.isAdmin)
    expect(step.outputs['username']).toBe(admin?.name)
  })

  it('creates a new local administrator when the username does not exist', async () => {
    const step = await runAction(emulator(), 'vm-no-vmaccess', {
      password: newPassword,
      username: 'breakglass'
    })

    expect(step.exitCode).toBe(0)
    const account = emulator()
      .vm('rg-demo', 'vm-no-vmaccess')
      .accounts.find((a) => a.name === 'breakglass')
    expect(account).toMatchObject({ isAdmin: true, enabled: true })
    expect(step.summary).toContain('it as a local administrator')
  })

  it('keeps the VM’s higher installed VMAccess version', async () => {
    const step = await runAction(emulator(), 'vm-vmaccess-27', {
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    const applied = emulator()
      .vm('rg-demo', 'vm-vmaccess-27')
      .extensions.find((e) => e.type === 'VMAccessAgent')
    expect(applied?.typeHandlerVersion).toBe('2.7')
  })

  it('removes both VMAccess extensions of a VM that holds two', async () => {
    const step = await runAction(emulator(), 'vm-two-vmaccess', {
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    const writes = writesTo(emulator(), 'vm-two-vmaccess').filter((w) =>
      w.includes('/extensions/')
    )
    expect(writes.filter((w) => w.startsWith('DELETE'))).toHaveLength(2)
    expect(writes.at(-1)).toMatch(/^PUT /)
    expect(
      emulator()
        .vm('rg-demo', 'vm-two-vmaccess')
        .extensions.filter((e) => e.type === 'VMAccessAgent')
    ).toHaveLength(1)
  })

  it('warns in the summary that AADLoginForWindows may need re-applying', async () => {
    const step = await runAction(emulator(), 'vm-aad', {
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    expect(step.summary).toContain('AADLoginForWindows')
  })
})
