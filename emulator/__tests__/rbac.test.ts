// Azure RBAC as the emulator models it when a scenario assigns roles: an
// assignment reaches its scope and what lies below it, not a parent path,
// and Compute's operation status lives at subscription scope.
import { scenario, startEmulator, type Emulator } from '../index.ts'
import { computeClient, secretCredential, send } from './sdk-clients.ts'

async function countListed(pages: AsyncIterable<unknown>): Promise<number> {
  const items: unknown[] = []
  for await (const item of pages) items.push(item)
  return items.length
}

// The SDK's paging error drops the body's message ("Pagination failed with
// unexpected statusCode 403"), so the scope ARM names is read raw.
async function listRefusal(e: Emulator, resourceGroup?: string) {
  const token = await secretCredential(e).getToken(`${e.armUrl}/.default`)
  const group = resourceGroup ? `/resourceGroups/${resourceGroup}` : ''
  const url = `${e.armUrl}/subscriptions/${e.subscriptionId}${group}/providers/Microsoft.Compute/virtualMachines?api-version=2026-04-01`
  const response = await send(e, 'GET', url, { token: token.token })
  return {
    status: response.status,
    error: (response.body as { error?: { code?: string; message?: string } })
      .error
  }
}

const operator = [
  'Microsoft.Compute/virtualMachines/read',
  'Microsoft.Compute/virtualMachines/instanceView/read',
  'Microsoft.Compute/virtualMachines/extensions/read',
  'Microsoft.Compute/virtualMachines/extensions/write',
  'Microsoft.Compute/virtualMachines/extensions/delete'
]
const poller = ['Microsoft.Compute/locations/operations/read']

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.stop()
  expect(emulator?.contractViolations).toEqual([])
})

async function startWith(
  assign: (
    s: ReturnType<typeof scenario>,
    sub: string
  ) => ReturnType<typeof scenario>
): Promise<Emulator> {
  const base = scenario().everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))
  const sub = base.build().subscription.id
  emulator = await startEmulator({ scenario: assign(base, sub) })
  return emulator
}

function removeExtension(e: Emulator): Promise<void> {
  return computeClient(e).virtualMachineExtensions.beginDeleteAndWait(
    'rg-demo',
    'vm-web-01',
    'myVMAccess',
    { updateIntervalInMs: 10 }
  )
}

describe('RBAC with role assignments', () => {
  it('lets a resource-group assignment send the DELETE but not poll it', async () => {
    const e = await startWith((s, sub) =>
      s.assignRole(`/subscriptions/${sub}/resourceGroups/rg-demo`, [
        ...operator,
        ...poller
      ])
    )

    await expect(removeExtension(e)).rejects.toThrow(
      /does not have authorization to perform action 'Microsoft.Compute\/locations\/operations\/read' over scope '\/subscriptions\/[^/]+\/providers\/Microsoft.Compute\/locations\//
    )
    expect(e.vm('rg-demo', 'vm-web-01').extensions.map((x) => x.name)).toEqual(
      []
    )
  })

  it('polls once the poller role is assigned on the subscription', async () => {
    const e = await startWith((s, sub) =>
      s
        .assignRole(`/subscriptions/${sub}/resourceGroups/rg-demo`, operator)
        .assignRole(`/subscriptions/${sub}`, poller)
    )

    await expect(removeExtension(e)).resolves.toBeUndefined()
  })

  it('refuses an action no assignment grants, and matches wildcards', async () => {
    const e = await startWith((s, sub) =>
      s.assignRole(`/subscriptions/${sub}`, ['Microsoft.Compute/*/read'])
    )
    const client = computeClient(e)

    await expect(
      client.virtualMachines.get('rg-demo', 'vm-web-01')
    ).resolves.toMatchObject({ name: 'vm-web-01' })
    await expect(removeExtension(e)).rejects.toThrow(/extensions\/delete/)
  })

  it('grants nothing on a sibling resource group', async () => {
    const e = await startWith((s, sub) =>
      s.assignRole(`/subscriptions/${sub}/resourceGroups/rg-demo-2`, operator)
    )

    await expect(
      computeClient(e).virtualMachines.get('rg-demo', 'vm-web-01')
    ).rejects.toThrow(/AuthorizationFailed|does not have authorization/)
  })

  it('lists a resource group its assignment covers, but not the whole subscription', async () => {
    const e = await startWith((s, sub) =>
      s.assignRole(`/subscriptions/${sub}/resourceGroups/rg-demo`, operator)
    )

    await expect(
      countListed(computeClient(e).virtualMachines.list('rg-demo'))
    ).resolves.toBeGreaterThan(0)
    expect(await listRefusal(e)).toEqual({
      status: 403,
      error: {
        code: 'AuthorizationFailed',
        message: expect.stringContaining(
          `perform action 'Microsoft.Compute/virtualMachines/read' over scope '/subscriptions/${e.subscriptionId}' or`
        ) as unknown
      }
    })
  })
})

describe('RBAC denials on the VM lists', () => {
  it('answers 403 for a resource group whose read is denied, and lists the others', async () => {
    const e = await startWith((s, sub) =>
      s.fleet(6).deny('Microsoft.Compute/virtualMachines/read', {
        scope: `/subscriptions/${sub}/resourceGroups/rg-fleet-1`
      })
    )
    const client = computeClient(e)

    await expect(
      countListed(client.virtualMachines.list('rg-fleet-1'))
    ).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' })
    await expect(
      countListed(client.virtualMachines.list('rg-fleet-2'))
    ).resolves.toBe(2)
    expect((await listRefusal(e, 'rg-fleet-1')).error?.message).toContain(
      `over scope '/subscriptions/${e.subscriptionId}/resourceGroups/rg-fleet-1'`
    )
  })
})
