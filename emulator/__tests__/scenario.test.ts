import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { decodeJwt } from 'jose'
import {
  loadScenario,
  scenario,
  startEmulator,
  type Emulator
} from '../index.ts'
import { computeClient, githubIdToken } from './sdk-clients.ts'

describe('the default fixture', () => {
  let emulator: Emulator

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: 'default' })
  })
  afterAll(async () => {
    await emulator.stop()
  })

  it('holds the VMs the tests and the demo rely on', () => {
    const names = loadScenario('default').resourceGroups.flatMap((rg) =>
      rg.virtualMachines.map((vm) => vm.name)
    )

    expect(names).toEqual([
      'vm-web-01',
      'vm-no-vmaccess',
      'vm-aad',
      'vm-vmaccess-27',
      'vm-two-vmaccess',
      'vm-deallocated',
      'vm-stopped',
      'vm-starting',
      'vm-linux',
      'vm-agent-not-ready',
      'vm-ext-fails',
      'vm-not-admin',
      'vm-domain-controller',
      'vm-ext-timeout',
      'vm-slow',
      'vm-stuck'
    ])
  })

  it('serves every VM, its instance view and its extensions within the spec', async () => {
    const client = computeClient(emulator)
    const vms = emulator.scenario.resourceGroups[0]?.virtualMachines ?? []

    for (const { name } of vms) {
      await client.virtualMachines.get('rg-demo', name, {
        expand: 'instanceView'
      })
      await client.virtualMachines.get('rg-demo', name)
      await client.virtualMachines.instanceView('rg-demo', name)
      await client.virtualMachineExtensions.list('rg-demo', name, {
        expand: 'instanceView'
      })
    }

    expect(
      emulator.requests.filter((r) => r.service === 'arm' && r.status !== 200)
    ).toEqual([])
    expect(emulator.contractViolations).toEqual([])
  })

  it.each([
    ['vm-deallocated', 'deallocated'],
    ['vm-stopped', 'stopped'],
    ['vm-starting', 'starting'],
    ['vm-web-01', 'running']
  ])('reports %s as %s', async (vm, state) => {
    const view = await computeClient(emulator).virtualMachines.instanceView(
      'rg-demo',
      vm
    )

    expect(view.statuses?.[1]?.code).toBe(`PowerState/${state}`)
  })

  it('reports a VM agent that is not ready', async () => {
    const view = await computeClient(emulator).virtualMachines.instanceView(
      'rg-demo',
      'vm-agent-not-ready'
    )

    expect(view.vmAgent?.statuses?.[0]).toMatchObject({
      displayStatus: 'Not Ready',
      level: 'Warning'
    })
  })

  it('keeps a fixed vmId so the demo prints stable ids', async () => {
    const vm = await computeClient(emulator).virtualMachines.get(
      'rg-demo',
      'vm-web-01'
    )

    expect(vm.vmId).toBe('5d0e5c14-778d-4cb4-8668-cde28df49342')
  })
})

describe('the scenario builder', () => {
  it('edits fixture VMs so a set-up reads like the incident', () => {
    const built = scenario()
      .vm('vm-web-01', (vm) => vm.deallocated())
      .vm('vm-slow', (vm) =>
        vm.linux().agentNotReady().extensionFails('boom').extensionTakes(10)
      )
      .build()

    const vms = built.resourceGroups[0]?.virtualMachines ?? []
    expect(vms.find((v) => v.name === 'vm-web-01')?.powerState).toBe(
      'deallocated'
    )
    expect(vms.find((v) => v.name === 'vm-slow')).toMatchObject({
      osType: 'Linux',
      agent: { ready: false },
      extensionRun: { outcome: 'fails', message: 'boom' },
      extensionDurationMs: 10
    })
  })

  it('adds a VM that the fixture lacks, running Windows', async () => {
    const emulator = await startEmulator({
      scenario: scenario().vm('vm-new', (vm) => vm.vmAccess('custom', '2.7'))
    })

    const snapshot = emulator.vm('rg-demo', 'vm-new')

    await emulator.stop()
    expect(snapshot).toMatchObject({
      osType: 'Windows',
      powerState: 'running',
      extensions: [{ name: 'custom', typeHandlerVersion: '2.7' }]
    })
  })

  it('adds a VM named without a set-up', () => {
    const built = scenario().vm('vm-plain').build()

    const names = built.resourceGroups[0]?.virtualMachines.map((v) => v.name)

    expect(names).toContain('vm-plain')
  })

  it('runs the job in an environment, as its OIDC tokens claim', async () => {
    const emulator = await startEmulator({
      scenario: scenario().environment('production')
    })

    const claims = decodeJwt(await githubIdToken(emulator))

    await emulator.stop()
    expect(claims).toMatchObject({
      sub: 'repo:octo-org/octo-repo:environment:production',
      environment: 'production'
    })
  })

  it('queues faults at start', async () => {
    const emulator = await startEmulator({
      scenario: scenario().throttle('VirtualMachines_Get', {
        retryAfterSeconds: 1
      })
    })

    const pending = emulator.faults.pending()

    await emulator.stop()
    expect(pending).toEqual([
      {
        operationId: 'VirtualMachines_Get',
        fault: { status: 429, retryAfterSeconds: 1, times: 1 },
        remaining: 1
      }
    ])
  })

  it('tags a VM, a name differing only in case replacing the tag', () => {
    const built = scenario()
      .vm('vm-web-01', (vm) =>
        vm.tag('Rotate', 'monthly').tag('owner', 'ops').tag('rotate', 'weekly')
      )
      .build()

    expect(built.resourceGroups[0]?.virtualMachines[0]?.tags).toEqual({
      owner: 'ops',
      rotate: 'weekly'
    })
  })

  it('never changes the fixture it started from', () => {
    scenario().vm('vm-web-01', (vm) => vm.stopped())

    expect(
      scenario().build().resourceGroups[0]?.virtualMachines[0]?.powerState
    ).toBe('running')
  })
})

describe('loading fixtures', () => {
  let folder: string

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'emulator-scenario-'))
  })
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('loads a fixture from a path', async () => {
    const file = path.join(folder, 'one-vm.json')
    const data = scenario().build()
    data.name = 'one-vm'
    await writeFile(file, JSON.stringify(data))

    expect(loadScenario(file).name).toBe('one-vm')
  })

  it('names the file and the fields a broken fixture lacks', async () => {
    const file = path.join(folder, 'broken.json')
    await writeFile(
      file,
      JSON.stringify({
        name: 'broken',
        resourceGroups: [
          {
            name: 'rg',
            location: 'x',
            virtualMachines: [{ name: 'vm', tags: { rotate: 7 } }]
          }
        ]
      })
    )

    expect(() => loadScenario(file)).toThrow(
      /broken\.json is invalid:[\s\S]*tenant\.id[\s\S]*rg\/vm: name\/vmId[\s\S]*rg\/vm: tags/
    )
  })
})
