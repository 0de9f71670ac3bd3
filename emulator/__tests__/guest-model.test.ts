// The simulated Windows guest: what a fixture starts with, what the builder
// changes, and what VMAccess does to it (or, silently, does not). One
// emulator serves the file; each test has VMs of its own.
import type { VirtualMachineExtension } from '@azure/arm-compute'
import { scenario, vmRecipes } from '../index.ts'
import { emulatorPerFile } from './emulator-per-file.ts'
import { computeClient, vmAccessBody } from './sdk-clients.ts'

const password = 'Reset-Passw0rd!42'
const seededPasswordLastSet = '2025-03-14T09:26:53.123Z'

const emulator = emulatorPerFile(() => ({
  scenario: scenario()
    .vm('vm-custom', (vm) =>
      vm
        .rdpPort(3390)
        .termServiceStopped()
        .firewallGroupDisabled(['Public'])
        .activeFirewallProfiles(['Domain', 'Public'])
    )
    .vm('vm-dc-refused', vmRecipes.domainControllerRefused)
    .vm('vm-dc-bare', vmRecipes.domainControllerWithoutVmAccess)
    .vm('vm-rdp-off', (vm) =>
      vm.rdpDisabled().termServiceStopped().rdpPort(4489)
    )
    .vm('vm-disabled-admin', (vm) =>
      vm.account('azureadmin', { enabled: false })
    )
    .vm('vm-real', (vm) => vm.rdpDisabled())
    .vm('vm-silent', (vm) => vmRecipes.silentSuccess(vm.rdpDisabled()))
    .everyVm((vm) => vm.extensionTakes(0).deleteTakes(0)),
  retryAfterSeconds: 0
}))

async function applyVmAccess(
  vmName: string,
  settings: Record<string, unknown> = { UserName: 'azureadmin' },
  protectedSettings: Record<string, unknown> = { Password: password }
): Promise<VirtualMachineExtension> {
  const client = computeClient(emulator())
  await client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
    'rg-demo',
    vmName,
    'enablevmaccess',
    vmAccessBody(settings, protectedSettings),
    { updateIntervalInMs: 10 }
  )
  return client.virtualMachineExtensions.get(
    'rg-demo',
    vmName,
    'enablevmaccess',
    { expand: 'instanceView' }
  )
}

describe('the guest a fixture starts with', () => {
  it('has RDP on port 3389, TermService running, the firewall group on in every profile, Public active', () => {
    const vm = emulator().vm('rg-demo', 'vm-web-01')

    expect(vm).toMatchObject({
      rdpEnabled: true,
      rdpFirewallEnabled: true,
      rdpFirewallProfiles: ['Domain', 'Private', 'Public'],
      activeFirewallProfiles: ['Public'],
      rdpPort: 3389,
      termService: 'Running',
      domainController: false
    })
    expect(vm.accounts[0]?.passwordLastSet).toBe(seededPasswordLastSet)
  })

  it('takes the port, the service, the firewall and the profiles from the builder', () => {
    const vm = emulator().vm('rg-demo', 'vm-custom')

    expect(vm).toMatchObject({
      rdpPort: 3390,
      termService: 'Stopped',
      rdpFirewallEnabled: false,
      rdpFirewallProfiles: ['Domain', 'Private'],
      activeFirewallProfiles: ['Domain', 'Public']
    })
  })

  it('knows a domain controller by recipe, with or without VMAccess', () => {
    const refused = emulator().vm('rg-demo', 'vm-dc-refused')
    const bare = emulator().vm('rg-demo', 'vm-dc-bare')

    expect(refused).toMatchObject({
      domainController: true,
      extensions: [{ type: 'VMAccessAgent', provisioningState: 'Failed' }]
    })
    expect(bare).toMatchObject({ domainController: true, extensions: [] })
  })
})

describe('what VMAccess does to the guest', () => {
  it('enables RDP, the firewall group everywhere and TermService, and keeps the port', async () => {
    await applyVmAccess('vm-rdp-off', {}, {})

    expect(emulator().vm('rg-demo', 'vm-rdp-off')).toMatchObject({
      rdpEnabled: true,
      rdpFirewallProfiles: ['Domain', 'Private', 'Public'],
      termService: 'Running',
      rdpPort: 4489
    })
  })

  it('stamps passwordLastSet when it sets a password, and enables the account', async () => {
    const before = Date.now()

    await applyVmAccess('vm-disabled-admin')

    const [account] = emulator().vm('rg-demo', 'vm-disabled-admin').accounts
    expect(account?.enabled).toBe(true)
    expect(Date.parse(account?.passwordLastSet ?? '')).toBeGreaterThanOrEqual(
      before
    )
  })

  it('leaves passwordLastSet alone when it only resets RDP', async () => {
    await applyVmAccess('vm-no-vmaccess', {}, {})

    expect(
      emulator().vm('rg-demo', 'vm-no-vmaccess').accounts[0]?.passwordLastSet
    ).toBe(seededPasswordLastSet)
  })

  it('reports a silent success as a real one and changes nothing', async () => {
    const before = emulator().vm('rg-demo', 'vm-silent')

    const real = await applyVmAccess('vm-real')
    const silent = await applyVmAccess('vm-silent')

    const messages = (e: VirtualMachineExtension) => [
      e.provisioningState,
      e.instanceView?.statuses?.map((s) => s.message),
      e.instanceView?.substatuses?.map((s) => s.message)
    ]
    expect(messages(silent)).toEqual(messages(real))
    expect(silent.provisioningState).toBe('Succeeded')
    const { extensions: _after, ...after } = emulator().vm(
      'rg-demo',
      'vm-silent'
    )
    const { extensions: _before, ...unchanged } = before
    expect(after).toEqual(unchanged)
  })
})
