import { runAction, freshEmulatorPerTest, writesTo } from './action-fixture.ts'

describe('reset-rdp, end to end', () => {
  const emulator = freshEmulatorPerTest()

  it('re-applies VMAccess without a user, which enables Remote Desktop', async () => {
    const step = await runAction(emulator(), 'vm-web-01', { mode: 'reset-rdp' })

    expect(step.exitCode).toBe(0)
    expect(writesTo(emulator(), 'vm-web-01')).toEqual([
      'DELETE /virtualMachines/vm-web-01/extensions/myVMAccess',
      'PUT /virtualMachines/vm-web-01/extensions/myVMAccess'
    ])
    expect(emulator().vm('rg-demo', 'vm-web-01').rdpEnabled).toBe(true)
    expect(step.outputs).toMatchObject({ status: 'succeeded', username: '' })
  })

  it('leaves every account’s password as it was', async () => {
    const before = emulator().vm('rg-demo', 'vm-no-vmaccess').accounts

    await runAction(emulator(), 'vm-no-vmaccess', { mode: 'reset-rdp' })

    expect(emulator().vm('rg-demo', 'vm-no-vmaccess').accounts).toEqual(before)
  })

  it('tells in the summary what was and was not reset', async () => {
    const step = await runAction(emulator(), 'vm-web-01', { mode: 'reset-rdp' })

    expect(step.summary).toContain(
      '✅ RDP configuration reset succeeded: vm-web-01'
    )
    expect(step.summary).toContain(
      'Remote Desktop enabled (fDenyTSConnections=0)'
    )
    expect(step.summary).toContain(
      'Not reset: a custom RDP port, a Group Policy'
    )
  })
})
