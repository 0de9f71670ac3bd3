// statusMessage: what VMAccess itself said, for the outputs and the summary.
import type { VirtualMachineExtension } from '@azure/arm-compute'
import { statusMessage } from '../../src/vm-access/steps.ts'

function extensionWith(
  statuses: { message?: string }[],
  substatuses: { message?: string }[] = []
): VirtualMachineExtension {
  return {
    location: 'westeurope',
    name: 'enablevmaccess',
    publisher: 'Microsoft.Compute',
    typePropertiesType: 'VMAccessAgent',
    instanceView: {
      name: 'enablevmaccess',
      type: 'Microsoft.Compute.VMAccessAgent',
      typeHandlerVersion: '2.4.12',
      statuses: statuses.map((s) => ({
        code: 'ProvisioningState/succeeded',
        level: 'Info',
        displayStatus: 'Provisioning succeeded',
        ...s
      })),
      substatuses: substatuses.map((s) => ({
        code: 'ComponentStatus/VMAccess/succeeded',
        level: 'Info',
        ...s
      }))
    }
  }
}

describe('statusMessage', () => {
  it('joins the status and substatus messages', () => {
    const extension = extensionWith(
      [{ message: 'Enable succeeded.' }],
      [{ message: 'Password of azureuser reset.' }]
    )

    const message = statusMessage(extension)

    expect(message).toBe('Enable succeeded. Password of azureuser reset.')
  })

  it('trims each message', () => {
    const extension = extensionWith([{ message: '  Enable succeeded.\n' }])

    const message = statusMessage(extension)

    expect(message).toBe('Enable succeeded.')
  })

  it('says a repeated message once', () => {
    const extension = extensionWith(
      [{ message: 'Enable succeeded.' }, { message: 'Enable succeeded.' }],
      [{ message: 'Enable succeeded.' }, { message: 'RDP reset.' }]
    )

    const message = statusMessage(extension)

    expect(message).toBe('Enable succeeded. RDP reset.')
  })

  it('skips statuses without a message', () => {
    const extension = extensionWith(
      [{}, { message: '  ' }],
      [{ message: 'RDP reset.' }]
    )

    const message = statusMessage(extension)

    expect(message).toBe('RDP reset.')
  })

  it.each([
    ['no extension', undefined],
    [
      'an extension without an instance view',
      { location: 'westeurope', name: 'enablevmaccess' }
    ],
    ['statuses without messages', extensionWith([{}], [{ message: '' }])],
    ['no statuses', extensionWith([], [])]
  ])('is undefined for %s', (_, extension) => {
    const message = statusMessage(extension)

    expect(message).toBeUndefined()
  })
})
