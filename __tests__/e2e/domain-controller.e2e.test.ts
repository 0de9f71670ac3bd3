// Domain controllers, which VMAccess refuses: refused cleanly by default,
// and with domain-controller: run-command reset through a managed Run
// Command whose password appears nowhere and which is gone afterwards.
import { scenario, vmRecipes, type Emulator } from '../../emulator/index.ts'
import { computeClient } from '../../emulator/__tests__/sdk-clients.ts'
import {
  debugEverything,
  freshEmulatorPerTest,
  leaks,
  newPassword,
  runAction,
  scriptsRunOn,
  runCommandWrites,
  writesTo
} from './action-fixture.ts'

const runCommandRoute = { 'domain-controller': 'run-command' }

/** Waits until no Run Command on the VM is still at work. */
async function finished(emulator: Emulator, vmName: string): Promise<void> {
  const atWork = (): boolean =>
    emulator
      .runCommandResources('rg-demo', vmName)
      .some(
        (r) => r.executionState === 'Running' || r.executionState === 'Pending'
      )
  while (atWork()) await new Promise((resolve) => setTimeout(resolve, 50))
}

/** Another run's Run Command on the VM, created as that run would (async, so it stays at work). */
async function anotherRunsCommand(
  emulator: Emulator,
  vmName: string,
  name: string
): Promise<void> {
  await computeClient(emulator).virtualMachineRunCommands.createOrUpdate(
    'rg-demo',
    vmName,
    name,
    {
      location: 'westeurope',
      source: { script: 'Write-Output "another run"' },
      asyncExecution: true
    },
    { updateIntervalInMs: 10 }
  )
}

describe('domain controllers, end to end', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario()
      .vm('vm-dc-known', vmRecipes.domainControllerRefused)
      .vm('vm-dc-new', vmRecipes.domainControllerWithoutVmAccess)
      .vm('vm-silent', vmRecipes.silentSuccess)
      .vm('vm-dc-busy', (vm) =>
        vmRecipes.domainControllerRefused(vm).runCommandTakes(120_000)
      )
      .build()
  })

  it('refuses a known domain controller with the fix, sending nothing', async () => {
    const step = await runAction(emulator(), 'vm-dc-known', {
      password: newPassword
    })

    expect(step.exitCode).toBe(1)
    expect(writesTo(emulator(), 'vm-dc-known')).toEqual([])
    expect(step.stdout).toContain('is a domain controller')
    expect(step.summary).toContain('domain-controller: run-command')
    expect(step.summary).toContain('Nothing was changed on the VM.')
  })

  it('sets the password through Run Command: verified, deleted, and the password nowhere', async () => {
    const step = await runAction(
      emulator(),
      'vm-dc-known',
      { password: newPassword, ...runCommandRoute },
      debugEverything
    )

    expect(step.exitCode).toBe(0)
    expect(step.outputs['status']).toBe('succeeded')
    expect(step.outputs['verified']).toBe('true')
    expect(step.outputs['extension-name']).toBe('')
    const writes = writesTo(emulator(), 'vm-dc-known')
    expect(writes.every((w) => w.includes('/runCommands/'))).toBe(true)
    // set-access, then verify: each Run Command put, then deleted.
    expect(writes.map((w) => w.split(' ')[0])).toEqual([
      'PUT',
      'DELETE',
      'PUT',
      'DELETE'
    ])
    expect(scriptsRunOn(emulator(), 'vm-dc-known')).toEqual([
      'set-access/1',
      'verify/2'
    ])
    expect(emulator().runCommandResources('rg-demo', 'vm-dc-known')).toEqual([])
    expect(step.summary).toContain('domain account')
    // The script text, its public parameters and every instance view the
    // emulator served, beside everything the step wrote.
    const served = JSON.stringify(emulator().runCommandLog)
    expect(served).not.toContain(newPassword)
    expect(served).not.toContain(Buffer.from(newPassword).toString('base64'))
    expect(leaks(step, [newPassword, ...emulator().issuedTokens])).toEqual([])
  })

  it('asks a VM pre-flight cannot place, and takes Run Command without touching VMAccess', async () => {
    const step = await runAction(emulator(), 'vm-dc-new', {
      password: newPassword,
      ...runCommandRoute
    })

    expect(step.exitCode).toBe(0)
    expect(step.stdout).toContain(
      'It is a domain controller: the reset goes through Run Command.'
    )
    expect(
      writesTo(emulator(), 'vm-dc-new').filter((w) =>
        w.includes('/extensions/')
      )
    ).toEqual([])
    expect(step.outputs['verified']).toBe('true')
  })

  it('asks nothing of a VM that is not a domain controller but resets it with VMAccess', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      password: newPassword,
      ...runCommandRoute
    })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['extension-name']).not.toBe('')
    // The route question, then the proof: no set-access.
    expect(scriptsRunOn(emulator(), 'vm-web-01')).toEqual([
      'verify/2',
      'verify/2'
    ])
  })

  it('without runCommands/write: fails naming the action, nothing changed', async () => {
    emulator().faults.add('VirtualMachineRunCommands_CreateOrUpdate', {
      status: 403,
      code: 'AuthorizationFailed',
      message:
        "The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/runCommands/write'."
    })

    const step = await runAction(emulator(), 'vm-dc-known', {
      password: newPassword,
      ...runCommandRoute
    })

    expect(step.exitCode).toBe(1)
    expect(step.stdout).toContain(
      'Microsoft.Compute/virtualMachines/runCommands/write'
    )
    expect(step.summary).toContain('Nothing was changed on the VM.')
  })

  it('refuses while another run’s Run Command is at work on the VM, changing nothing', async () => {
    const other = 'azure-vm-access-reset-0a1b2c3d'
    await anotherRunsCommand(emulator(), 'vm-dc-busy', other)
    const before = writesTo(emulator(), 'vm-dc-busy').length

    const step = await runAction(emulator(), 'vm-dc-busy', {
      password: newPassword,
      ...runCommandRoute
    })

    expect(step.exitCode).toBe(1)
    expect(writesTo(emulator(), 'vm-dc-busy').slice(before)).toEqual([])
    expect(step.outputs['message']).toContain(
      `Run Command '${other}' is Running`
    )
    expect(step.summary).toContain('concurrency group')
    expect(step.summary).toContain('Nothing was changed on the VM.')
    expect(
      emulator()
        .runCommandResources('rg-demo', 'vm-dc-busy')
        .map((r) => r.name)
    ).toEqual([other])
  })

  it('goes on past an ended Run Command of an earlier run, and leaves it be', async () => {
    const earlier = 'azure-vm-access-reset-00ff00ff'
    await anotherRunsCommand(emulator(), 'vm-dc-known', earlier)
    await finished(emulator(), 'vm-dc-known')

    const step = await runAction(emulator(), 'vm-dc-known', {
      password: newPassword,
      ...runCommandRoute
    })

    expect(step.exitCode).toBe(0)
    expect(
      emulator()
        .runCommandResources('rg-demo', 'vm-dc-known')
        .map((r) => r.name)
    ).toEqual([earlier])
  })

  it('tells a script that failed in the guest, and deletes its Run Command', async () => {
    const step = await runAction(emulator(), 'vm-dc-known', {
      password: newPassword,
      username: 'nobody-here',
      ...runCommandRoute
    })

    expect(step.exitCode).toBe(1)
    expect(step.stdout).toContain('does not exist')
    expect(step.summary).toContain(
      'The set-access script ran through Run Command and reported a failure'
    )
    expect(emulator().runCommandResources('rg-demo', 'vm-dc-known')).toEqual([])
  })

  it('in a fleet, routes and proves each VM on its own', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      'vm-name': 'vm-web-01, vm-dc-known, vm-silent',
      password: newPassword,
      'fail-on': 'never',
      ...runCommandRoute
    })

    expect(step.exitCode).toBe(0)
    const results = JSON.parse(step.outputs['results'] ?? '[]') as Record<
      string,
      string
    >[]
    expect(
      results.map((r) => [
        r['vm-name'],
        r['status'],
        r['verified'],
        r['vm-state']
      ])
    ).toEqual([
      ['vm-web-01', 'succeeded', 'true', 'extension-applied'],
      ['vm-dc-known', 'succeeded', 'true', 'script-applied'],
      ['vm-silent', 'failed', 'false', 'applied-unverified']
    ])
    expect(step.summary).toContain('<th>Verified</th>')
  })
})

// The README's least-privilege role with the Run Command route's actions but
// without runCommand/action (verify's, which it calls optional): the guest
// cannot be asked whether the VM is a domain controller.
describe('a domain controller the guest probe may not ask about', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario()
      .deny('Microsoft.Compute/virtualMachines/runCommand/action')
      .vm('vm-dc-promoted', (vm) =>
        vmRecipes
          .domainControllerWithoutVmAccess(vm)
          .vmAccess('myVMAccess')
          .extensionTakes(0)
          .deleteTakes(0)
      )
      .build()
  })

  it('resets it through Run Command in the same run once VMAccess refuses it, and says so', async () => {
    const step = await runAction(emulator(), 'vm-dc-promoted', {
      password: newPassword,
      ...runCommandRoute
    })

    expect(step.exitCode).toBe(0)
    expect(step.outputs['status']).toBe('succeeded')
    expect(step.outputs['message']).toMatch(
      /^set-access\/1 succeeded through the Run Command 'azure-vm-access-reset-[0-9a-f]{8}'\.$/
    )
    expect(step.outputs['extension-name']).toBe('')
    // VMAccess refused, then set-access, then the proof by the password.
    expect(writesTo(emulator(), 'vm-dc-promoted')).toEqual([
      'DELETE /virtualMachines/vm-dc-promoted/extensions/myVMAccess',
      'PUT /virtualMachines/vm-dc-promoted/extensions/myVMAccess',
      ...runCommandWrites('vm-dc-promoted'),
      ...runCommandWrites('vm-dc-promoted')
    ])
    expect(scriptsRunOn(emulator(), 'vm-dc-promoted')).toEqual([
      'set-access/1',
      'verify/2'
    ])
    expect(step.outputs['verified']).toBe('true')
    expect(
      emulator().passwordMatches(
        'rg-demo',
        'vm-dc-promoted',
        'azureadmin',
        newPassword
      )
    ).toBe(true)
    expect(emulator().runCommandResources('rg-demo', 'vm-dc-promoted')).toEqual(
      []
    )
    expect(step.summary).toContain('through a managed Run Command')
    expect(step.summary).toContain(
      'VMAccess <code>myVMAccess</code> was applied first (after removing <code>myVMAccess</code>) and refused the VM as a domain controller'
    )
  })

  it('leaves the refused VMAccess on the VM, so the next run sends it no more', async () => {
    await runAction(emulator(), 'vm-dc-promoted', {
      password: newPassword,
      ...runCommandRoute
    })
    const before = writesTo(emulator(), 'vm-dc-promoted').length

    const next = await runAction(emulator(), 'vm-dc-promoted', {
      password: newPassword,
      ...runCommandRoute
    })

    expect(next.exitCode).toBe(0)
    expect(
      writesTo(emulator(), 'vm-dc-promoted')
        .slice(before)
        .filter((w) => w.includes('/extensions/'))
    ).toEqual([])
  })

  it('when Run Command is refused too, fails saying VMAccess refused the VM and stays on it', async () => {
    emulator().faults.add('VirtualMachineRunCommands_CreateOrUpdate', {
      status: 403,
      code: 'AuthorizationFailed',
      message:
        "The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/runCommands/write'."
    })

    const step = await runAction(emulator(), 'vm-dc-promoted', {
      password: newPassword,
      ...runCommandRoute
    })

    expect(step.exitCode).toBe(1)
    expect(step.stdout).toContain(
      'Microsoft.Compute/virtualMachines/runCommands/write'
    )
    expect(step.summary).toContain(
      'VMAccess was applied and refused the VM as a domain controller: it reset neither the password nor the RDP settings.'
    )
    expect(step.summary).not.toContain('removes and re-applies')
  })
})
