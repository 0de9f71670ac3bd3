import {
  debugEverything,
  freshEmulatorPerTest,
  leaks,
  newPassword,
  runAction
} from './action-fixture.ts'

describe('secret hygiene with debug logging on', () => {
  const emulator = freshEmulatorPerTest()

  it('never prints the password or any token of a successful reset', async () => {
    const step = await runAction(
      emulator(),
      'vm-web-01',
      { password: newPassword },
      debugEverything
    )

    expect(step.exitCode).toBe(0)
    expect(emulator().issuedTokens.length).toBeGreaterThanOrEqual(2)
    expect(leaks(step, [newPassword, ...emulator().issuedTokens])).toEqual([])
    expect(step.stdout).toContain('::debug::')
    // verify sent the password to the guest (its one logon) in this very run.
    expect(step.outputs['verified']).toBe('true')
    expect(
      emulator().vm('rg-demo', 'vm-web-01').accounts[0]?.logonAttempts
    ).toBe(1)
  })

  it('never prints the password or any token of a failed reset', async () => {
    const step = await runAction(
      emulator(),
      'vm-ext-fails',
      { password: newPassword },
      debugEverything
    )

    expect(step.exitCode).toBe(1)
    expect(leaks(step, [newPassword, ...emulator().issuedTokens])).toEqual([])
  })

  it('never prints the client secret of a client-secret sign-in', async () => {
    const step = await runAction(
      emulator(),
      'vm-web-01',
      {
        'auth-type': 'client-secret',
        'client-secret': emulator().clientSecret,
        password: newPassword
      },
      debugEverything
    )

    expect(step.exitCode).toBe(0)
    expect(
      leaks(step, [
        emulator().clientSecret,
        newPassword,
        ...emulator().issuedTokens
      ])
    ).toEqual([])
  })

  it('never echoes a password refused as input', async () => {
    const weak = 'weakpassword'

    const step = await runAction(
      emulator(),
      'vm-web-01',
      { password: weak },
      debugEverything
    )

    expect(step.exitCode).toBe(1)
    expect(leaks(step, [weak])).toEqual([])
  })
})
