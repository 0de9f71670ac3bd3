import { startEmulator, type Emulator } from '../index.ts'
import { emulatorPerTest } from './emulator-per-test.ts'
import { countOf, startOnRequestClock } from './request-clock.ts'
import { computeClient, vmAccessBody } from './sdk-clients.ts'

describe('ARM protocol with the real ComputeManagementClient', () => {
  let emulator: Emulator

  beforeEach(async () => {
    emulator = await startEmulator()
  })
  afterEach(async () => {
    await emulator.stop()
    expect(emulator.contractViolations).toEqual([])
  })

  it('gets a VM with its instance view, agent status and extensions', async () => {
    const client = computeClient(emulator)

    const vm = await client.virtualMachines.get('rg-demo', 'vm-web-01', {
      expand: 'instanceView'
    })

    expect(vm.vmId).toBe(
      emulator.scenario.resourceGroups[0]?.virtualMachines[0]?.vmId
    )
    expect(vm.osProfile?.adminUsername).toBe('azureadmin')
    expect(vm.storageProfile?.osDisk?.osType).toBe('Windows')
    expect(vm.instanceView?.statuses?.map((s) => s.code)).toEqual([
      'ProvisioningState/succeeded',
      'PowerState/running'
    ])
    expect(vm.instanceView?.vmAgent?.statuses?.[0]).toMatchObject({
      displayStatus: 'Ready',
      message: 'GuestAgent is running and accepting new configurations.'
    })
    expect(
      vm.resources?.map((r) => [
        r.name,
        r.typePropertiesType,
        r.typeHandlerVersion
      ])
    ).toEqual([['myVMAccess', 'VMAccessAgent', '2.4']])
  })

  it('answers the instance view on its own path', async () => {
    const client = computeClient(emulator)

    const view = await client.virtualMachines.instanceView(
      'rg-demo',
      'vm-deallocated'
    )

    expect(view.statuses?.map((s) => s.code)).toContain(
      'PowerState/deallocated'
    )
    expect(view.vmAgent).toBeUndefined()
  })

  it('lists extensions with their instance views and never returns protectedSettings', async () => {
    const client = computeClient(emulator)

    const list = await client.virtualMachineExtensions.list(
      'rg-demo',
      'vm-two-vmaccess',
      { expand: 'instanceView' }
    )

    expect(list.value?.map((e) => e.name)).toEqual([
      'enablevmaccess',
      'VMAccessAgent'
    ])
    expect(list.value?.[0]?.instanceView?.statuses?.[0]?.code).toBe(
      'ProvisioningState/succeeded'
    )
    expect(list.value?.some((e) => e.protectedSettings !== undefined)).toBe(
      false
    )
  })

  it('deletes an extension as a long-running operation', async () => {
    const client = computeClient(emulator)

    await client.virtualMachineExtensions.beginDeleteAndWait(
      'rg-demo',
      'vm-web-01',
      'myVMAccess'
    )

    expect(emulator.vm('rg-demo', 'vm-web-01').extensions).toEqual([])
    expect(operationsOf(emulator)).toEqual([
      'VirtualMachineExtensions_Delete',
      'Operations_Get',
      'Operations_Get'
    ])
  })

  it('answers 204 to a DELETE of an extension that does not exist', async () => {
    const client = computeClient(emulator)

    await client.virtualMachineExtensions.beginDeleteAndWait(
      'rg-demo',
      'vm-no-vmaccess',
      'enablevmaccess'
    )

    expect(emulator.requests.find((r) => r.method === 'DELETE')?.status).toBe(
      204
    )
  })

  it('creates VMAccess, resets the password and returns the final extension', async () => {
    const client = computeClient(emulator)
    const password = 'Fresh-Passw0rd!1'

    const result =
      await client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
        'rg-demo',
        'vm-no-vmaccess',
        'enablevmaccess',
        vmAccessBody({ UserName: 'azureadmin' }, { Password: password })
      )

    expect(result).toMatchObject({
      name: 'enablevmaccess',
      provisioningState: 'Succeeded',
      typePropertiesType: 'VMAccessAgent'
    })
    expect(result.protectedSettings).toBeUndefined()
    expect(
      emulator.passwordMatches(
        'rg-demo',
        'vm-no-vmaccess',
        'azureadmin',
        password
      )
    ).toBe(true)
    expect(
      emulator.passwordMatches(
        'rg-demo',
        'vm-no-vmaccess',
        'azureadmin',
        'something else'
      )
    ).toBe(false)
    expect(operationsOf(emulator)).toEqual([
      'VirtualMachineExtensions_CreateOrUpdate',
      'Operations_Get',
      'Operations_Get',
      'VirtualMachineExtensions_Get'
    ])
  })

  it('answers 201 for a new extension and 200 for an update, then reports it through the poller', async () => {
    const client = computeClient(emulator)

    const poller = client.virtualMachineExtensions.createOrUpdate(
      'rg-demo',
      'vm-web-01',
      'myVMAccess',
      vmAccessBody({ UserName: 'azureadmin' }, { Password: 'Other-Passw0rd!2' })
    )
    const result = await poller.pollUntilDone()

    expect(result.provisioningState).toBe('Succeeded')
    expect(emulator.requests.find((r) => r.method === 'PUT')?.status).toBe(200)
    expect(
      emulator.passwordMatches(
        'rg-demo',
        'vm-web-01',
        'azureadmin',
        'Web01-Old-Passw0rd!'
      )
    ).toBe(false)
  })
})

describe('ARM protocol: polling at the server’s pace', () => {
  const { start } = emulatorPerTest()

  it('waits the Retry-After it sends between polls', async () => {
    // vm-slow's guest takes 3 s of ARM's time, which passes only once the SDK
    // has polled three times: three polls find it InProgress however long
    // the machine takes between them.
    const e = await startOnRequestClock(start, {}, (requests) =>
      countOf(requests, 'Operations_Get') >= 3 ? 3000 : 0
    )
    const client = computeClient(e)

    await client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
      'rg-demo',
      'vm-slow',
      'enablevmaccess',
      vmAccessBody({ UserName: 'azureadmin' }, { Password: 'Slow-Passw0rd!3' })
    )

    const polls = e.requests
      .filter((r) => r.operationId === 'Operations_Get')
      .map((r) => r.at)
    expect(polls).toHaveLength(4)
    const gaps = polls.slice(1).map((at, i) => at - (polls[i] ?? at))
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900)
  })
})

function operationsOf(emulator: Emulator): (string | undefined)[] {
  return emulator.requests
    .filter((r) => r.service === 'arm')
    .map((r) => r.operationId)
}
