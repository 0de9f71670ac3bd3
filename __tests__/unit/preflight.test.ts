// The pre-flight decision table, on VMs in the SDK's flattened model shape
// (what virtualMachines.get with expand=instanceView returns).
import type {
  InstanceViewStatus,
  VirtualMachine,
  VirtualMachineExtension
} from '@azure/arm-compute'
import { checkVm, isAgentReady, type VmNeeds } from '../../src/preflight.ts'
import type { VmRef } from '../../src/settings.ts'

const target: VmRef = {
  subscriptionId: '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f',
  resourceGroup: 'rg-prod',
  vmName: 'web-01'
}
const vmId = '0f6a3a8e-6c3b-4b1e-9a55-2f1d3c4b5a69'
// What VMAccess needs; an operation that reads the VM only may need less.
const windowsWithAgent: VmNeeds = { os: 'Windows', agent: true }
const windowsOnly: VmNeeds = { os: 'Windows', agent: false }

const agentReady: InstanceViewStatus = {
  code: 'ProvisioningState/succeeded',
  level: 'Info',
  displayStatus: 'Ready',
  message: 'GuestAgent is running and processing the extensions.'
}
const agentNotReady: InstanceViewStatus = {
  code: 'ProvisioningState/Unavailable',
  level: 'Warning',
  displayStatus: 'Not Ready',
  message: 'VM Agent is unresponsive.'
}
const powerState = (state: string): InstanceViewStatus => ({
  code: `PowerState/${state}`,
  level: 'Info',
  displayStatus: `VM ${state}`
})

interface VmShape {
  osType?: 'Windows' | 'Linux'
  power?: string
  agent?: InstanceViewStatus[]
  extensions?: VirtualMachineExtension[]
}

/** A running Windows VM with a Ready agent, unless told otherwise. */
const vmResourceId =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/web-01'

function windowsVm(shape: VmShape = {}): VirtualMachine {
  const {
    osType = 'Windows',
    power = 'running',
    agent = [agentReady],
    extensions = []
  } = shape
  return {
    id: vmResourceId,
    location: 'westeurope',
    vmId,
    storageProfile: { osDisk: { osType, createOption: 'FromImage' } },
    osProfile: { computerName: 'web-01', adminUsername: 'azureuser' },
    instanceView: {
      statuses: [
        {
          code: 'ProvisioningState/succeeded',
          level: 'Info',
          displayStatus: 'Provisioning succeeded'
        },
        powerState(power)
      ],
      vmAgent: { vmAgentVersion: '2.7.41491.1102', statuses: agent }
    },
    resources: extensions
  }
}

const extension = (
  name: string,
  publisher: string,
  type: string,
  typeHandlerVersion?: string
): VirtualMachineExtension => ({
  location: 'westeurope',
  name,
  publisher,
  typePropertiesType: type,
  typeHandlerVersion
})

describe('checkVm', () => {
  it('refuses a Linux VM and points to VMAccessForLinux', () => {
    const vm = windowsVm({ osType: 'Linux' })

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toStrictEqual({
      kind: 'failure',
      reason: 'not-windows',
      message:
        "VM 'web-01' in resource group 'rg-prod' runs Linux; this action resets Windows VMs only.",
      fix: 'For Linux use the VMAccessForLinux extension (az vm user update -g rg-prod -n web-01 -u <username> -p <new password>).'
    })
  })

  it('refuses a VM that has only a Linux configuration to tell its OS', () => {
    const vm: VirtualMachine = {
      ...windowsVm(),
      storageProfile: {},
      osProfile: { adminUsername: 'azureuser', linuxConfiguration: {} }
    }

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toMatchObject({
      kind: 'failure',
      reason: 'not-windows',
      message: expect.stringContaining('runs Linux') as string
    })
  })

  it('refuses a VM whose OS is unknown', () => {
    const vm: VirtualMachine = { ...windowsVm(), storageProfile: undefined }

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toMatchObject({
      kind: 'failure',
      reason: 'not-windows',
      message:
        "VM 'web-01' in resource group 'rg-prod' runs an unknown OS; this action resets Windows VMs only."
    })
  })

  it('refuses a Linux VM as Linux even when it is deallocated', () => {
    const vm = windowsVm({ osType: 'Linux', power: 'deallocated' })

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toMatchObject({ reason: 'not-windows' })
  })

  it('refuses a VM returned without its instance view', () => {
    const vm: VirtualMachine = { ...windowsVm(), instanceView: undefined }

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toStrictEqual({
      kind: 'failure',
      reason: 'no-instance-view',
      message:
        "Azure returned no instance view for VM 'web-01' in resource group 'rg-prod', so its power state and agent are unknown.",
      fix: 'Re-run the workflow.'
    })
  })

  it('tells a starting VM to be waited for, not started', () => {
    const vm = windowsVm({ power: 'starting', agent: [] })

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict.kind === 'failure' && verdict.fix).toContain(
      'Wait until it is running (az vm wait -g rg-prod -n web-01'
    )
  })

  it.each(['deallocated', 'deallocating', 'stopped', 'stopping'])(
    'refuses a %s VM, naming the state and how to start it',
    (state) => {
      const vm = windowsVm({ power: state, agent: [] })

      const verdict = checkVm(vm, target, windowsWithAgent)

      expect(verdict).toMatchObject({ kind: 'failure', reason: 'not-running' })
      expect(verdict.kind === 'failure' && verdict.message).toContain(
        `is ${state};`
      )
      expect(verdict.kind === 'failure' && verdict.fix).toBe(
        'Start it (az vm start -g rg-prod -n web-01) and run the workflow again.'
      )
    }
  )

  it('names the power state code when Azure gives no display status', () => {
    const vm = windowsVm()
    vm.instanceView?.statuses?.splice(1, 1, { code: 'PowerState/deallocated' })

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toMatchObject({
      reason: 'not-running',
      message:
        "VM 'web-01' in resource group 'rg-prod' is deallocated; VMAccess needs a running VM with its agent."
    })
  })

  it('refuses a VM that reports no power state', () => {
    const vm = windowsVm()
    vm.instanceView?.statuses?.splice(1, 1)

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toMatchObject({
      reason: 'not-running',
      message: expect.stringContaining('is unknown;') as string
    })
  })

  it('refuses a VM whose agent is not ready and offers the offline reset', () => {
    const vm = windowsVm({ agent: [agentNotReady] })

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toStrictEqual({
      kind: 'failure',
      reason: 'agent-not-ready',
      message:
        "The VM agent of VM 'web-01' in resource group 'rg-prod' is Not Ready (agent says: VM Agent is unresponsive.); VMAccess runs through the agent.",
      fix: "Check that the 'Windows Azure Guest Agent' service runs in the guest (a restart of the VM often brings it back), or reset the password offline: https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/reset-local-password-without-agent."
    })
  })

  it('refuses a VM whose agent does not report at all', () => {
    const vm: VirtualMachine = windowsVm()
    if (vm.instanceView) vm.instanceView.vmAgent = undefined

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toMatchObject({
      reason: 'agent-not-ready',
      message:
        "The VM agent of VM 'web-01' in resource group 'rg-prod' is not reporting; VMAccess runs through the agent."
    })
  })

  it('accepts a running Windows VM with a Ready agent', () => {
    const vm = windowsVm()

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toStrictEqual({
      kind: 'ready',
      vmId,
      vmResourceId,
      location: 'westeurope',
      adminUsername: 'azureuser',
      vmAccessExtensions: [],
      hasAadLogin: false,
      route: 'vmaccess',
      model: vm
    })
  })

  it('lists every VMAccessAgent whatever its name, and no other extension', () => {
    const vm = windowsVm({
      extensions: [
        extension(
          'enablevmaccess',
          'Microsoft.Compute',
          'VMAccessAgent',
          '2.4'
        ),
        extension(
          'MicrosoftMonitoringAgent',
          'Microsoft.EnterpriseCloud.Monitoring',
          'MicrosoftMonitoringAgent',
          '1.0'
        ),
        extension(
          'reset-by-portal',
          'Microsoft.Compute',
          'VMAccessAgent',
          '2.0'
        ),
        extension(
          'CustomScriptExtension',
          'Microsoft.Compute',
          'CustomScriptExtension',
          '1.10'
        ),
        extension(
          'linux-access',
          'Microsoft.OSTCExtensions',
          'VMAccessForLinux',
          '1.5'
        ),
        extension('lookalike', 'Contoso.Tools', 'VMAccessAgent', '9.9')
      ]
    })

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(
      verdict.kind === 'ready' && verdict.vmAccessExtensions
    ).toStrictEqual([
      { name: 'enablevmaccess', typeHandlerVersion: '2.4' },
      { name: 'reset-by-portal', typeHandlerVersion: '2.0' }
    ])
  })

  it('notes the AADLoginForWindows extension', () => {
    const vm = windowsVm({
      extensions: [
        extension(
          'AADLoginForWindows',
          'Microsoft.Azure.ActiveDirectory',
          'AADLoginForWindows',
          '2.0'
        )
      ]
    })

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toMatchObject({
      kind: 'ready',
      hasAadLogin: true,
      vmAccessExtensions: []
    })
  })

  it('accepts a VM without an adminUsername, leaving it unset', () => {
    const vm: VirtualMachine = { ...windowsVm(), osProfile: undefined }

    const verdict = checkVm(vm, target, windowsWithAgent)

    expect(verdict).toMatchObject({ kind: 'ready', adminUsername: undefined })
  })
})

describe('checkVm for an operation that needs no agent', () => {
  it.each([
    ['deallocated', windowsVm({ power: 'deallocated' })],
    ['agent not ready', windowsVm({ agent: [agentNotReady] })],
    ['no instance view', { ...windowsVm(), instanceView: undefined }]
  ])('accepts a Windows VM that is %s', (_, vm) => {
    const verdict = checkVm(vm, target, windowsOnly)

    expect(verdict).toMatchObject({ kind: 'ready', vmId })
  })

  it('still refuses a Linux VM', () => {
    const verdict = checkVm(windowsVm({ osType: 'Linux' }), target, windowsOnly)

    expect(verdict).toMatchObject({ kind: 'failure', reason: 'not-windows' })
  })
})

describe('isAgentReady', () => {
  it.each([
    ['Ready', [agentReady], true],
    ['Not Ready', [agentNotReady], false],
    ['no status', [], false],
    [
      'succeeded but not Ready',
      [{ ...agentReady, displayStatus: 'Not Ready' }],
      false
    ],
    [
      'Ready among other statuses',
      [{ code: 'Other/status', displayStatus: 'Other' }, agentReady],
      true
    ]
  ])('judges an agent with %s as ready: %s', (_, statuses, isReady) => {
    const vm = windowsVm({ agent: statuses })

    const ready = isAgentReady(vm)

    expect(ready).toBe(isReady)
  })
})

describe('a domain controller VMAccess already refused', () => {
  const refusedBefore = (message: string): VirtualMachine => {
    const vm = windowsVm()
    return {
      ...vm,
      instanceView: {
        ...vm.instanceView,
        extensions: [
          {
            name: 'enablevmaccess',
            type: 'Microsoft.Compute.VMAccessAgent',
            statuses: [{ code: 'ProvisioningState/failed/1', message }]
          }
        ]
      }
    }
  }

  it('is refused before any write, with both ways forward', () => {
    const verdict = checkVm(
      refusedBefore('VMAccess Extension does not support Domain Controller.'),
      target,
      windowsWithAgent
    )

    expect(verdict).toMatchObject({
      kind: 'failure',
      reason: 'domain-controller',
      fix: expect.stringMatching(
        /domain-controller: run-command.*Set-ADAccountPassword/
      ) as string
    })
  })

  it('goes through Run Command with domain-controller: run-command', () => {
    const verdict = checkVm(
      refusedBefore('VMAccess Extension does not support Domain Controller.'),
      target,
      windowsWithAgent,
      'run-command'
    )

    expect(verdict).toMatchObject({ kind: 'ready', route: 'run-command' })
  })

  it('is not guessed from another failure', () => {
    const verdict = checkVm(
      refusedBefore('The password does not meet the requirements.'),
      target,
      windowsWithAgent
    )

    expect(verdict.kind).toBe('ready')
  })
})
