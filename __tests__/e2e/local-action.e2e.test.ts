// The action's run() under GitHub's @github/local-action, a runner we did not
// write. Each case sets only what a user writes in `with:`; local-action fills
// every other input from action.yml's defaults, as GitHub's runner does.
import { scenario, type Emulator } from '../../emulator/index.ts'
import {
  runLocalAction,
  type LocalActionResult
} from '../../scripts/local-action-runner.ts'
import {
  expectPasswordReapplied,
  freshEmulatorPerTest,
  newPassword,
  writesTo
} from './action-fixture.ts'

// Each run starts npm, tsx and the Azure SDKs from TypeScript: seconds, not ms.
const perRunMs = 45_000

/**
 * Runs the action on `vmName` with `inputs` added to the ones that reach the
 * emulator. local-action's getIDToken throws 'Not implemented', so the default
 * auth-type, oidc, cannot sign in under it: these runs use a client secret.
 */
function runUnderLocalAction(
  emulator: Emulator,
  vmName: string,
  inputs: Record<string, string>
): Promise<LocalActionResult> {
  return runLocalAction({
    inputs: {
      ...emulator.inputs(vmName),
      'auth-type': 'client-secret',
      'client-secret': emulator.clientSecret,
      ...inputs
    },
    env: emulator.env({ auth: 'client-secret' })
  })
}

/** Every ARM request that could change something (a POST may be a read). */
function armWrites(emulator: Emulator): string[] {
  return emulator.requests
    .filter((r) => r.service === 'arm')
    .filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method))
    .map((r) => `${r.method} ${r.path}`)
}

const quickExtensions = scenario()
  .everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))
  .vm('vm-rdp-off', (vm) => vm.rdpDisabled())

describe('the action under @github/local-action, with defaults from action.yml', () => {
  const emulator = freshEmulatorPerTest({ scenario: quickExtensions })

  it(
    'resets the password with only the password given',
    async () => {
      const step = await runUnderLocalAction(emulator(), 'vm-web-01', {
        password: newPassword
      })

      expect(step.errors).toEqual([])
      expect(step.outputs).toMatchObject({
        status: 'succeeded',
        username: 'azureadmin',
        'extension-name': 'myVMAccess'
      })
      expectPasswordReapplied(emulator())
      expect(step.summary).toContain('✅ Password reset succeeded: vm-web-01')
    },
    perRunMs
  )

  it(
    'enables Remote Desktop with mode reset-rdp',
    async () => {
      const step = await runUnderLocalAction(emulator(), 'vm-rdp-off', {
        mode: 'reset-rdp'
      })

      expect(step.errors).toEqual([])
      expect(step.outputs).toMatchObject({ status: 'succeeded', username: '' })
      expect(writesTo(emulator(), 'vm-rdp-off')).toEqual([
        'PUT /virtualMachines/vm-rdp-off/extensions/enablevmaccess'
      ])
      expect(emulator().vm('rg-demo', 'vm-rdp-off').rdpEnabled).toBe(true)
    },
    perRunMs
  )

  it(
    'rotates the password into Key Vault and gives the VM the stored one',
    async () => {
      const vault = emulator().keyVaultUrl

      const step = await runUnderLocalAction(emulator(), 'vm-web-01', {
        'generate-password': 'true',
        'key-vault-url': vault
      })

      expect(step.errors).toEqual([])
      expect(step.outputs['status']).toBe('succeeded')
      const secretId = step.outputs['secret-id'] ?? ''
      expect(secretId.startsWith(`${vault}/secrets/`)).toBe(true)
      const [name = '', version] = secretId
        .slice(`${vault}/secrets/`.length)
        .split('/')
      const stored = emulator().secretValue(name, version)
      expect(
        emulator().passwordMatches('rg-demo', 'vm-web-01', 'azureadmin', stored)
      ).toBe(true)
      expect(writesTo(emulator(), 'vm-web-01')).toContain(
        'PUT /virtualMachines/vm-web-01/extensions/myVMAccess'
      )
      expect(step.stdout).not.toContain(stored)
    },
    perRunMs
  )

  it(
    'diagnoses RDP with mode diagnose and writes nothing',
    async () => {
      const step = await runUnderLocalAction(emulator(), 'vm-web-01', {
        mode: 'diagnose'
      })

      expect(step.errors).toEqual([])
      expect(step.outputs).toMatchObject({
        status: 'succeeded',
        findings: '0'
      })
      const checks = (
        JSON.parse(step.outputs['diagnosis'] ?? '[]') as { check: string }[]
      ).map((f) => f.check)
      expect(checks).toEqual(
        expect.arrayContaining(['power-state', 'nsg', 'guest-rdp-service'])
      )
      expect(step.summary).toContain('<h3>Diagnosis: 0 ❌')
      expect(armWrites(emulator())).toEqual([])
    },
    perRunMs
  )

  it(
    'plans a fleet of named VMs with dry-run and writes nothing',
    async () => {
      const step = await runUnderLocalAction(emulator(), 'vm-web-01', {
        'vm-name': 'vm-web-01, vm-two-vmaccess, vm-linux',
        password: newPassword,
        'dry-run': 'true'
      })

      expect(step.errors).toEqual([])
      expect(step.outputs['planned-count']).toBe('2')
      expect(JSON.parse(step.outputs['matrix'] ?? '')).toEqual({
        include: [
          { 'resource-group': 'rg-demo', 'vm-name': 'vm-web-01' },
          { 'resource-group': 'rg-demo', 'vm-name': 'vm-two-vmaccess' }
        ]
      })
      expect(armWrites(emulator())).toEqual([])
    },
    perRunMs
  )

  it(
    'shows a too-short password as a failure, with exit code 0',
    async () => {
      const step = await runUnderLocalAction(emulator(), 'vm-web-01', {
        password: 'Sh0rt!'
      })

      expect(step.errors.join('\n')).toContain(
        "Input 'password' is 6 characters long; Azure requires 8-123 for Windows"
      )
      expect(step.outputs['status']).toBe('failed')
      expect(emulator().requests.filter((r) => r.service === 'arm')).toEqual([])
      // local-action's setFailed never sets the exit code: only ::error:: tells.
      expect(step.exitCode).toBe(0)
    },
    perRunMs
  )
})
