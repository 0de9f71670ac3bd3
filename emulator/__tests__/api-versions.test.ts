// Every api-version ARM still registers for a type is served, as the Azure
// CLI's profiles need (its hybrid profile sends 2020-06-01 for Compute); an
// unregistered one gets ARM's own refusal. Raw HTTPS, the requests the CLI
// sends.
import { resourceTypeOf } from '../arm/api-versions.ts'
import { scenario, type Emulator } from '../index.ts'
import { emulatorPerTest } from './emulator-per-test.ts'
import {
  secretCredential,
  send,
  vmUrl,
  type RawResponse
} from './sdk-clients.ts'

const { start } = emulatorPerTest()

async function armToken(e: Emulator): Promise<string> {
  return (await secretCredential(e).getToken(`${e.armUrl}/.default`)).token
}

function header(response: RawResponse, name: string): string {
  return String(response.headers[name.toLowerCase()])
}

// What `az vm user update` PUTs on a Windows VM (CLI 2.45, vm/custom.py).
const cliVmAccessBody = {
  location: 'westeurope',
  properties: {
    publisher: 'Microsoft.Compute',
    type: 'VMAccessAgent',
    typeHandlerVersion: '2.4',
    settings: { UserName: 'azureadmin' },
    protectedSettings: { Password: 'Cli-Reset-Passw0rd!1' }
  }
}

describe('registered api-versions', () => {
  it('answers GET VM at 2020-06-01, the CLI hybrid profile version, with the VM', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${vmUrl(e, 'vm-web-01', '', '2020-06-01')}&$expand=instanceView`,
      { token: await armToken(e) }
    )

    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      name: 'vm-web-01',
      properties: { storageProfile: { osDisk: { osType: 'Windows' } } }
    })
  })

  it('carries the 2020-06-01 of an extension PUT on its Azure-AsyncOperation and Location URLs', async () => {
    const e = await start({
      scenario: scenario().everyVm((vm) => vm.extensionTakes(60_000))
    })
    const token = await armToken(e)

    const put = await send(
      e,
      'PUT',
      vmUrl(e, 'vm-no-vmaccess', '/extensions/enablevmaccess', '2020-06-01'),
      { token, body: cliVmAccessBody }
    )
    const status = await send(e, 'GET', header(put, 'Azure-AsyncOperation'), {
      token
    })
    const monitor = await send(e, 'GET', header(put, 'Location'), { token })

    expect(put.status).toBe(201)
    expect(header(put, 'Azure-AsyncOperation')).toMatch(
      /\/operations\/[0-9a-f-]{36}\?api-version=2020-06-01$/
    )
    expect(header(put, 'Location')).toMatch(
      /\/operations\/[0-9a-f-]{36}\?monitor=true&api-version=2020-06-01$/
    )
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({ status: 'InProgress' })
    expect(monitor.status).toBe(202)
    expect(header(monitor, 'Location')).toMatch(
      /\?monitor=true&api-version=2020-06-01$/
    )
  })

  it('keeps the 2024-07-01 of a VM list in its nextLink', async () => {
    const e = await start({
      scenario: scenario().fleet(3, { resourceGroups: 1 }),
      listPageSize: 2
    })
    const url =
      `${e.armUrl}/subscriptions/${e.subscriptionId}/resourceGroups/rg-fleet-1` +
      '/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01'

    const first = await send(e, 'GET', url, { token: await armToken(e) })

    expect(first.status).toBe(200)
    expect((first.body as { nextLink: string }).nextLink).toMatch(
      /\?api-version=2024-07-01&%24skiptoken=/
    )
  })

  it('accepts a preview version in any case, as ARM compares them', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      vmUrl(e, 'vm-web-01', '', '2016-04-30-Preview'),
      { token: await armToken(e) }
    )

    expect(response.status).toBe(200)
  })
})

describe('unregistered api-versions', () => {
  it('answers 400 NoRegisteredProviderFound naming the location, type and supported versions', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      vmUrl(e, 'vm-web-01', '', '2019-01-01'),
      { token: await armToken(e) }
    )

    expect(response.status).toBe(400)
    const error = (
      response.body as { error: { code: string; message: string } }
    ).error
    expect(error.code).toBe('NoRegisteredProviderFound')
    expect(error.message).toMatch(
      new RegExp(
        "^No registered resource provider found for location 'westeurope' and API version '2019-01-01' " +
          "for type 'virtualMachines'\\. The supported api-versions are '2015-05-01-preview, 2015-06-15, .*" +
          "2020-06-01, .*2024-07-01, 2024-11-01, 2025-04-01, 2026-04-01'\\. The supported locations are '.*westeurope.*'\\.$"
      )
    )
  })

  it('names the extension type for an extension path', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      vmUrl(e, 'vm-web-01', '/extensions/myVMAccess', '2018-06-30'),
      { token: await armToken(e) }
    )

    expect(response.status).toBe(400)
    expect(
      (response.body as { error: { message: string } }).error.message
    ).toContain(
      "and API version '2018-06-30' for type 'virtualMachines/extensions'."
    )
  })

  it('keeps MissingApiVersionParameter for a request without one', async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      vmUrl(e, 'vm-web-01').replace(/\?.*$/, ''),
      { token: await armToken(e) }
    )

    expect(response.status).toBe(400)
    expect(response.body).toEqual({
      error: {
        code: 'MissingApiVersionParameter',
        message:
          'The api-version query parameter (?api-version=) is required for all requests.'
      }
    })
  })

  it("answers ARM's own InvalidApiVersionParameter for a subscriptions version it does not serve", async () => {
    const e = await start()

    const response = await send(
      e,
      'GET',
      `${e.armUrl}/subscriptions?api-version=2099-01-01`,
      { token: await armToken(e) }
    )

    expect(response.status).toBe(400)
    expect(response.body).toEqual({
      error: {
        code: 'InvalidApiVersionParameter',
        message:
          "The api-version '2099-01-01' is invalid. The supported versions are " +
          "'2022-12-01,2021-01-01,2020-01-01,2019-11-01,2019-06-01,2018-06-01,2016-06-01,2015-11-01'."
      }
    })
  })
})

describe('resourceTypeOf', () => {
  it.each([
    [
      '/subscriptions/s/providers/Microsoft.Compute/virtualMachines',
      'virtualMachines'
    ],
    [
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm',
      'virtualMachines'
    ],
    [
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm/instanceView',
      'virtualMachines'
    ],
    [
      '/subscriptions/s/resourceGroups/g/providers/microsoft.compute/virtualMachines/vm/extensions',
      'virtualMachines/extensions'
    ],
    [
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm/extensions/x/',
      'virtualMachines/extensions'
    ],
    [
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm/runCommands/r',
      'virtualMachines/runCommands'
    ],
    [
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm/runCommand',
      'virtualMachines'
    ],
    [
      '/subscriptions/s/providers/Microsoft.Compute/locations/westeurope/operations/id',
      'locations/operations'
    ],
    [
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkInterfaces/nic/effectiveNetworkSecurityGroups',
      'networkInterfaces'
    ],
    [
      '/subscriptions/s/providers/Microsoft.Network/locations/westeurope/operationResults/id',
      'locations/operationResults'
    ]
  ])('reads %s as %s', (path, type) => {
    expect(resourceTypeOf(path)?.type).toBe(type)
  })

  it('knows no type outside the providers it registers', () => {
    expect(
      resourceTypeOf(
        '/subscriptions/s/providers/Microsoft.Storage/storageAccounts'
      )
    ).toBeUndefined()
  })
})
