// The RBAC actions of the Network reads (facts.md §e) and of the
// effective-NSG poll, each withheld on its own, and the poll's Retry-After.
import { scenario } from '../index.ts'
import { emulatorPerFile } from './emulator-per-file.ts'
import {
  networkClient,
  networkUrl,
  secretCredential,
  send
} from './sdk-clients.ts'

const subscriptionId = scenario().build().subscription.id
const network = `/subscriptions/${subscriptionId}/resourceGroups/rg-demo/providers/Microsoft.Network`

const emulator = emulatorPerFile(() => ({
  scenario: scenario()
    .vm('vm-rbac-nic')
    .vm('vm-rbac-effective')
    .vm('vm-rbac-nsg')
    .vm('vm-rbac-pip')
    .vm('vm-rbac-poll')
    .deny('Microsoft.Network/networkInterfaces/read', {
      scope: `${network}/networkInterfaces/vm-rbac-nic-nic`
    })
    .deny(
      'Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action',
      { scope: `${network}/networkInterfaces/vm-rbac-effective-nic` }
    )
    .deny('Microsoft.Network/networkSecurityGroups/read', {
      scope: `${network}/networkSecurityGroups/vm-rbac-nsg-nsg`
    })
    .deny('Microsoft.Network/publicIPAddresses/read', {
      scope: `${network}/publicIPAddresses/vm-rbac-pip-ip`
    })
    .deny('Microsoft.Network/locations/operationResults/read', {
      scope: `/subscriptions/${subscriptionId}/providers/Microsoft.Network/locations`
    })
}))

const refused = (action: string) => ({
  statusCode: 403,
  code: 'AuthorizationFailed',
  message: expect.stringContaining(`perform action '${action}'`) as unknown
})

describe('Network RBAC', () => {
  it('refuses a NIC read without networkInterfaces/read', async () => {
    const get = networkClient(emulator()).networkInterfaces.get(
      'rg-demo',
      'vm-rbac-nic-nic'
    )

    await expect(get).rejects.toMatchObject(
      refused('Microsoft.Network/networkInterfaces/read')
    )
  })

  it('refuses the effective-NSG POST without its action', async () => {
    const list = networkClient(
      emulator()
    ).networkInterfaces.listEffectiveNetworkSecurityGroups(
      'rg-demo',
      'vm-rbac-effective-nic',
      { updateIntervalInMs: 10 }
    )

    await expect(list).rejects.toMatchObject(
      refused(
        'Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action'
      )
    )
  })

  it('refuses a security group read without networkSecurityGroups/read', async () => {
    const get = networkClient(emulator()).networkSecurityGroups.get(
      'rg-demo',
      'vm-rbac-nsg-nsg'
    )

    await expect(get).rejects.toMatchObject(
      refused('Microsoft.Network/networkSecurityGroups/read')
    )
  })

  it('refuses a public IP read without publicIPAddresses/read', async () => {
    const get = networkClient(emulator()).publicIPAddresses.get(
      'rg-demo',
      'vm-rbac-pip-ip'
    )

    await expect(get).rejects.toMatchObject(
      refused('Microsoft.Network/publicIPAddresses/read')
    )
  })

  it('refuses the poll without locations/operationResults/read at subscription scope', async () => {
    const e = emulator()
    const token = await secretCredential(e).getToken(`${e.armUrl}/.default`)
    const started = await send(
      e,
      'POST',
      networkUrl(
        e,
        'networkInterfaces/vm-rbac-poll-nic/effectiveNetworkSecurityGroups'
      ),
      { token: token.token }
    )

    const polled = await send(e, 'GET', String(started.headers.location), {
      token: token.token
    })

    expect(started.status).toBe(202)
    expect(started.headers['retry-after']).toBe('1')
    expect(polled.status).toBe(403)
    expect(polled.body).toMatchObject({
      error: {
        code: 'AuthorizationFailed',
        message: expect.stringMatching(
          /'Microsoft\.Network\/locations\/operationResults\/read' over scope '\/subscriptions\/[^/]+\/providers\/Microsoft\.Network\/locations\/westeurope\/operationResults\//
        ) as unknown
      }
    })
  })
})
