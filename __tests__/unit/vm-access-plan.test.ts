// Which VMAccess the workflow applies, and the exact body of its PUT.
import {
  buildVmAccessExtension,
  chooseExtensionName,
  chooseTypeHandlerVersion,
  previewVmAccess,
  type VmAccessPlan
} from '../../src/vm-access/plan.ts'
import type { Settings } from '../../src/settings.ts'
import type { InstalledExtension, ReadyVm } from '../../src/preflight.ts'
import { Secret } from '../../src/secret.ts'
import { quietGuest } from './quiet-guest.ts'

const password = 'Zebra-Quartz-Kettle-42'

function readyVm(vmAccessExtensions: InstalledExtension[] = []): ReadyVm {
  return {
    kind: 'ready',
    vmId: '0f6a3a8e-6c3b-4b1e-9a55-2f1d3c4b5a69',
    vmResourceId:
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-01',
    location: 'westeurope',
    adminUsername: 'azureuser',
    vmAccessExtensions,
    hasAadLogin: false,
    route: 'vmaccess',
    model: { location: 'westeurope' }
  }
}

describe('chooseExtensionName', () => {
  it.each([
    [
      'the extension-name input over the VM’s',
      { name: 'my-access' },
      [{ name: 'enablevmaccess' }],
      'my-access'
    ],
    [
      'the name of the VM’s VMAccess extension',
      {},
      [{ name: 'VMAccessAgent', typeHandlerVersion: '2.0' }],
      'VMAccessAgent'
    ],
    ['enablevmaccess when the VM has none', {}, [], 'enablevmaccess']
  ])('picks %s', (_, request, installed, expected) => {
    const vm = readyVm(installed)

    const name = chooseExtensionName(request, vm)

    expect(name).toBe(expected)
  })
})

describe('chooseTypeHandlerVersion', () => {
  it.each([
    ['the input over an installed version', '2.0', ['2.7'], '2.0'],
    ['2.4 when nothing is installed', undefined, [], '2.4'],
    ['an installed 2.7 over 2.4', undefined, ['2.7'], '2.7'],
    ['2.4 over an installed 2.0', undefined, ['2.0'], '2.4'],
    ['the major.minor of an installed 2.7.3', undefined, ['2.7.3'], '2.7'],
    ['3.1 over 2.9', undefined, ['2.9', '3.1'], '3.1'],
    ['3.1 over 2.9 in either order', undefined, ['3.1', '2.9'], '3.1'],
    ['2.10 over 2.9, by number', undefined, ['2.9', '2.10'], '2.10'],
    ['2.4 when the installed version is unknown', undefined, [undefined], '2.4']
  ])('picks %s', (_, requested, installed, expected) => {
    const vm = readyVm(
      installed.map((typeHandlerVersion) => ({
        name: 'enablevmaccess',
        typeHandlerVersion
      }))
    )

    const version = chooseTypeHandlerVersion(
      { typeHandlerVersion: requested },
      vm
    )

    expect(version).toBe(expected)
  })
})

describe('buildVmAccessExtension', () => {
  const resetPassword: VmAccessPlan = {
    extensionName: 'enablevmaccess',
    typeHandlerVersion: '2.4',
    credentials: { username: 'azureuser', password: new Secret(password) }
  }
  const resetRdp: VmAccessPlan = {
    extensionName: 'enablevmaccess',
    typeHandlerVersion: '2.7'
  }

  it('builds the reset-password body with the password only in protectedSettings', () => {
    const body = buildVmAccessExtension(resetPassword, 'westeurope')

    expect(body).toStrictEqual({
      location: 'westeurope',
      publisher: 'Microsoft.Compute',
      typePropertiesType: 'VMAccessAgent',
      typeHandlerVersion: '2.4',
      autoUpgradeMinorVersion: true,
      settings: { UserName: 'azureuser' },
      protectedSettings: { Password: password }
    })
  })

  it('keeps the password out of the public settings', () => {
    const body = buildVmAccessExtension(resetPassword, 'westeurope')

    expect(JSON.stringify(body.settings)).not.toContain(password)
    expect(
      JSON.stringify({ ...body, protectedSettings: undefined })
    ).not.toContain(password)
  })

  it('builds the reset-rdp body with empty settings and protectedSettings', () => {
    const body = buildVmAccessExtension(resetRdp, 'eastus2')

    expect(body).toStrictEqual({
      location: 'eastus2',
      publisher: 'Microsoft.Compute',
      typePropertiesType: 'VMAccessAgent',
      typeHandlerVersion: '2.7',
      autoUpgradeMinorVersion: true,
      settings: {},
      protectedSettings: {}
    })
  })

  it('names no user and no password in the reset-rdp body', () => {
    const body = buildVmAccessExtension(resetRdp, 'eastus2')

    const json = JSON.stringify(body)
    expect(json).not.toContain('UserName')
    expect(json).not.toContain('Password')
  })

  it.each([
    ['reset-password', resetPassword],
    ['reset-rdp', resetRdp]
  ])(
    'builds a flattened %s body, without a nested properties object',
    (_, plan) => {
      const body = buildVmAccessExtension(plan, 'westeurope')

      expect(body).not.toHaveProperty('properties')
    }
  )
})

describe('previewVmAccess (dry-run)', () => {
  const settings = (mode: Settings['mode']): Settings => ({
    auth: { kind: 'managed-identity' },
    mode,
    target: { subscriptionId: 's', resourceGroup: 'rg', vmName: 'web-01' },
    cloud: {} as Settings['cloud'],
    extension: {},
    timeoutMs: 60_000,
    ...quietGuest
  })

  it('shows the DELETE of each VMAccess and the PUT, the password as ***', () => {
    const writes = previewVmAccess(
      readyVm([{ name: 'old-access', typeHandlerVersion: '2.0' }]),
      settings({ kind: 'reset-password', password: new Secret(password) })
    )

    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      'DELETE /subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-01/extensions/old-access',
      'PUT /subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-01/extensions/old-access'
    ])
    expect(writes[1]?.body).toEqual({
      location: 'westeurope',
      properties: {
        publisher: 'Microsoft.Compute',
        type: 'VMAccessAgent',
        typeHandlerVersion: '2.4',
        autoUpgradeMinorVersion: true,
        settings: { UserName: 'azureuser' },
        protectedSettings: { Password: '***' }
      }
    })
    expect(JSON.stringify(writes)).not.toContain(password)
  })

  it('refuses, as the real run would, a password the VM’s admin name breaks', () => {
    expect(() =>
      previewVmAccess(
        readyVm(),
        settings({
          kind: 'reset-password',
          password: new Secret('Azureuser-1234')
        })
      )
    ).toThrow(/password/)
  })
})
