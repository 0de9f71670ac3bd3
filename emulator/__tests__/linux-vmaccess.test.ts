// `az vm user update` on a Linux VM sends VMAccessForLinux. The emulator's
// guest has no Linux accounts to change, so it refuses the handler the way
// Compute refuses one its repository lacks, rather than report a reset that
// never happened.
import type { Emulator } from '../index.ts'
import { emulatorPerTest } from './emulator-per-test.ts'
import { secretCredential, send, vmUrl } from './sdk-clients.ts'

const { start } = emulatorPerTest()

async function armToken(e: Emulator): Promise<string> {
  return (await secretCredential(e).getToken(`${e.armUrl}/.default`)).token
}

// What the CLI 2.45 PUTs (vm/custom.py `_update_linux_access_extension`).
const cliLinuxBody = {
  location: 'westeurope',
  properties: {
    publisher: 'Microsoft.OSTCExtensions',
    type: 'VMAccessForLinux',
    typeHandlerVersion: '1.5',
    settings: {},
    protectedSettings: { username: 'azureuser', password: 'Linux-Passw0rd!1' }
  }
}

describe('VMAccessForLinux', () => {
  it('is refused with 404 ArtifactNotFound and a detail naming the emulator', async () => {
    const e = await start()

    const response = await send(
      e,
      'PUT',
      vmUrl(e, 'vm-linux', '/extensions/enablevmaccess', '2020-06-01'),
      { token: await armToken(e), body: cliLinuxBody }
    )

    expect(response.status).toBe(404)
    const error = (
      response.body as {
        error: { code: string; message: string; details: unknown[] }
      }
    ).error
    expect(error.code).toBe('ArtifactNotFound')
    expect(error.message).toBe(
      "Extension with publisher 'Microsoft.OSTCExtensions', type 'VMAccessForLinux', and type handler " +
        "version '1.5' could not be found in the extension repository."
    )
    expect(error.details).toEqual([
      {
        code: 'NotModelledByEmulator',
        message:
          'The emulator does not model Microsoft.OSTCExtensions.VMAccessForLinux, so it refuses it ' +
          'instead of reporting a reset it did not make. Azure itself serves this handler.'
      }
    ])
  })

  it('leaves the VM without the extension and starts no operation', async () => {
    const e = await start()

    const response = await send(
      e,
      'PUT',
      vmUrl(e, 'vm-linux', '/extensions/enablevmaccess'),
      { token: await armToken(e), body: cliLinuxBody }
    )

    expect(e.vm('rg-demo', 'vm-linux').extensions).toEqual([])
    expect(response.headers['azure-asyncoperation']).toBeUndefined()
  })
})
