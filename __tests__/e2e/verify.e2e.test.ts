// verify: after a reset, the bundle proves inside the guest that it took,
// through the emulator's Run Command and its guest model.
import { scenario } from '../../emulator/index.ts'
import {
  freshEmulatorPerTest,
  newPassword,
  runAction,
  writesTo
} from './action-fixture.ts'

interface Verification {
  verified: string
  reason?: string
  checks?: { check: string; verdict: string; value: unknown }[]
}

function verificationOf(outputs: Record<string, string>): Verification {
  return JSON.parse(outputs['verification'] ?? '{}') as Verification
}

function verdicts(v: Verification): Record<string, string> {
  return Object.fromEntries((v.checks ?? []).map((c) => [c.check, c.verdict]))
}

/** The Run Command requests the bundle sent to `vmName`, a managed one's name as <name>. */
function runCommandCalls(
  requests: readonly { method: string; path: string }[],
  vmName: string
): string[] {
  return requests
    .filter((r) => r.path.includes(`/virtualMachines/${vmName}/runCommand`))
    .map((r) =>
      `${r.method} ${r.path.slice(r.path.indexOf('/runCommand'))}`.replace(
        /azure-vm-access-reset-[0-9a-f]+/,
        '<name>'
      )
    )
}

describe('verify after a reset, end to end', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario()
      .vm('vm-silent', (vm) => vm.vmAccessSilentlySucceeds().rdpDisabled())
      .vm('vm-behind', (vm) => vm.guestClockSkew(-8 * 60_000))
      .vm('vm-hardened', (vm) => vm.networkLogonDenied())
      .vm('vm-port', (vm) => vm.rdpPort(3390))
      .vm('vm-busy', (vm) => vm.runCommandBusyFor(1500))
      .vm('vm-noisy', (vm) => vm.runCommandNoise(20_000))
      .vm('vm-cut', (vm) => vm.runCommandOutputCut())
      .vm('vm-stderr', (vm) =>
        vm.runCommandFails('::error::Access is denied <script>')
      )
      .build()
  })

  it('proves a password reset with the password itself: one logon in the guest, account and RDP, all ✅', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['verified']).toBe('true')
    expect(verdicts(verificationOf(step.outputs))).toEqual({
      'account-exists': 'pass',
      'account-enabled': 'pass',
      'account-admin': 'pass',
      'password-accepted': 'pass',
      'password-set': 'pass',
      'rdp-enabled': 'pass',
      'rdp-service': 'pass',
      'rdp-firewall': 'pass',
      'rdp-port': 'pass'
    })
    expect(step.summary).toContain('<h3>Proof</h3>')
    expect(step.summary).toContain(
      '✅ The account accepts this run’s password (one network logon in the guest'
    )
    expect(emulator().vm('rg-demo', 'vm-web-01').accounts[0]).toMatchObject({
      name: 'azureadmin',
      logonAttempts: 1
    })
    // A managed Run Command, since only it takes a protected parameter; deleted after.
    const calls = runCommandCalls(emulator().requests, 'vm-web-01')
    expect(calls[0]).toMatch(/^PUT \/runCommands\/<name>/)
    expect(calls.at(-1)).toMatch(/^DELETE \/runCommands\/<name>/)
    expect(emulator().runCommandResources('rg-demo', 'vm-web-01')).toEqual([])
  })

  it('sends the password only as a protected parameter: never in the script, the public parameters or the instance view', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      password: newPassword
    })
    const verify = emulator().runCommandLog.find((r) =>
      r.script[0]?.includes('verify/2')
    )

    expect(step.exitCode).toBe(0)
    expect(verify).toMatchObject({
      kind: 'managed',
      protectedParameterNames: ['PasswordBase64']
    })
    const visible = JSON.stringify({
      script: verify?.script,
      parameters: verify?.parameters,
      stdout: verify?.stdout,
      stderr: verify?.stderr
    })
    for (const form of [
      newPassword,
      Buffer.from(newPassword).toString('base64')
    ]) {
      expect(visible).not.toContain(form)
    }
  })

  it('proves a reset on a guest whose clock is 8 minutes behind: no clock is compared with the runner’s', async () => {
    const step = await runAction(emulator(), 'vm-behind', {
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['verified']).toBe('true')
    expect(verdicts(verificationOf(step.outputs))).toMatchObject({
      'password-accepted': 'pass',
      'password-set': 'pass'
    })
  })

  it('calls a logon the guest’s policy denies unknown, names the policy, and passes the step', async () => {
    const step = await runAction(emulator(), 'vm-hardened', {
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['status']).toBe('succeeded')
    expect(step.outputs['verified']).toBe('unknown')
    expect(verdicts(verificationOf(step.outputs))).toMatchObject({
      'password-accepted': 'unknown',
      'password-set': 'pass'
    })
    expect(step.stdout).toMatch(
      /::notice::Not verified inside the guest: The password could not be tried: the guest’s policy does not grant this account network logon \(error 1385: "Access this computer from the network"/
    )
    expect(step.summary).toContain('❔ The password could not be tried')
  })

  it('proves an RDP reset with the RDP checks only', async () => {
    const step = await runAction(emulator(), 'vm-web-01', { mode: 'reset-rdp' })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['verified']).toBe('true')
    expect(Object.keys(verdicts(verificationOf(step.outputs)))).toEqual([
      'rdp-enabled',
      'rdp-service',
      'rdp-firewall',
      'rdp-port'
    ])
  })

  it('catches the silent success: verified=false, a failed step, the fix for each check', async () => {
    const step = await runAction(emulator(), 'vm-silent', {
      password: newPassword
    })

    expect(step.exitCode).toBe(1)
    expect(step.outputs['status']).toBe('failed')
    expect(step.outputs['verified']).toBe('false')
    expect(verdicts(verificationOf(step.outputs))).toMatchObject({
      'password-accepted': 'fail',
      'password-set': 'warn',
      'rdp-enabled': 'fail'
    })
    expect(step.stdout).toContain(
      'The reset reported success, but the guest shows otherwise'
    )
    expect(step.summary).toContain('❌ The account refuses this run’s password')
    // One try only: a wrong password counts toward the lockout threshold.
    expect(
      emulator().vm('rg-demo', 'vm-silent').accounts[0]?.logonAttempts
    ).toBe(1)
    expect(step.summary).toContain(
      'the check inside the guest shows it did not take in full'
    )
  })

  it('warns of a custom RDP port and still passes', async () => {
    const step = await runAction(emulator(), 'vm-port', { mode: 'reset-rdp' })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['verified']).toBe('true')
    expect(step.summary).toContain('⚠️ RDP listens on port 3390, not 3389.')
  })

  it('without runCommand/action: unknown, a notice naming it, a passing step', async () => {
    emulator().faults.add('VirtualMachines_RunCommand', {
      status: 403,
      code: 'AuthorizationFailed',
      message:
        "The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/runCommand/action'."
    })

    const step = await runAction(emulator(), 'vm-web-01', { mode: 'reset-rdp' })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['status']).toBe('succeeded')
    expect(step.outputs['verified']).toBe('unknown')
    expect(step.stdout).toMatch(
      /::notice::Not verified inside the guest: the identity may not use Run Command: it needs Microsoft\.Compute\/virtualMachines\/runCommand\/action.*verify: false/
    )
  })

  it('without runCommands/write: a password reset is unknown, the notice naming the managed Run Command’s action', async () => {
    emulator().faults.add('VirtualMachineRunCommands_CreateOrUpdate', {
      status: 403,
      code: 'AuthorizationFailed',
      message:
        "The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/runCommands/write'."
    })

    const step = await runAction(emulator(), 'vm-web-01', {
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['verified']).toBe('unknown')
    expect(step.stdout).toMatch(
      /::notice::Not verified inside the guest: the identity may not use Run Command: it needs Microsoft\.Compute\/virtualMachines\/runCommands\/write/
    )
  })

  it('waits for another Run Command that holds the VM, then verifies', async () => {
    const step = await runAction(emulator(), 'vm-busy', { mode: 'reset-rdp' })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['verified']).toBe('true')
    expect(
      emulator().requests.filter(
        (r) =>
          r.operationId === 'VirtualMachines_RunCommand' && r.status === 409
      ).length
    ).toBeGreaterThan(0)
  })

  it('reads the JSON line past 4 KB of noise; a cut line is unknown', async () => {
    const noisy = await runAction(emulator(), 'vm-noisy', { mode: 'reset-rdp' })
    const cut = await runAction(emulator(), 'vm-cut', { mode: 'reset-rdp' })

    expect(noisy.outputs['verified']).toBe('true')
    expect(cut.exitCode).toBe(0)
    expect(cut.outputs['verified']).toBe('unknown')
    expect(verificationOf(cut.outputs).reason).toContain('missing or cut')
  })

  it('tells a probe that failed in the guest as text, never as a workflow command', async () => {
    const step = await runAction(emulator(), 'vm-stderr', { mode: 'reset-rdp' })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['verified']).toBe('unknown')
    expect(step.stdout).not.toMatch(/^::error::Access is denied/m)
    expect(step.summary).toContain('Access is denied &#60;script&#62;')
  })

  it('verify: false sends no Run Command', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      password: newPassword,
      verify: 'false'
    })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['verified']).toBe('unknown')
    expect(verificationOf(step.outputs).reason).toBe('verify: false')
    expect(runCommandCalls(emulator().requests, 'vm-web-01')).toEqual([])
    expect(writesTo(emulator(), 'vm-web-01')).toHaveLength(2)
  })
})
