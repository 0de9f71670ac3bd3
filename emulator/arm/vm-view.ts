import type { NicState } from '../network-state.ts'
import type { InstanceViewStatus, VmState } from '../state.ts'
import {
  extensionInstanceView,
  extensionView,
  vmResourceId
} from './extension-view.ts'

/**
 * `VirtualMachine` model view, shaped after spec/examples/VirtualMachine_Get.json;
 * with `instanceView` it also carries `properties.instanceView`. `nics` are
 * the VM's network interfaces, primary first (the extract leaves
 * NetworkProfile unexpanded, so the shape is Azure's: `{id}`, plus
 * `properties.primary` when there are several).
 */
export function vmView(
  subscriptionId: string,
  vm: VmState,
  options: { instanceView: boolean; nics: readonly NicState[] }
): Record<string, unknown> {
  const id = vmResourceId(subscriptionId, vm)
  const rgPrefix = `/subscriptions/${subscriptionId}/resourceGroups/${vm.resourceGroup}/providers`
  const diskName = osDiskName(vm)
  return {
    name: vm.name,
    id,
    type: 'Microsoft.Compute/virtualMachines',
    location: vm.location,
    ...(vm.tags ? { tags: vm.tags } : {}),
    properties: {
      vmId: vm.vmId,
      hardwareProfile: { vmSize: vm.vmSize },
      storageProfile: {
        imageReference: imageFor(vm),
        osDisk: {
          osType: vm.osType,
          name: diskName,
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: {
            storageAccountType: 'Premium_LRS',
            id: `${rgPrefix}/Microsoft.Compute/disks/${diskName}`
          },
          deleteOption: 'Delete',
          diskSizeGB: vm.osType === 'Windows' ? 127 : 30
        },
        dataDisks: []
      },
      osProfile: {
        computerName: vm.computerName,
        adminUsername: vm.adminUsername,
        ...(vm.osType === 'Windows'
          ? {
              windowsConfiguration: {
                provisionVMAgent: true,
                enableAutomaticUpdates: true
              }
            }
          : {
              linuxConfiguration: {
                disablePasswordAuthentication: true,
                provisionVMAgent: true
              }
            }),
        secrets: [],
        allowExtensionOperations: true,
        requireGuestProvisionSignal: true
      },
      networkProfile: {
        networkInterfaces: options.nics.map((nic) => ({
          id: `/subscriptions/${subscriptionId}/resourceGroups/${nic.resourceGroup}/providers/Microsoft.Network/networkInterfaces/${nic.name}`,
          ...(options.nics.length > 1
            ? { properties: { primary: nic.primary } }
            : {})
        }))
      },
      diagnosticsProfile: { bootDiagnostics: { enabled: vm.bootDiagnostics } },
      provisioningState: 'Succeeded',
      timeCreated: vm.timeCreated,
      ...(options.instanceView ? { instanceView: vmInstanceView(vm) } : {})
    },
    ...(vm.extensions.length > 0
      ? {
          resources: vm.extensions.map((e) =>
            extensionView(subscriptionId, vm, e, { instanceView: false })
          )
        }
      : {})
  }
}

/**
 * `VirtualMachineInstanceView`, shaped after spec/examples/VirtualMachine_Get_InstanceView.json.
 * A deallocated VM has no running agent, so it reports no guest facts.
 */
export function vmInstanceView(vm: VmState): Record<string, unknown> {
  const hasGuest =
    vm.powerState !== 'deallocated' && vm.powerState !== 'deallocating'
  return {
    ...(hasGuest
      ? {
          computerName: vm.computerName,
          osName: vm.osName,
          osVersion: vm.osVersion
        }
      : {}),
    ...(hasGuest ? { vmAgent: agentView(vm) } : {}),
    disks: [
      {
        name: osDiskName(vm),
        statuses: [provisioningSucceeded(vm.timeCreated)]
      }
    ],
    hyperVGeneration: 'V2',
    extensions: vm.extensions.map(extensionInstanceView),
    statuses: [
      provisioningSucceeded(vm.timeCreated),
      {
        code: `PowerState/${vm.powerState}`,
        level: 'Info',
        displayStatus: `VM ${vm.powerState}`
      }
    ]
  }
}

function osDiskName(vm: VmState): string {
  return `${vm.name}_OsDisk_1_${vm.vmId.replace(/-/g, '').slice(0, 12)}`
}

// A ready agent reports all the time: its status is from now. One that is
// not ready last reported at its heartbeat (scenario.ts agent).
function agentView(vm: VmState): Record<string, unknown> {
  const now = new Date().toISOString()
  if (!vm.agent.ready || vm.powerState !== 'running') {
    const time = vm.agent.lastHeartbeat ?? now
    return {
      vmAgentVersion: 'Unknown',
      statuses: [
        {
          code: 'ProvisioningState/Unavailable',
          level: 'Warning',
          displayStatus: 'Not Ready',
          message: 'VM Agent is unresponsive.',
          time
        }
      ]
    }
  }
  return {
    vmAgentVersion: vm.agent.version,
    statuses: [
      {
        code: 'ProvisioningState/succeeded',
        level: 'Info',
        displayStatus: 'Ready',
        message: 'GuestAgent is running and accepting new configurations.',
        time: vm.agent.lastHeartbeat ?? now
      }
    ],
    extensionHandlers: vm.extensions.map((e) => ({
      type: `${e.publisher}.${e.type}`,
      typeHandlerVersion: e.handlerVersion,
      status: {
        code: 'ProvisioningState/succeeded',
        level: 'Info',
        displayStatus: 'Ready'
      }
    }))
  }
}

function provisioningSucceeded(time: string): InstanceViewStatus {
  return {
    code: 'ProvisioningState/succeeded',
    level: 'Info',
    displayStatus: 'Provisioning succeeded',
    time
  }
}

function imageFor(vm: VmState): Record<string, string> {
  return vm.osType === 'Windows'
    ? {
        publisher: 'MicrosoftWindowsServer',
        offer: 'WindowsServer',
        sku: '2022-datacenter-azure-edition',
        version: 'latest'
      }
    : {
        publisher: 'Canonical',
        offer: '0001-com-ubuntu-server-jammy',
        sku: '22_04-lts-gen2',
        version: 'latest'
      }
}
