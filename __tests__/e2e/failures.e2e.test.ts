import {
  newPassword,
  runAction,
  freshEmulatorPerTest,
  writesTo
} from './action-fixture.ts'

describe('failures after the pre-flight, end to end', () => {
  const emulator = freshEmulatorPerTest()

  it("reports status=failed with the extension's own message when VMAccess fails in the guest", async () => {
    const step = await runAction(emulator(), 'vm-ext-fails', {
      password: newPassword
    })

    expect(step.exitCode).toBe(1)
    expect(step.outputs['status']).toBe('failed')
    expect(step.outputs['provisioning-state']).toBe('Failed')
    expect(step.outputs['message']).toMatch(
      /VM has reported a failure when processing extension/
    )
    expect(step.summary).toContain(
      'VMAccess was applied and reported a failure'
    )
    expect(step.summary).toContain('password policy')
  })

  it('maps a non-administrator account to its own next step', async () => {
    const step = await runAction(emulator(), 'vm-not-admin', {
      password: newPassword,
      username: 'helpdesk'
    })

    expect(step.exitCode).toBe(1)
    expect(step.outputs['message']).toContain('not in the Administrators group')
    expect(step.summary).toContain('is not a local administrator')
  })

  it('says the VM has no VMAccess extension when the DELETE succeeded but the PUT was refused', async () => {
    emulator().faults.add('VirtualMachineExtensions_CreateOrUpdate', {
      status: 403,
      code: 'AuthorizationFailed',
      times: 1
    })

    const step = await runAction(emulator(), 'vm-web-01', {
      password: newPassword
    })

    expect(step.exitCode).toBe(1)
    expect(writesTo(emulator(), 'vm-web-01')[0]).toMatch(/^DELETE /)
    expect(step.summary).toContain(
      'the VM has (or shortly will have) no VMAccess extension'
    )
    expect(step.summary).toContain('Re-run the workflow to apply it.')
  })
})
