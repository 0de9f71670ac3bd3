// Azure RBAC as the emulator models it when a scenario assigns roles: an
// assignment reaches its scope and what lies below it, not a parent path,
// and Compute's operation status lives at subscription scope.
import { scenario, startEmulator, type Emulator } from '../index.ts'
import { computeClient } from './sdk-clients.ts'

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
})
