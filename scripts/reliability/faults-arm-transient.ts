// Transient Resource Manager faults the action must ride out: throttling,
// 5xx, dropped connections and 409 "another operation is in progress".
import { once, type FaultCase } from './fault-case.ts'

/** Resource Manager faults that a retry at the server's pace gets past. */
export const armTransients: FaultCase[] = [
  {
    name: 'Resource Manager throttles the VM read (429, Retry-After: 1)',
    vm: 'vm-web-01',
    faults: [
      once('VirtualMachines_Get', { status: 429, retryAfterSeconds: 1 })
    ],
    expect: {
      outcome: 'survives',
      waits: {
        operationId: 'VirtualMachines_Get',
        status: 429,
        atLeastMs: 1000
      }
    }
  },
  {
    name: 'Resource Manager throttles the extension PUT (429, Retry-After: 1)',
    vm: 'vm-web-01',
    faults: [
      once('VirtualMachineExtensions_CreateOrUpdate', {
        status: 429,
        retryAfterSeconds: 1
      })
    ],
    expect: {
      outcome: 'survives',
      waits: {
        operationId: 'VirtualMachineExtensions_CreateOrUpdate',
        status: 429,
        atLeastMs: 1000
      }
    }
  },
  {
    name: 'Resource Manager answers 500 to the VM read',
    vm: 'vm-web-01',
    faults: [once('VirtualMachines_Get', { status: 500 })],
    expect: { outcome: 'survives' }
  },
  {
    name: 'Resource Manager answers 502 to the extension DELETE',
    vm: 'vm-web-01',
    faults: [once('VirtualMachineExtensions_Delete', { status: 502 })],
    expect: { outcome: 'survives' }
  },
  {
    name: 'Resource Manager answers 503 to the extension PUT',
    vm: 'vm-web-01',
    faults: [
      once('VirtualMachineExtensions_CreateOrUpdate', {
        status: 503,
        retryAfterSeconds: 1
      })
    ],
    expect: { outcome: 'survives' }
  },
  {
    name: 'Resource Manager throttles an LRO poll (429, Retry-After: 1)',
    vm: 'vm-web-01',
    faults: [once('Operations_Get', { status: 429, retryAfterSeconds: 1 })],
    expect: {
      outcome: 'survives',
      waits: { operationId: 'Operations_Get', status: 429, atLeastMs: 1000 }
    }
  },
  {
    name: 'the connection is reset during an LRO poll',
    vm: 'vm-web-01',
    faults: [once('Operations_Get', { kind: 'reset' })],
    expect: { outcome: 'survives' }
  },
  {
    name: 'the connection is reset on the VM read',
    vm: 'vm-web-01',
    faults: [once('VirtualMachines_Get', { kind: 'reset' })],
    expect: { outcome: 'survives' }
  },
  {
    name: 'the PUT meets 409 "another operation is in progress"',
    vm: 'vm-web-01',
    faults: [
      once('VirtualMachineExtensions_CreateOrUpdate', {
        status: 409,
        code: 'Conflict',
        message:
          "Operation 'PUT' is not allowed on VM extension 'myVMAccess' since another operation is in progress.",
        retryAfterSeconds: 1
      })
    ],
    expect: {
      outcome: 'survives',
      waits: {
        operationId: 'VirtualMachineExtensions_CreateOrUpdate',
        status: 409,
        atLeastMs: 1000
      }
    }
  },
  {
    name: 'the DELETE meets 409 "another operation is in progress"',
    vm: 'vm-web-01',
    faults: [
      once('VirtualMachineExtensions_Delete', {
        status: 409,
        code: 'Conflict',
        message:
          "Operation 'DELETE' is not allowed on VM extension 'myVMAccess' since another operation is in progress.",
        retryAfterSeconds: 1
      })
    ],
    expect: {
      outcome: 'survives',
      waits: {
        operationId: 'VirtualMachineExtensions_Delete',
        status: 409,
        atLeastMs: 1000
      }
    }
  }
]
