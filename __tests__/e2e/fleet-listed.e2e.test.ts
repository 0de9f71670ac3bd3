// A fleet selected by a list: vm-tag across the subscription and vm-name *
// in a group, read page by page, against a 30-VM emulator fleet of mixed
// outcomes; throttling ridden out; a selection that finds nothing.
import {
  fleetMembers,
  scenario,
  type Emulator,
  type FleetMember,
  type LoggedRequest
} from '../../emulator/index.ts'
import {
  freshEmulatorPerTest,
  leaks,
  newPassword,
  runAction
} from './action-fixture.ts'

interface ResultEntry {
  'resource-group': string
  'vm-name': string
  status: string
  message: string
}

const resultsOf = (outputs: Record<string, string>): ResultEntry[] =>
  JSON.parse(outputs['results'] ?? '[]') as ResultEntry[]

/** What a first reset of each kind of fleet VM ends as. */
const firstRun: Record<FleetMember['kind'], string> = {
  healthy: 'succeeded',
  deallocated: 'skipped',
  'extension-fails': 'failed',
  // VMAccess refuses it; once it has, pre-flight knows (see below).
  'domain-controller': 'failed',
  linux: 'passed over'
}

const size = 30
const members = fleetMembers(size)
const fleet = scenario()
  .fleet(size)
  .everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))

function expected(selected: FleetMember[]): Record<string, string> {
  return Object.fromEntries(
    selected
      .filter((m) => m.kind !== 'linux')
      .map((m) => [`${m.resourceGroup}/${m.vmName}`, firstRun[m.kind]])
  )
}

/** The writes Resource Manager received. */
function armWrites(emulator: Emulator): LoggedRequest[] {
  return emulator.requests.filter(
    (r) => r.service === 'arm' && r.method !== 'GET'
  )
}

function actual(outputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    resultsOf(outputs).map((r) => [
      `${r['resource-group']}/${r['vm-name']}`,
      r.status
    ])
  )
}

describe('a fleet selected by vm-tag across the subscription', () => {
  const emulator = freshEmulatorPerTest({ scenario: fleet, listPageSize: 10 })

  it('follows every page, resets the tagged Windows VMs and says what it passed over', async () => {
    const step = await runAction(emulator(), 'vm-fleet-0001', {
      'resource-group': '',
      'vm-name': '',
      'vm-tag': 'rotate=weekly',
      password: newPassword,
      'max-parallel': '8'
    })

    const weekly = members.filter((m) => m.tags['rotate'] === 'weekly')
    expect(actual(step.outputs)).toEqual(expected(weekly))
    const pages = emulator().requests.filter(
      (r) => r.operationId === 'VirtualMachines_ListAll'
    )
    expect(pages.length).toBeGreaterThanOrEqual(3)
    const linux = weekly.filter((m) => m.kind === 'linux').length
    expect(step.summary).toContain(`passed over ${linux} Linux`)
    expect(step.exitCode).toBe(1)
    expect(leaks(step, [newPassword, ...emulator().issuedTokens])).toEqual([])
  })

  it('skips a domain controller on the next run, before any write', async () => {
    const dc = members.find(
      (m) => m.kind === 'domain-controller' && m.tags['rotate'] === 'weekly'
    )
    if (!dc) throw new Error('the fleet has a weekly domain controller')
    const target = {
      targets: `${dc.resourceGroup}/${dc.vmName}`,
      'resource-group': '',
      'vm-name': ''
    }
    await runAction(emulator(), dc.vmName, { ...target, password: newPassword })
    const writesBefore = armWrites(emulator()).length

    const again = await runAction(emulator(), dc.vmName, {
      ...target,
      password: newPassword
    })

    expect(resultsOf(again.outputs)[0]?.status).toBe('skipped')
    expect(again.summary).toContain('Set-ADAccountPassword')
    expect(armWrites(emulator()).length).toBe(writesBefore)
  })

  it('fails, sending nothing, when no VM carries the tag', async () => {
    const step = await runAction(emulator(), 'vm-fleet-0001', {
      'resource-group': '',
      'vm-name': '',
      'vm-tag': 'rotate=Weekly',
      password: newPassword
    })

    expect(step.exitCode).toBe(1)
    expect(step.outputs['message']).toContain(
      'No Windows VM in the subscription carries the tag rotate=Weekly'
    )
    expect(step.summary).toContain('Nothing was changed on the VM.')
    expect(armWrites(emulator())).toEqual([])
  })
})

describe('a fleet selected by vm-name * in one group', () => {
  const emulator = freshEmulatorPerTest({ scenario: fleet, listPageSize: 4 })

  it('resets every Windows VM of the group and nothing elsewhere', async () => {
    const step = await runAction(emulator(), 'vm-fleet-0002', {
      'resource-group': 'rg-fleet-2',
      'vm-name': '*',
      mode: 'reset-rdp',
      'fail-on': 'never'
    })

    expect(step.exitCode).toBe(0)
    const group = members.filter((m) => m.resourceGroup === 'rg-fleet-2')
    expect(actual(step.outputs)).toEqual(expected(group))
    const writes = emulator().requests.filter((r) => r.method === 'PUT')
    expect(
      writes.every((r) => r.path.includes('/resourceGroups/rg-fleet-2/'))
    ).toBe(true)
  })

  it('fails on a group it cannot list, and changes nothing', async () => {
    const denied = await runAction(emulator(), 'vm-fleet-0002', {
      'resource-group': 'rg-fleet-9',
      'vm-name': '*',
      mode: 'reset-rdp'
    })

    expect(denied.exitCode).toBe(1)
    expect(denied.outputs['results']).toBe('[]')
    expect(denied.summary).toContain('the VMs could not be selected')
    expect(armWrites(emulator())).toEqual([])
  })
})

describe('a fleet under a tight write budget', () => {
  const emulator = freshEmulatorPerTest({
    scenario: fleet,
    throttling: {
      subscriptionWrites: { capacity: 4, refillPerSecond: 4 },
      subscriptionDeletes: { capacity: 4, refillPerSecond: 4 }
    }
  })

  it('rides out the 429s: every healthy VM succeeds and the summary counts them', async () => {
    const step = await runAction(emulator(), 'vm-fleet-0001', {
      'resource-group': 'rg-fleet-1',
      'vm-name': '*',
      mode: 'reset-rdp',
      'max-parallel': '10',
      'fail-on': 'never'
    })

    const group = members.filter((m) => m.resourceGroup === 'rg-fleet-1')
    expect(actual(step.outputs)).toEqual(expected(group))
    const throttled = emulator().requests.filter((r) => r.status === 429).length
    expect(step.summary).toContain(
      `Azure throttled ${throttled} request(s) (429)`
    )
  })
})

describe('a dry run that plans more jobs than one matrix runs', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario().fleet(500),
    throttling: false
  })

  it('outputs the whole matrix and warns past GitHub’s 256 jobs', async () => {
    const step = await runAction(emulator(), 'vm-fleet-0001', {
      'resource-group': '',
      'vm-name': '',
      'vm-tag': 'rotate=weekly',
      mode: 'reset-rdp',
      'dry-run': 'true',
      'max-parallel': '50'
    })

    // A dry run cannot know the guest will refuse: only pre-flight skips.
    const planned = fleetMembers(500).filter(
      (m) =>
        m.tags['rotate'] === 'weekly' &&
        m.kind !== 'linux' &&
        m.kind !== 'deallocated'
    ).length
    const matrix = JSON.parse(step.outputs['matrix'] ?? '') as {
      include: unknown[]
    }
    expect(planned).toBeGreaterThan(256)
    expect(matrix.include).toHaveLength(planned)
    expect(step.stdout).toContain(
      `::warning::The matrix output lists ${planned} VMs; GitHub runs at most 256 jobs per matrix.`
    )
    expect(armWrites(emulator())).toEqual([])
  })
})

describe('a tag name compared as Azure compares it', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario().vm('vm-web-01', (vm) => vm.tag('kind', 'web'))
  })
  const byTag = (tag: string): Record<string, string> => ({
    'resource-group': '',
    'vm-name': '',
    'vm-tag': tag,
    password: newPassword
  })

  it('matches a tag name written in another case', async () => {
    const step = await runAction(emulator(), 'vm-web-01', byTag('KIND=web'))

    expect(actual(step.outputs)).toEqual({ 'rg-demo/vm-web-01': 'succeeded' })
  })

  it('does not take the Kelvin sign (U+212A) for k, sending nothing', async () => {
    const step = await runAction(
      emulator(),
      'vm-web-01',
      byTag('\u212aind=web')
    )

    expect(step.exitCode).toBe(1)
    expect(step.outputs['message']).toContain('carries the tag')
    expect(armWrites(emulator())).toEqual([])
  })
})
