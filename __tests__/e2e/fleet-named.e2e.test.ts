// One step over several named VMs: per-VM results, counts, fail-on, dry-run,
// per-VM rotation secrets, one sign-in, throttling and a cancel mid-fleet.
import { scenario, vmRecipes } from '../../emulator/index.ts'
import { runStep } from '../../scripts/runner.ts'
import {
  freshEmulatorPerTest,
  leaks,
  newPassword,
  runAction,
  writesTo
} from './action-fixture.ts'

interface ResultEntry {
  'resource-group': string
  'vm-name': string
  'vm-id': string
  status: string
  'vm-state': string
  message: string
  username: string
  verified: string
  'secret-id': string
  'secret-version': string
}

function resultsOf(outputs: Record<string, string>): ResultEntry[] {
  return JSON.parse(outputs['results'] ?? '[]') as ResultEntry[]
}

function statusByVm(outputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    resultsOf(outputs).map((r) => [r['vm-name'], r.status])
  )
}

const mixed = [
  'vm-web-01',
  'vm-no-vmaccess',
  'vm-two-vmaccess',
  'vm-deallocated',
  'vm-linux',
  'vm-ext-fails'
]
// Four running Windows VMs whose resets succeed.
const fourHealthy = 'vm-web-01, vm-no-vmaccess, vm-aad, vm-two-vmaccess'
const fast = scenario().everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))

describe('a step over several named VMs', () => {
  const emulator = freshEmulatorPerTest({ scenario: fast })

  it('resets each VM, skips those pre-flight refuses, and fails by fail-on any', async () => {
    const step = await runAction(emulator(), mixed[0] as string, {
      'vm-name': mixed.join('\n'),
      password: newPassword,
      'max-parallel': '3'
    })

    expect(step.exitCode).toBe(1)
    expect(statusByVm(step.outputs)).toEqual({
      'vm-web-01': 'succeeded',
      'vm-no-vmaccess': 'succeeded',
      'vm-two-vmaccess': 'succeeded',
      'vm-deallocated': 'skipped',
      'vm-linux': 'skipped',
      'vm-ext-fails': 'failed'
    })
    expect(step.outputs).toMatchObject({
      status: 'failed',
      'succeeded-count': '3',
      'failed-count': '1',
      'skipped-count': '2'
    })
    for (const vm of ['vm-web-01', 'vm-no-vmaccess', 'vm-two-vmaccess']) {
      expect(
        emulator().passwordMatches('rg-demo', vm, 'azureadmin', newPassword)
      ).toBe(true)
    }
    expect(writesTo(emulator(), 'vm-deallocated')).toEqual([])
    expect(writesTo(emulator(), 'vm-linux')).toEqual([])
    const failed = resultsOf(step.outputs).find(
      (r) => r['vm-name'] === 'vm-ext-fails'
    )
    expect(failed?.['vm-state']).toBe('extension-failed')
    // Totals first, then the failure with its next step, then every VM.
    const order = ['3 of 6 VMs succeeded', 'Failures and next steps', 'All VMs']
    const at = order.map((text) => step.summary.indexOf(text))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    expect(step.summary).toContain('Skipped (nothing was sent to them)')
    expect(leaks(step, [newPassword, ...emulator().issuedTokens])).toEqual([])
  })

  it('signs in once for every VM: one token request', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      'vm-name': fourHealthy,
      password: newPassword,
      'max-parallel': '4'
    })

    expect(step.exitCode).toBe(0)
    const tokenRequests = emulator().requests.filter(
      (r) => r.service === 'entra' && r.path.endsWith('/oauth2/v2.0/token')
    )
    expect(tokenRequests).toHaveLength(1)
  })

  it.each([
    ['never', ['vm-web-01', 'vm-ext-fails'], 0],
    ['all', ['vm-web-01', 'vm-ext-fails'], 0],
    ['all', ['vm-ext-fails', 'vm-domain-controller'], 1],
    ['any', ['vm-web-01', 'vm-deallocated'], 0]
  ])('fail-on %s over %j exits %i', async (failOn, vms, exitCode) => {
    const step = await runAction(emulator(), 'vm-web-01', {
      'vm-name': vms.join(','),
      password: newPassword,
      'fail-on': failOn
    })

    expect(step.exitCode).toBe(exitCode)
    expect(step.outputs['status']).toBe(exitCode ? 'failed' : 'succeeded')
  })

  it('keeps the single-VM outputs and summary when the list names one VM', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    expect(step.outputs).toMatchObject({
      status: 'succeeded',
      username: 'azureadmin',
      'succeeded-count': '1'
    })
    expect(resultsOf(step.outputs)).toHaveLength(1)
    expect(step.summary).toContain('Password reset succeeded: vm-web-01')
  })

  it('fails a step whose only VM pre-flight refuses, as before', async () => {
    const step = await runAction(emulator(), 'vm-deallocated', {
      password: newPassword
    })

    expect(step.exitCode).toBe(1)
    expect(step.outputs['status']).toBe('failed')
    expect(resultsOf(step.outputs)[0]?.status).toBe('skipped')
  })
})

describe('dry-run', () => {
  const emulator = freshEmulatorPerTest({ scenario: fast })

  it('pre-flights every VM, prints the writes, outputs a matrix and writes nothing', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      'vm-name': 'vm-web-01, vm-two-vmaccess, vm-linux',
      password: newPassword,
      'dry-run': 'true'
    })

    expect(step.exitCode).toBe(0)
    expect(
      emulator().requests.filter(
        (r) => r.method !== 'GET' && r.service === 'arm'
      )
    ).toEqual([])
    expect(statusByVm(step.outputs)).toEqual({
      'vm-web-01': 'planned',
      'vm-two-vmaccess': 'planned',
      'vm-linux': 'skipped'
    })
    expect(JSON.parse(step.outputs['matrix'] ?? '')).toEqual({
      include: [
        { 'resource-group': 'rg-demo', 'vm-name': 'vm-web-01' },
        { 'resource-group': 'rg-demo', 'vm-name': 'vm-two-vmaccess' }
      ]
    })
    expect(step.outputs['planned-count']).toBe('2')
    expect(step.summary).toContain('DELETE /subscriptions/')
    expect(step.summary).toContain('&#42;&#42;&#42;')
    expect(leaks(step, [newPassword])).toEqual([])
  })
})

describe('dry-run of a rotation', () => {
  const emulator = freshEmulatorPerTest({ scenario: fast })

  it('shows the Key Vault write before the VM’s and sends neither', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      'vm-name': 'vm-web-01, vm-no-vmaccess',
      'generate-password': 'true',
      'key-vault-url': emulator().keyVaultUrl,
      'dry-run': 'true'
    })

    expect(step.exitCode).toBe(0)
    const vault = step.summary.indexOf(
      `PUT ${emulator().keyVaultUrl}/secrets/rg-demo-vm-web-01-azureadmin-`
    )
    expect(vault).toBeGreaterThan(0)
    expect(vault).toBeLessThan(step.summary.indexOf('PUT /subscriptions/'))
    expect(
      emulator().requests.filter(
        (r) => r.method !== 'GET' && r.service !== 'entra'
      )
    ).toEqual([])
  })
})

describe('rotation over several VMs', () => {
  const emulator = freshEmulatorPerTest({ scenario: fast })

  it('gives each VM its own password and secret; a failure touches only its own', async () => {
    const vms = ['vm-web-01', 'vm-no-vmaccess', 'vm-ext-fails']
    const step = await runAction(emulator(), 'vm-web-01', {
      'vm-name': vms.join('\n'),
      'generate-password': 'true',
      'key-vault-url': emulator().keyVaultUrl,
      'secret-name-prefix': 'ops'
    })

    expect(step.exitCode).toBe(1)
    const results = resultsOf(step.outputs)
    const secretNames = results.map((r) => r['secret-id'].split('/')[4])
    expect(new Set(secretNames).size).toBe(3)
    const passwords = new Set<string>()
    for (const r of results) {
      const name = r['secret-id'].split('/')[4] ?? ''
      expect(name.startsWith('ops-rg-demo-')).toBe(true)
      const versions = emulator().secretVersions(name)
      expect(versions).toHaveLength(1)
      const value = emulator().secretValue(name, r['secret-version']) ?? ''
      passwords.add(value)
      const healthy = r['vm-name'] !== 'vm-ext-fails'
      expect(versions[0]?.tags['rotation-state']).toBe(
        healthy ? 'active' : 'failed'
      )
      expect(
        emulator().passwordMatches('rg-demo', r['vm-name'], 'azureadmin', value)
      ).toBe(healthy)
    }
    expect(passwords.size).toBe(3)
    expect(leaks(step, [...passwords])).toEqual([])
  })
})

describe('pacing and stopping', () => {
  const emulator = freshEmulatorPerTest({
    scenario: fast.throttle('VirtualMachineExtensions_CreateOrUpdate', {
      retryAfterSeconds: 1,
      times: 3
    })
  })

  it('rides out 429s with one shared back-off and reports them', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      'vm-name': fourHealthy,
      password: newPassword,
      'max-parallel': '4'
    })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['succeeded-count']).toBe('4')
    expect(step.summary).toMatch(/Azure throttled 3 request\(s\) \(429\)/)
  })
})

describe('a cancel mid-fleet', () => {
  // The guests never finish, so both VMs are still in flight when the
  // signal goes, however slow the machine: no slot frees up for a third.
  const emulator = freshEmulatorPerTest({
    scenario: scenario().everyVm((vm) => vm.extensionNeverEnds().deleteTakes(0))
  })

  it('starts no new VM, reports the ones in flight and leaves the rest not started', async () => {
    const vms = ['vm-web-01', 'vm-no-vmaccess', 'vm-aad', 'vm-two-vmaccess']
    const step = await runStep({
      inputs: {
        ...emulator().inputs('vm-web-01'),
        'vm-name': vms.join(','),
        password: newPassword,
        'max-parallel': '2'
      },
      env: emulator().env(),
      cancel: {
        signal: 'SIGINT',
        when: () =>
          emulator().requests.filter(
            (r) =>
              r.method === 'PUT' &&
              r.operationId === 'VirtualMachineExtensions_CreateOrUpdate'
          ).length >= 2,
        thenMs: 0
      }
    })

    expect(step.exitCode).toBe(1)
    const statuses = statusByVm(step.outputs)
    expect(statuses['vm-aad']).toBe('not-started')
    expect(statuses['vm-two-vmaccess']).toBe('not-started')
    const inFlight = resultsOf(step.outputs).filter((r) =>
      ['vm-web-01', 'vm-no-vmaccess'].includes(r['vm-name'])
    )
    expect(inFlight.map((r) => r.status)).toEqual(['failed', 'failed'])
    expect(inFlight.map((r) => r['vm-state'])).toEqual([
      'extension-unknown',
      'extension-unknown'
    ])
    expect(writesTo(emulator(), 'vm-aad')).toEqual([])
    expect(step.summary).toContain('The run was cancelled')
  })
})

// Run Command stays busy with another script on two VMs (every script request
// gets 409 Conflict for ten minutes), and they are first in line for the two
// workers. timeout-minutes: 1 gives one VM 12 s of waiting (a fifth).
describe('a VM that stays busy', () => {
  const busy = 600_000
  const emulator = freshEmulatorPerTest({
    scenario: scenario()
      .everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))
      .vm('vm-busy', (vm) => vm.runCommandBusyFor(busy))
      .vm('vm-dc-busy', (vm) =>
        vmRecipes.domainControllerRefused(vm).runCommandBusyFor(busy)
      )
      .build()
  })

  it('is given up on within its own wait, with its state and fix, and the fleet goes on', async () => {
    const step = await runAction(emulator(), 'vm-busy', {
      'vm-name': `vm-busy, vm-dc-busy, ${fourHealthy}`,
      password: newPassword,
      'max-parallel': '2',
      'timeout-minutes': '1',
      'domain-controller': 'run-command'
    })

    expect(statusByVm(step.outputs)).toEqual({
      'vm-busy': 'succeeded',
      'vm-dc-busy': 'failed',
      'vm-web-01': 'succeeded',
      'vm-no-vmaccess': 'succeeded',
      'vm-aad': 'succeeded',
      'vm-two-vmaccess': 'succeeded'
    })
    const results = resultsOf(step.outputs)
    const result = (name: string): ResultEntry | undefined =>
      results.find((r) => r['vm-name'] === name)
    // The reset took; only its proof had to wait for Run Command.
    expect(result('vm-busy')?.verified).toBe('unknown')
    expect(result('vm-dc-busy')).toMatchObject({ 'vm-state': 'none' })
    expect(result('vm-dc-busy')?.message).toMatch(
      /^VM 'vm-dc-busy' stayed busy with another operation or Run Command script: Azure still answered 409 Conflict after the action had waited 12 s for it, .* Nothing was changed on the VM\.$/
    )
    expect(emulator().runCommandResources('rg-demo', 'vm-dc-busy')).toEqual([])
    expect(step.summary).toContain('az vm run-command list -g rg-demo')
  }, 90_000)
})
