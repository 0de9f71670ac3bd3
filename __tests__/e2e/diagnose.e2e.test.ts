// mode: diagnose, end to end: the bundle reads a VM, its network (the real
// @azure/arm-network client) and its guest, sends no write, and names each
// cause with its fix. Also reset-rdp's diagnose-on-failure.
import { scenario, vmRecipes, type Emulator } from '../../emulator/index.ts'
import type { StepResult } from '../../scripts/runner.ts'
import { freshEmulatorPerTest, runAction } from './action-fixture.ts'

interface Finding {
  check: string
  verdict: 'pass' | 'warn' | 'fail'
  says: string
  fix?: string
}

function findingsOf(step: StepResult): Finding[] {
  return JSON.parse(step.outputs['diagnosis'] ?? '[]') as Finding[]
}

function failed(step: StepResult): string[] {
  return findingsOf(step)
    .filter((f) => f.verdict === 'fail')
    .map((f) => f.check)
}

/** Every request that could change something: a write is anything but GET and POST-for-read. */
function writes(emulator: Emulator): string[] {
  return emulator.requests
    .filter((r) => r.service === 'arm')
    .filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method))
    .map((r) => `${r.method} ${r.path}`)
}

const diagnoseInputs = { mode: 'diagnose', password: '' }

/** The read action diagnose sends as a POST: Azure computes the effective rules. */
const effectiveNsgRead = 'NetworkInterfaces_ListEffectiveNetworkSecurityGroups'

/** Every Resource Manager request but a GET and the effective-NSG POST. */
function notReads(emulator: Emulator): string[] {
  return emulator.requests
    .filter((r) => r.service === 'arm')
    .filter(
      (r) =>
        r.method !== 'GET' &&
        !(r.method === 'POST' && r.operationId === effectiveNsgRead)
    )
    .map((r) => `${r.method} ${r.path}`)
}

/** Every Run Command request, action or managed, by operation id. */
function runCommands(emulator: Emulator): string[] {
  return emulator.requests
    .map((r) => r.operationId ?? '')
    .filter((id) => /RunCommand/i.test(id))
}

describe('mode: diagnose, end to end', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario()
      .vm('vm-healthy', vmRecipes.healthy)
      .vm('vm-subnet-deny', vmRecipes.deniedBySubnetNsg)
      .vm('vm-nic-deny', vmRecipes.allowedAtSubnetDeniedAtNic)
      .vm('vm-no-pip', vmRecipes.noPublicIp)
      .vm('vm-port', vmRecipes.customRdpPort)
      .vm('vm-off', (vm) => vm.deallocated())
      .vm('vm-dead-agent', (vm) => vm.agentNotReady())
      .build()
  })

  afterEach(() => {
    expect(writes(emulator())).toEqual([])
  })

  it('finds a healthy VM all ✅, with a passing step and findings=0', async () => {
    const step = await runAction(emulator(), 'vm-healthy', diagnoseInputs)

    expect(step.exitCode).toBe(0)
    expect(step.outputs['findings']).toBe('0')
    expect(findingsOf(step).map((f) => f.verdict)).toEqual(
      findingsOf(step).map(() => 'pass')
    )
    expect(findingsOf(step).map((f) => f.check)).toEqual(
      expect.arrayContaining([
        'power-state',
        'vm-agent',
        'vmaccess',
        'boot-diagnostics',
        'public-ip',
        'nsg',
        'guest-rdp-service'
      ])
    )
    expect(step.summary).toContain('<h3>Diagnosis: 0 ❌, 0 ⚠️</h3>')
  })

  it('says in the summary what it ran in the guest: verify/2 as SYSTEM through Run Command', async () => {
    const step = await runAction(emulator(), 'vm-healthy', diagnoseInputs)

    expect(runCommands(emulator())).toContain('VirtualMachines_RunCommand')
    expect(findingsOf(step)).toContainEqual({
      check: 'guest-probe',
      verdict: 'pass',
      says: 'In the guest, the action Run Command (RunPowerShellScript) runs the read-only PowerShell script verify/2 as SYSTEM: it reads the Remote Desktop settings, TermService, the firewall group and the port, and changes nothing.'
    })
    expect(step.summary).toContain(
      'Nothing was changed: diagnose only reads. In the guest, the action Run Command (RunPowerShellScript) runs the read-only PowerShell script verify/2 as SYSTEM'
    )
  })

  it('with diagnose-guest: false sends Azure only reads: GETs and the effective-NSG POST', async () => {
    const step = await runAction(emulator(), 'vm-healthy', {
      ...diagnoseInputs,
      'diagnose-guest': 'false'
    })

    expect(step.exitCode).toBe(0)
    expect(notReads(emulator())).toEqual([])
    expect(runCommands(emulator())).toEqual([])
    expect(
      emulator().requests.filter((r) => r.operationId === effectiveNsgRead)
    ).not.toEqual([])
    expect(findingsOf(step).find((f) => f.check === 'guest')).toMatchObject({
      verdict: 'warn',
      says: 'Inside the guest was not checked: diagnose-guest is false, so no Run Command was sent and diagnose sent Azure only reads.'
    })
    expect(step.summary).toContain('diagnose-guest is false')
  })

  it('says a dry run would diagnose the VM, not reset it', async () => {
    const step = await runAction(emulator(), 'vm-healthy', {
      ...diagnoseInputs,
      'dry-run': 'true'
    })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['message']).toMatch(/^1 would be diagnosed, 0 failed/)
    expect(step.summary).toContain('1 of 1 VMs would be diagnosed')
    expect(step.summary).not.toContain('would be reset')
    expect(step.summary).not.toContain('Would be reset')
    expect(step.outputs['results']).toContain(
      'Dry run: pre-flight passed; would send no write.'
    )
  })

  it('names the subnet NSG rule that denies RDP, and the allow rule to add', async () => {
    const step = await runAction(emulator(), 'vm-subnet-deny', diagnoseInputs)

    expect(step.exitCode).toBe(0)
    expect(step.outputs['findings']).toBe('1')
    const nsg = findingsOf(step).find((f) => f.check === 'nsg')
    expect(nsg?.says).toMatch(
      /denied by subnet NSG \S+, rule securityRules\/DenyRDP \(priority 100, Deny\)/
    )
    // The deny is at 100, the lowest priority: no allow rule can go first.
    expect(nsg?.fix).toContain(
      '`az network nsg rule delete -g rg-demo --nsg-name vm-subnet-deny-subnet-nsg -n DenyRDP`'
    )
    expect(nsg?.fix).not.toContain('--priority 100')
  })

  it('sees a NIC NSG deny behind a subnet allow', async () => {
    const step = await runAction(emulator(), 'vm-nic-deny', diagnoseInputs)

    expect(findingsOf(step).find((f) => f.check === 'nsg')?.says).toMatch(
      /denied by NIC NSG \S+, rule securityRules\/DenyRDP/
    )
  })

  it('warns of no public IP, pointing at Bastion and just-in-time access', async () => {
    const step = await runAction(emulator(), 'vm-no-pip', diagnoseInputs)

    expect(findingsOf(step).find((f) => f.check === 'public-ip')).toMatchObject(
      {
        verdict: 'warn',
        fix: expect.stringContaining('Azure Bastion') as string
      }
    )
  })

  it('catches RDP moved to another port in the guest but not in the NSG', async () => {
    const step = await runAction(emulator(), 'vm-port', diagnoseInputs)

    expect(failed(step)).toEqual(['guest-port'])
  })

  it('diagnoses a deallocated VM without running anything in it', async () => {
    const step = await runAction(emulator(), 'vm-off', diagnoseInputs)

    expect(failed(step)).toContain('power-state')
    expect(
      emulator().requests.filter(
        (r) => r.operationId === 'VirtualMachines_RunCommand'
      )
    ).toEqual([])
  })

  it('diagnoses a dead agent', async () => {
    const step = await runAction(emulator(), 'vm-dead-agent', diagnoseInputs)

    expect(failed(step)).toContain('vm-agent')
  })

  it('fails the step on a ❌ only with fail-on-findings: true', async () => {
    const step = await runAction(emulator(), 'vm-subnet-deny', {
      ...diagnoseInputs,
      'fail-on-findings': 'true'
    })

    expect(step.exitCode).toBe(1)
    expect(step.stdout).toContain('1 finding(s) ❌')
  })

  it('diagnoses several VMs in one step, each with its findings', async () => {
    const step = await runAction(emulator(), 'vm-healthy', {
      ...diagnoseInputs,
      'vm-name': 'vm-healthy, vm-subnet-deny'
    })

    expect(step.exitCode).toBe(0)
    const results = JSON.parse(step.outputs['results'] ?? '[]') as Record<
      string,
      unknown
    >[]
    expect(
      results.map((r) => [
        r['vm-name'],
        r['status'],
        r['findings'],
        r['vm-state']
      ])
    ).toEqual([
      ['vm-healthy', 'succeeded', 0, 'none'],
      ['vm-subnet-deny', 'succeeded', 1, 'none']
    ])
    expect(step.summary).toContain('<h3>Diagnosis: 1 VM(s) with findings</h3>')
    expect(step.summary).toContain('<h4>rg-demo/vm-subnet-deny</h4>')
  })

  it('reports a read it may not make as a ⚠️ naming the permission', async () => {
    emulator().faults.add(
      'NetworkInterfaces_ListEffectiveNetworkSecurityGroups',
      {
        status: 403,
        code: 'AuthorizationFailed',
        message: 'The client does not have authorization to perform action.'
      }
    )

    const step = await runAction(emulator(), 'vm-healthy', diagnoseInputs)

    expect(findingsOf(step).find((f) => f.check === 'nsg')).toMatchObject({
      verdict: 'warn',
      says: expect.stringContaining(
        'Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action'
      ) as string
    })
  })
})

describe('reset-rdp diagnoses its own failure', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario()
      .vm('vm-fails', (vm) =>
        vmRecipes.deniedBySubnetNsg(vm).extensionFails('Enable failed: boom.')
      )
      .build()
  })

  it('appends the diagnosis to the failed reset’s summary', async () => {
    const step = await runAction(emulator(), 'vm-fails', { mode: 'reset-rdp' })

    expect(step.exitCode).toBe(1)
    expect(step.summary).toContain('<h3>Diagnosis: ')
    expect(failed(step)).toContain('nsg')
  })

  it('runs nothing in the guest after the failure with diagnose-guest: false', async () => {
    const step = await runAction(emulator(), 'vm-fails', {
      mode: 'reset-rdp',
      'diagnose-guest': 'false'
    })

    expect(step.exitCode).toBe(1)
    expect(failed(step)).toContain('nsg')
    expect(runCommands(emulator())).toEqual([])
    expect(findingsOf(step).find((f) => f.check === 'guest')?.says).toContain(
      'diagnose-guest is false'
    )
  })

  it('does not with diagnose-on-failure: false', async () => {
    const step = await runAction(emulator(), 'vm-fails', {
      mode: 'reset-rdp',
      'diagnose-on-failure': 'false'
    })

    expect(step.exitCode).toBe(1)
    expect(step.outputs['diagnosis']).toBe('')
  })
})
