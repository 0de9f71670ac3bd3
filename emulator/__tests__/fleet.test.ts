// The fleet: the mix rule as fleetMembers states it, the VMs the builder
// makes from it, and a fleet of thousands served page by page.
import type { VirtualMachine } from '@azure/arm-compute'
import {
  fleetMembers,
  scenario,
  startEmulator,
  type FleetKind,
  type VmSpec
} from '../index.ts'
import { computeClient } from './sdk-clients.ts'

describe('fleetMembers', () => {
  it.each([
    [1, 'rg-fleet-1', 'healthy', { rotate: 'weekly' }],
    [2, 'rg-fleet-2', 'healthy', { rotate: 'weekly' }],
    [3, 'rg-fleet-3', 'healthy', { rotate: 'monthly' }],
    [5, 'rg-fleet-2', 'deallocated', { rotate: 'weekly' }],
    [7, 'rg-fleet-1', 'healthy', {}],
    [10, 'rg-fleet-1', 'linux', { rotate: 'monthly' }],
    [15, 'rg-fleet-3', 'extension-fails', { rotate: 'weekly' }],
    [20, 'rg-fleet-2', 'domain-controller', { rotate: 'weekly' }],
    [35, 'rg-fleet-2', 'extension-fails', {}]
  ])('puts VM %i in %s as %s, tagged %j', (i, group, kind, tags) => {
    const member = fleetMembers(40)[i - 1]

    expect(member).toEqual({
      resourceGroup: group,
      vmName: `vm-fleet-${String(i).padStart(4, '0')}`,
      kind,
      tags
    })
  })

  it('mixes 120 VMs as 96 healthy and 6 of each failure, mostly rotate=weekly', () => {
    const members = fleetMembers(120)
    const count = (pick: (m: (typeof members)[number]) => string) =>
      members.reduce<Record<string, number>>((counts, m) => {
        counts[pick(m)] = (counts[pick(m)] ?? 0) + 1
        return counts
      }, {})

    expect(count((m) => m.kind)).toEqual({
      healthy: 96,
      deallocated: 6,
      linux: 6,
      'extension-fails': 6,
      'domain-controller': 6
    })
    expect(count((m) => m.tags.rotate ?? 'untagged')).toEqual({
      weekly: 86,
      monthly: 17,
      untagged: 17
    })
    expect(count((m) => m.resourceGroup)).toEqual({
      'rg-fleet-1': 40,
      'rg-fleet-2': 40,
      'rg-fleet-3': 40
    })
  })

  it('starts a larger fleet with the smaller one, and spreads over the groups asked for', () => {
    expect(fleetMembers(2000).slice(0, 120)).toEqual(fleetMembers(120))
    expect(
      new Set(
        fleetMembers(10, { resourceGroups: 5 }).map((m) => m.resourceGroup)
      )
    ).toEqual(
      new Set([
        'rg-fleet-1',
        'rg-fleet-2',
        'rg-fleet-3',
        'rg-fleet-4',
        'rg-fleet-5'
      ])
    )
  })

  it.each([-1, 1.5, 10_000])('refuses a fleet of %d VMs', (n) => {
    expect(() => fleetMembers(n)).toThrow('a fleet has 0 to 9999 VMs')
  })
})

describe('scenario().fleet', () => {
  const kindOf = (vm: VmSpec): FleetKind => {
    if (vm.powerState === 'deallocated') return 'deallocated'
    if (vm.osType === 'Linux') return 'linux'
    if (vm.extensionRun?.outcome === 'fails') return 'extension-fails'
    return vm.guest?.domainController ? 'domain-controller' : 'healthy'
  }

  it('builds the VMs fleetMembers describes, beside the scenario’s own', () => {
    const built = scenario().fleet(120).build()

    const fleet = built.resourceGroups
      .filter((rg) => rg.name.startsWith('rg-fleet-'))
      .flatMap((rg) =>
        rg.virtualMachines.map((vm) => ({
          resourceGroup: rg.name,
          vmName: vm.name,
          kind: kindOf(vm),
          tags: vm.tags ?? {}
        }))
      )
    const byName = (a: { vmName: string }, b: { vmName: string }) =>
      a.vmName.localeCompare(b.vmName)

    expect(fleet.sort(byName)).toEqual(fleetMembers(120))
    expect(built.resourceGroups.map((rg) => rg.name)).toEqual([
      'rg-demo',
      'rg-fleet-1',
      'rg-fleet-2',
      'rg-fleet-3'
    ])
  })

  it('replaces an earlier fleet instead of adding to it', () => {
    const built = scenario().fleet(30).fleet(4, { resourceGroups: 2 }).build()

    expect(
      built.resourceGroups
        .filter((rg) => rg.name.startsWith('rg-fleet-'))
        .map((rg) => [rg.name, rg.virtualMachines.length])
    ).toEqual([
      ['rg-fleet-1', 2],
      ['rg-fleet-2', 2]
    ])
  })

  it('serves a fleet of 2,000 through every page of listAll', async () => {
    const emulator = await startEmulator({ scenario: scenario().fleet(2000) })
    const listed: VirtualMachine[] = []

    for await (const vm of computeClient(emulator).virtualMachines.listAll())
      listed.push(vm)

    await emulator.stop()
    expect(
      listed.filter((vm) => vm.name?.startsWith('vm-fleet-'))
    ).toHaveLength(2000)
    expect(emulator.contractViolations).toEqual([])
  })
})
