// Microsoft.Network through the real @azure/arm-network client: a VM's NIC,
// public IP and security groups, and the effective security groups of each
// network recipe, as Azure lists them and evaluates them.
import type { EffectiveNetworkSecurityGroup } from '@azure/arm-network'
import { scenario, vmRecipes } from '../index.ts'
import type { EffectiveGroupView } from '../arm/effective-security-groups.ts'
import { evaluateInbound } from '../network-evaluation.ts'
import { emulatorPerFile } from './emulator-per-file.ts'
import {
  computeClient,
  networkClient,
  networkUrl,
  secretCredential,
  send
} from './sdk-clients.ts'

const setUp = scenario()
  .vm('vm-net-healthy', vmRecipes.healthy)
  .vm('vm-net-subnet-deny', vmRecipes.deniedBySubnetNsg)
  .vm('vm-net-nic-deny', vmRecipes.allowedAtSubnetDeniedAtNic)
  .vm('vm-net-no-pip', vmRecipes.noPublicIp)
  .vm('vm-net-port', vmRecipes.customRdpPort)
  .vm('vm-net-open', (vm) => vm.nicNsg(null))
  .vm('vm-net-dynamic', (vm) =>
    vm.publicIp({ allocation: 'Dynamic', address: '52.1.1.1' }).deallocated()
  )
  .vm('vm-net-quiet', (vm) =>
    vm
      .bootDiagnostics(false)
      .agentNotReady({ lastHeartbeat: '2025-03-14T10:00:00.000Z' })
      .extensionTransitioning('AzureMonitorWindowsAgent')
  )

const emulator = emulatorPerFile(() => ({
  scenario: setUp,
  retryAfterSeconds: 0
}))

function effective(nic: string): Promise<EffectiveNetworkSecurityGroup[]> {
  return networkClient(emulator())
    .networkInterfaces.listEffectiveNetworkSecurityGroups('rg-demo', nic, {
      updateIntervalInMs: 10
    })
    .then((result) => result.value ?? [])
}

function nsgId(name: string): string {
  return `/subscriptions/${emulator().subscriptionId}/resourceGroups/rg-demo/providers/Microsoft.Network/networkSecurityGroups/${name}`
}

function verdict(groups: EffectiveNetworkSecurityGroup[], port = 3389) {
  return evaluateInbound(groups as unknown as EffectiveGroupView[], {
    port,
    source: 'Internet'
  })
}

describe('Microsoft.Network reads', () => {
  it("references the VM's NIC from the VM and the VM from the NIC", async () => {
    const e = emulator()
    const vm = await computeClient(e).virtualMachines.get(
      'rg-demo',
      'vm-net-healthy'
    )

    const nic = await networkClient(e).networkInterfaces.get(
      'rg-demo',
      'vm-net-healthy-nic'
    )

    const base = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-demo/providers`
    expect(vm.networkProfile?.networkInterfaces?.map((n) => n.id)).toEqual([
      `${base}/Microsoft.Network/networkInterfaces/vm-net-healthy-nic`
    ])
    expect(nic).toMatchObject({
      name: 'vm-net-healthy-nic',
      primary: true,
      virtualMachine: {
        id: `${base}/Microsoft.Compute/virtualMachines/vm-net-healthy`
      },
      networkSecurityGroup: { id: nsgId('vm-net-healthy-nsg') }
    })
    expect(nic.ipConfigurations?.[0]).toMatchObject({
      name: 'ipconfig1',
      primary: true,
      privateIPAllocationMethod: 'Dynamic',
      subnet: {
        id: `${base}/Microsoft.Network/virtualNetworks/rg-demo-vnet/subnets/default`
      },
      publicIPAddress: {
        id: `${base}/Microsoft.Network/publicIPAddresses/vm-net-healthy-ip`
      }
    })
    expect(nic.ipConfigurations?.[0]?.privateIPAddress).toMatch(
      /^10\.0\.0\.\d+$/
    )
  })

  it('puts a NIC with a subnet group in a subnet of its own', async () => {
    const nic = await networkClient(emulator()).networkInterfaces.get(
      'rg-demo',
      'vm-net-subnet-deny-nic'
    )

    const config = nic.ipConfigurations?.[0]
    expect(config?.subnet?.id).toMatch(
      /\/virtualNetworks\/rg-demo-vnet\/subnets\/vm-net-subnet-deny-subnet$/
    )
    expect(config?.privateIPAddress).toMatch(/^10\.0\.\d+\.4$/)
  })

  it('gives a NIC without a public IP or group neither reference', async () => {
    const client = networkClient(emulator())

    const [noPip, open] = await Promise.all([
      client.networkInterfaces.get('rg-demo', 'vm-net-no-pip-nic'),
      client.networkInterfaces.get('rg-demo', 'vm-net-open-nic')
    ])

    expect(noPip.ipConfigurations?.[0]?.publicIPAddress).toBeUndefined()
    expect(open.networkSecurityGroup).toBeUndefined()
  })

  it('shows a public IP with its address, SKU and allocation', async () => {
    const pip = await networkClient(emulator()).publicIPAddresses.get(
      'rg-demo',
      'vm-net-healthy-ip'
    )

    expect(pip).toMatchObject({
      name: 'vm-net-healthy-ip',
      sku: { name: 'Standard', tier: 'Regional' },
      publicIPAllocationMethod: 'Static',
      publicIPAddressVersion: 'IPv4'
    })
    expect(pip.ipAddress).toMatch(/^20\.1\.\d+\.\d+$/)
    expect(pip.ipConfiguration?.id).toMatch(
      /\/networkInterfaces\/vm-net-healthy-nic\/ipConfigurations\/ipconfig1$/
    )
  })

  it('releases a Dynamic address while its VM is deallocated', async () => {
    const pip = await networkClient(emulator()).publicIPAddresses.get(
      'rg-demo',
      'vm-net-dynamic-ip'
    )

    expect(pip.sku?.name).toBe('Basic')
    expect(pip.publicIPAllocationMethod).toBe('Dynamic')
    expect(pip.ipAddress).toBeUndefined()
  })

  it("lists a group's user rules and Azure's six default rules", async () => {
    const nsg = await networkClient(emulator()).networkSecurityGroups.get(
      'rg-demo',
      'vm-net-healthy-nsg'
    )

    expect(nsg.securityRules).toEqual([
      expect.objectContaining({
        name: 'AllowRDP',
        priority: 1000,
        access: 'Allow',
        direction: 'Inbound',
        protocol: 'Tcp',
        sourceAddressPrefix: '*',
        destinationPortRange: '3389'
      })
    ])
    expect(
      nsg.defaultSecurityRules?.map((r) => [r.name, r.priority, r.direction])
    ).toEqual([
      ['AllowVnetInBound', 65000, 'Inbound'],
      ['AllowAzureLoadBalancerInBound', 65001, 'Inbound'],
      ['DenyAllInBound', 65500, 'Inbound'],
      ['AllowVnetOutBound', 65000, 'Outbound'],
      ['AllowInternetOutBound', 65001, 'Outbound'],
      ['DenyAllOutBound', 65500, 'Outbound']
    ])
    expect(nsg.networkInterfaces?.map((n) => n.id)).toEqual([
      expect.stringMatching(/\/networkInterfaces\/vm-net-healthy-nic$/)
    ])
  })

  it('answers 404 ResourceNotFound for a NIC that does not exist', async () => {
    const get = networkClient(emulator()).networkInterfaces.get(
      'rg-demo',
      'nic-nowhere'
    )

    await expect(get).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound'
    })
  })
})

describe('the VM as a diagnosis reads it', () => {
  it('reports boot diagnostics, a dead agent and a stuck extension', async () => {
    const vm = await computeClient(emulator()).virtualMachines.get(
      'rg-demo',
      'vm-net-quiet',
      { expand: 'instanceView' }
    )

    expect(vm.diagnosticsProfile?.bootDiagnostics?.enabled).toBe(false)
    expect(vm.instanceView?.vmAgent).toMatchObject({
      vmAgentVersion: 'Unknown',
      statuses: [
        {
          displayStatus: 'Not Ready',
          time: new Date('2025-03-14T10:00:00.000Z')
        }
      ]
    })
    expect(
      vm.instanceView?.extensions?.find(
        (x) => x.name === 'AzureMonitorWindowsAgent'
      )?.statuses?.[0]?.code
    ).toBe('ProvisioningState/transitioning')
  })

  it('keeps boot diagnostics on and the agent heartbeat current by default', async () => {
    const before = Date.now()

    const vm = await computeClient(emulator()).virtualMachines.get(
      'rg-demo',
      'vm-net-healthy',
      { expand: 'instanceView' }
    )

    expect(vm.diagnosticsProfile?.bootDiagnostics?.enabled).toBe(true)
    expect(vm.instanceView?.vmAgent?.vmAgentVersion).toBe('2.7.41491.1130')
    const time = vm.instanceView?.vmAgent?.statuses?.[0]?.time
    expect(time?.getTime()).toBeGreaterThanOrEqual(before - 1000)
  })
})

describe('effective security groups', () => {
  it("lists a healthy VM's NIC group with user and default rules in Azure's effective shape", async () => {
    const groups = await effective('vm-net-healthy-nic')

    expect(groups).toHaveLength(1)
    const [group] = groups
    expect(group?.networkSecurityGroup?.id).toBe(nsgId('vm-net-healthy-nsg'))
    expect(group?.association?.networkInterface?.id).toMatch(
      /\/networkInterfaces\/vm-net-healthy-nic$/
    )
    expect(group?.association?.subnet).toBeUndefined()
    expect(group?.effectiveSecurityRules?.[0]).toEqual({
      name: 'securityRules/AllowRDP',
      protocol: 'Tcp',
      sourcePortRange: '0-65535',
      destinationPortRange: '3389-3389',
      sourceAddressPrefix: '0.0.0.0/0',
      destinationAddressPrefix: '0.0.0.0/0',
      access: 'Allow',
      priority: 1000,
      direction: 'Inbound'
    })
    expect(group?.effectiveSecurityRules?.map((r) => r.name)).toEqual([
      'securityRules/AllowRDP',
      'defaultSecurityRules/AllowVnetInBound',
      'defaultSecurityRules/AllowAzureLoadBalancerInBound',
      'defaultSecurityRules/DenyAllInBound',
      'defaultSecurityRules/AllowVnetOutBound',
      'defaultSecurityRules/AllowInternetOutBound',
      'defaultSecurityRules/DenyAllOutBound'
    ])
    expect(verdict(groups)).toEqual({
      allowed: true,
      decidedBy: ['vm-net-healthy-nsg: securityRules/AllowRDP']
    })
  })

  it('writes default rules with protocol All and expanded service tags', async () => {
    const [group] = await effective('vm-net-healthy-nic')

    const rules = group?.effectiveSecurityRules ?? []
    expect(
      rules.find((r) => r.name === 'defaultSecurityRules/AllowInternetOutBound')
    ).toMatchObject({
      protocol: 'All',
      destinationPortRange: '0-65535',
      destinationAddressPrefix: 'Internet',
      expandedDestinationAddressPrefix: expect.arrayContaining([
        '1.0.0.0/8'
      ]) as unknown
    })
    expect(
      rules.find((r) => r.name === 'defaultSecurityRules/AllowVnetInBound')
        ?.expandedSourceAddressPrefix
    ).toEqual(['10.0.0.0/16'])
    expect(Object.keys(group?.tagMap ?? {}).sort()).toEqual([
      'AzureLoadBalancer',
      'Internet',
      'VirtualNetwork'
    ])
  })

  it('lists the subnet group before the NIC group and denies by the subnet rule', async () => {
    const groups = await effective('vm-net-subnet-deny-nic')

    expect(groups.map((g) => g.networkSecurityGroup?.id)).toEqual([
      nsgId('vm-net-subnet-deny-subnet-nsg'),
      nsgId('vm-net-subnet-deny-nsg')
    ])
    expect(groups[0]?.association?.subnet?.id).toMatch(
      /\/subnets\/vm-net-subnet-deny-subnet$/
    )
    expect(groups[1]?.association?.networkInterface?.id).toMatch(
      /\/networkInterfaces\/vm-net-subnet-deny-nic$/
    )
    expect(groups[0]?.effectiveSecurityRules?.[0]).toMatchObject({
      name: 'securityRules/DenyRDP',
      access: 'Deny',
      priority: 100,
      sourceAddressPrefix: 'Internet',
      expandedSourceAddressPrefix: expect.arrayContaining([
        '32.0.0.0/3'
      ]) as unknown
    })
    expect(verdict(groups)).toEqual({
      allowed: false,
      decidedBy: [
        'vm-net-subnet-deny-subnet-nsg: securityRules/DenyRDP',
        'vm-net-subnet-deny-nsg: securityRules/AllowRDP'
      ]
    })
  })

  it('denies by the NIC rule when the subnet allows', async () => {
    const groups = await effective('vm-net-nic-deny-nic')

    expect(verdict(groups)).toEqual({
      allowed: false,
      decidedBy: [
        'vm-net-nic-deny-subnet-nsg: securityRules/AllowRDP',
        'vm-net-nic-deny-nsg: securityRules/DenyRDP'
      ]
    })
  })

  it('lets 3389 through but not the custom port the guest listens on', async () => {
    const groups = await effective('vm-net-port-nic')

    expect(verdict(groups, 3389).allowed).toBe(true)
    expect(verdict(groups, 3390)).toEqual({
      allowed: false,
      decidedBy: ['vm-net-port-nsg: defaultSecurityRules/DenyAllInBound']
    })
    expect(emulator().vm('rg-demo', 'vm-net-port').rdpPort).toBe(3390)
  })

  it('answers an empty list for a NIC with no group anywhere', async () => {
    const groups = await effective('vm-net-open-nic')

    expect(groups).toEqual([])
  })
})

describe('the Network front door', () => {
  it('starts the effective-NSG POST as a long-running operation polled at its Location', async () => {
    const e = emulator()
    const token = await secretCredential(e).getToken(`${e.armUrl}/.default`)

    const started = await send(
      e,
      'POST',
      networkUrl(
        e,
        'networkInterfaces/vm-net-healthy-nic/effectiveNetworkSecurityGroups'
      ),
      { token: token.token }
    )
    const location = String(started.headers.location)
    const polled = await send(e, 'GET', location, { token: token.token })

    expect(started.status).toBe(202)
    expect(started.body).toBeUndefined()
    expect(location).toMatch(
      /\/subscriptions\/[^/]+\/providers\/Microsoft\.Network\/locations\/westeurope\/operationResults\/[^/?]+\?api-version=2026-01-01$/
    )
    expect(polled.status).toBe(200)
    expect((polled.body as { value: unknown[] }).value).toHaveLength(1)
  })

  it('spends subscription reads and no Compute policy on a Network GET', async () => {
    const e = emulator()
    const token = await secretCredential(e).getToken(`${e.armUrl}/.default`)

    const response = await send(
      e,
      'GET',
      networkUrl(e, 'publicIPAddresses/vm-net-healthy-ip'),
      { token: token.token }
    )

    expect(response.status).toBe(200)
    expect(
      Number(response.headers['x-ms-ratelimit-remaining-subscription-reads'])
    ).toBeGreaterThan(0)
    expect(
      response.headers['x-ms-ratelimit-remaining-resource']
    ).toBeUndefined()
  })

  it('refuses an api-version Network does not register', async () => {
    const e = emulator()
    const token = await secretCredential(e).getToken(`${e.armUrl}/.default`)

    const response = await send(
      e,
      'GET',
      networkUrl(e, 'networkInterfaces/vm-net-healthy-nic', '2026-04-01'),
      { token: token.token }
    )

    expect(response.status).toBe(400)
    const error = (
      response.body as { error: { code: string; message: string } }
    ).error
    expect(error.code).toBe('NoRegisteredProviderFound')
    expect(error.message).toContain(
      "API version '2026-04-01' for type 'networkInterfaces'"
    )
    expect(error.message).toMatch(/2025-03-01, 2026-01-01'/)
  })
})
