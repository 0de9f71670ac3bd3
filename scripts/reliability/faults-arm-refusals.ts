// Resource Manager refusals the action must report cleanly: tokens, RBAC,
// missing resources, and a VM that stops between the DELETE and the PUT.
import { once, rg, vmAccessLeft, type FaultCase } from './fault-case.ts'

const readAction = 'Microsoft.Compute/virtualMachines/read'
const writeAction = 'Microsoft.Compute/virtualMachines/extensions/write'
const deleteAction = 'Microsoft.Compute/virtualMachines/extensions/delete'

/** Resource Manager refusals: each with its own next step, and no write past a failed read. */
export const armRefusals: FaultCase[] = [
  {
    name: 'Resource Manager answers 401 InvalidAuthenticationToken',
    vm: 'vm-web-01',
    faults: [
      once('VirtualMachines_Get', {
        status: 401,
        code: 'InvalidAuthenticationToken',
        message: 'The access token is invalid.'
      })
    ],
    expect: {
      outcome: 'fails',
      stage: 'pre-flight',
      change: 'none',
      says: 'InvalidAuthenticationToken',
      nextStep: 'Resource Manager refused the token'
    }
  },
  {
    name: 'the identity may not read the VM (403 AuthorizationFailed)',
    vm: 'vm-web-01',
    scenario: (s) => s.deny(readAction),
    expect: {
      outcome: 'fails',
      stage: 'pre-flight',
      change: 'none',
      says: 'AuthorizationFailed',
      nextStep: `Grant the signed-in identity '${readAction}'`
    }
  },
  {
    name: 'the identity may not delete extensions (403 AuthorizationFailed)',
    vm: 'vm-web-01',
    scenario: (s) => s.deny(deleteAction),
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'none',
      says: 'AuthorizationFailed',
      nextStep: `Grant the signed-in identity '${deleteAction}'`
    },
    checks: [
      ({ emulator }) =>
        vmAccessLeft(emulator, 'vm-web-01').includes('myVMAccess')
          ? []
          : ['the refused DELETE still removed myVMAccess']
    ]
  },
  {
    name: 'the resource group does not exist (404 ResourceGroupNotFound)',
    vm: 'vm-web-01',
    inputs: () => ({ 'resource-group': 'rg-nowhere' }),
    expect: {
      outcome: 'fails',
      stage: 'pre-flight',
      change: 'none',
      says: 'ResourceGroupNotFound',
      nextStep: "has no resource group 'rg-nowhere'"
    }
  },
  {
    name: 'the VM does not exist (404 ResourceNotFound)',
    vm: 'vm-missing',
    expect: {
      outcome: 'fails',
      stage: 'pre-flight',
      change: 'none',
      says: 'ResourceNotFound',
      nextStep: "has no VM 'vm-missing'"
    }
  },
  {
    name: 'the VM stops between the DELETE and the PUT (409 OperationNotAllowed)',
    vm: 'vm-web-01',
    faults: [
      once('VirtualMachineExtensions_CreateOrUpdate', {
        status: 409,
        code: 'OperationNotAllowed',
        message:
          'Cannot modify extensions in the VM when the VM is not running.'
      })
    ],
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-removed',
      says: 'OperationNotAllowed',
      nextStep: `az vm start -g ${rg} -n vm-web-01`
    },
    checks: [
      ({ emulator }) => {
        const puts = emulator.requests.filter(
          (r) => r.operationId === 'VirtualMachineExtensions_CreateOrUpdate'
        )
        return puts.length === 1
          ? []
          : [
              `the PUT was sent ${puts.length} times; a stopped VM is no reason to retry`
            ]
      }
    ]
  },
  {
    name: 'the DELETE succeeds but the PUT is refused (403 on extensions/write)',
    vm: 'vm-web-01',
    scenario: (s) => s.deny(writeAction),
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-removed',
      says: 'AuthorizationFailed',
      nextStep: `Grant the signed-in identity '${writeAction}'`
    },
    checks: [
      ({ emulator }) =>
        vmAccessLeft(emulator, 'vm-web-01').length === 0
          ? []
          : ['the VM still has a VMAccess extension, yet the summary says none']
    ]
  }
]
