// VirtualMachines_List and _ListAll as @azure/arm-compute 25.1.1 pages them:
// it GETs each nextLink verbatim until a page has none (facts.md §d).
import type { VirtualMachine } from '@azure/arm-compute'
import { scenario, type Emulator } from '../index.ts'
import { emulatorPerTest } from './emulator-per-test.ts'
import { computeClient, secretCredential, send } from './sdk-clients.ts'

const { start } = emulatorPerTest()

async function collect(
  pages: AsyncIterable<VirtualMachine>
): Promise<VirtualMachine[]> {
  const vms: VirtualMachine[] = []
  for await (const vm of pages) vms.push(vm)
  return vms
}

function listUrl(e: Emulator, resourceGroup?: string): string {
  const group = resourceGroup ? `/resourceGroups/${resourceGroup}` : ''
  return `${e.armUrl}/subscriptions/${e.subscriptionId}${group}/providers/Microsoft.Compute/virtualMachines?api-version=2026-04-01`
}

async function armToken(e: Emulator): Promise<string> {
  return (await secretCredential(e).getToken(`${e.armUrl}/.default`)).token
}

function statusesOf(e: Emulator, operationId: string): number[] {
  return e.requests
    .filter((r) => r.operationId === operationId)
    .map((r) => r.status)
}

const oneGroupOf120 = scenario().fleet(120, { resourceGroups: 1 })

describe('VirtualMachines_List', () => {
  it('follows every page: 120 VMs at 50 a page are three pages, in order', async () => {
    const e = await start({ scenario: oneGroupOf120 })

    const vms = await collect(
      computeClient(e).virtualMachines.list('rg-fleet-1')
    )

    expect(vms.map((vm) => vm.name)).toEqual(
      Array.from(
        { length: 120 },
        (_, i) => `vm-fleet-${String(i + 1).padStart(4, '0')}`
      )
    )
    expect(statusesOf(e, 'VirtualMachines_List')).toEqual([200, 200, 200])
    expect(
      e.requests
        .filter((r) => r.operationId === 'VirtualMachines_List')
        .map((r) => r.query.includes('skiptoken'))
    ).toEqual([false, true, true])
  })

  it('sends an absolute nextLink with the api-version and a skip token, and none on the last page', async () => {
    const e = await start({ scenario: oneGroupOf120 })
    const token = await armToken(e)

    const first = await send(e, 'GET', listUrl(e, 'rg-fleet-1'), { token })
    const firstBody = first.body as { value: unknown[]; nextLink: string }
    const second = await send(e, 'GET', firstBody.nextLink, { token })
    const secondBody = second.body as { value: unknown[]; nextLink: string }
    const last = await send(e, 'GET', secondBody.nextLink, { token })

    expect(firstBody.value).toHaveLength(50)
    expect(firstBody.nextLink).toMatch(
      new RegExp(
        `^${e.armUrl}/subscriptions/${e.subscriptionId}/resourceGroups/rg-fleet-1/providers/Microsoft\\.Compute/virtualMachines` +
          `\\?api-version=2026-04-01&%24skiptoken=[A-Za-z0-9_-]+$`
      )
    )
    expect(secondBody.value).toHaveLength(50)
    expect(last.status).toBe(200)
    expect((last.body as { value: unknown[] }).value).toHaveLength(20)
    expect(Object.keys(last.body as object)).toEqual(['value'])
  })

  it('shows each VM as VirtualMachines_Get does, tags included', async () => {
    const e = await start({
      scenario: scenario().vm('vm-web-01', (vm) =>
        vm.tag('rotate', 'weekly').tag('owner', 'ops')
      )
    })
    const client = computeClient(e)

    const listed = await collect(client.virtualMachines.list('rg-demo'))
    const got = await client.virtualMachines.get('rg-demo', 'vm-web-01')

    const web = listed.find((vm) => vm.name === 'vm-web-01')
    expect(got.tags).toEqual({ rotate: 'weekly', owner: 'ops' })
    expect(web).toEqual(got)
    expect(listed.find((vm) => vm.name === 'vm-aad')?.tags).toBeUndefined()
  })

  it('answers ResourceGroupNotFound for a group that does not exist', async () => {
    const e = await start()

    await expect(
      collect(computeClient(e).virtualMachines.list('rg-missing'))
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' })
  })

  it('refuses a skip token it did not issue, or one from another list, with a 400', async () => {
    const e = await start({ scenario: scenario().fleet(200) })
    const token = await armToken(e)
    const all = await send(e, 'GET', listUrl(e), { token })
    const allNext = (all.body as { nextLink: string }).nextLink
    const skip = new URL(allNext).searchParams.get('$skiptoken') ?? ''

    const garbage = await send(
      e,
      'GET',
      `${listUrl(e, 'rg-fleet-1')}&$skiptoken=not-a-token`,
      { token }
    )
    const foreign = await send(
      e,
      'GET',
      `${listUrl(e, 'rg-fleet-1')}&$skiptoken=${skip}`,
      { token }
    )

    for (const refused of [garbage, foreign]) {
      expect(refused.status).toBe(400)
      expect(refused.body).toEqual({
        error: {
          code: 'InvalidParameter',
          message: 'The value of parameter $skiptoken is invalid.',
          target: '$skiptoken'
        }
      })
    }
  })

  it('lets an injected fault hit a page, which the SDK retries', async () => {
    const e = await start({ scenario: oneGroupOf120 })
    e.faults.add('VirtualMachines_List', { status: 500 })

    const vms = await collect(
      computeClient(e).virtualMachines.list('rg-fleet-1')
    )

    expect(vms).toHaveLength(120)
    expect(statusesOf(e, 'VirtualMachines_List')).toEqual([500, 200, 200, 200])
  })
})

describe('VirtualMachines_ListAll', () => {
  it('lists every group of the subscription, the fleet beside the scenario’s own VMs', async () => {
    const e = await start({ scenario: scenario().fleet(120) })
    const expected = e.scenario.resourceGroups.flatMap((rg) =>
      rg.virtualMachines.map((vm) => `${rg.name}/${vm.name}`.toLowerCase())
    )

    const vms = await collect(computeClient(e).virtualMachines.listAll())

    expect(
      vms.map((vm) =>
        /resourceGroups\/([^/]+)\/.*\/virtualMachines\/(.+)$/
          .exec(vm.id ?? '')
          ?.slice(1)
          .join('/')
          .toLowerCase()
      )
    ).toEqual(expected)
    expect(new Set(expected.map((id) => id.split('/')[0]))).toEqual(
      new Set(['rg-demo', 'rg-fleet-1', 'rg-fleet-2', 'rg-fleet-3'])
    )
    expect(statusesOf(e, 'VirtualMachines_ListAll')).toHaveLength(
      Math.ceil(expected.length / 50)
    )
  })

  it('pages at the configured size', async () => {
    const e = await start({ scenario: scenario().fleet(30), listPageSize: 7 })

    const vms = await collect(computeClient(e).virtualMachines.listAll())

    const total = e.scenario.resourceGroups.flatMap(
      (rg) => rg.virtualMachines
    ).length
    expect(vms).toHaveLength(total)
    expect(statusesOf(e, 'VirtualMachines_ListAll')).toHaveLength(
      Math.ceil(total / 7)
    )
  })
})
