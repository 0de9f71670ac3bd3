import type { Emulator } from '../../emulator/index.ts'
import type { StepResult } from '../../scripts/runner.ts'
import { newPassword, runAction, startTestEmulator } from './action-fixture.ts'

const debugEverything = {
  RUNNER_DEBUG: '1',
  ACTIONS_STEP_DEBUG: 'true',
  AZURE_LOG_LEVEL: 'verbose'
}

/** Every form in which a secret could leak: clear, URL-encoded, base64. */
function formsOf(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64')
  ]
}

/** The secret forms found anywhere a person or a later step can read. */
function leaks(step: StepResult, secrets: string[]): string[] {
  // `::add-mask::` lines are the runner's masking instructions: it consumes
  // them and never shows them, so they are the one place a secret belongs.
  const shown = step.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
  const seen = [
    ...shown,
    step.stderr,
    step.summary,
    JSON.stringify(step.outputs)
  ].join('\n')
  const forms = new Set(secrets.flatMap(formsOf))
  return [...forms].filter((form) => seen.includes(form))
}

describe('secret hygiene with debug logging on', () => {
  let emulator: Emulator

  beforeEach(async () => {
    emulator = await startTestEmulator()
  })
  afterEach(async () => {
    await emulator.stop()
  })

  it('never prints the password or any token of a successful reset', async () => {
    const step = await runAction(
      emulator,
      'vm-web-01',
      { password: newPassword },
      debugEverything
    )

    expect(step.exitCode).toBe(0)
    expect(emulator.issuedTokens.length).toBeGreaterThanOrEqual(2)
    expect(leaks(step, [newPassword, ...emulator.issuedTokens])).toEqual([])
    expect(step.stdout).toContain('::debug::')
  })

  it('never prints the password or any token of a failed reset', async () => {
    const step = await runAction(
      emulator,
      'vm-ext-fails',
      { password: newPassword },
      debugEverything
    )

    expect(step.exitCode).toBe(1)
    expect(leaks(step, [newPassword, ...emulator.issuedTokens])).toEqual([])
  })

  it('never prints the client secret of a client-secret sign-in', async () => {
    const step = await runAction(
      emulator,
      'vm-web-01',
      {
        'auth-type': 'client-secret',
        'client-secret': emulator.clientSecret,
        password: newPassword
      },
      debugEverything
    )

    expect(step.exitCode).toBe(0)
    expect(
      leaks(step, [
        emulator.clientSecret,
        newPassword,
        ...emulator.issuedTokens
      ])
    ).toEqual([])
  })

  it('never echoes a password refused as input', async () => {
    const weak = 'weakpassword'

    const step = await runAction(
      emulator,
      'vm-web-01',
      { password: weak },
      debugEverything
    )

    expect(step.exitCode).toBe(1)
    expect(leaks(step, [weak])).toEqual([])
  })
})
