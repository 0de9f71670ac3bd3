// Runners that differ from github.com's: no job summary file (older GHES,
// some self-hosted runners). The step's outcome must not depend on it.
import {
  newPassword,
  runAction,
  freshEmulatorPerTest
} from './action-fixture.ts'

const noSummary = { GITHUB_STEP_SUMMARY: '' }

describe('a runner without job summaries', () => {
  const emulator = freshEmulatorPerTest()

  it('still passes a reset that succeeded', async () => {
    const step = await runAction(
      emulator(),
      'vm-web-01',
      { password: newPassword },
      noSummary
    )

    expect(step.exitCode).toBe(0)
    expect(step.outputs['status']).toBe('succeeded')
    expect(step.stdout).not.toContain('::error::')
  })

  it('fails a failed reset for its own reason, not the missing summary', async () => {
    const step = await runAction(
      emulator(),
      'vm-ext-fails',
      { password: newPassword },
      noSummary
    )

    expect(step.exitCode).toBe(1)
    expect(step.stdout).toMatch(/::error::.*reported a failure/)
    expect(step.stdout).not.toMatch(/::error::.*GITHUB_STEP_SUMMARY/)
  })
})
