// The VM and its extension: long-running operations that fail, never end or
// are cancelled, and VMs that are not ready for VMAccess.
import {
  putPolled,
  rg,
  vmAccessLeft,
  writes,
  type FaultCase
} from './fault-case.ts'

/** Extension operations that end Failed, never end, or are cancelled. */
export const longRunning: FaultCase[] = [
  {
    name: 'the extension LRO ends Failed with an unexpected handler error',
    vm: 'vm-web-01',
    scenario: (s) =>
      s.vm('vm-web-01', (vm) =>
        vm.extensionFails('Unexpected failure: the handler exited with code 3.')
      ),
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-failed',
      says: 'VMExtensionProvisioningError',
      nextStep: 'read the VMAccess logs in the guest'
    }
  },
  {
    name: "the extension's instance view is in error with substatus messages",
    vm: 'vm-no-vmaccess',
    scenario: (s) =>
      s.vm('vm-no-vmaccess', (vm) =>
        vm.extensionFails('Enable failed: could not open the SAM database.')
      ),
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-failed',
      says: 'could not open the SAM database',
      nextStep: 'read the VMAccess logs in the guest'
    },
    checks: [
      ({ step }) =>
        step.outputs['provisioning-state'] === 'Failed'
          ? []
          : [
              `provisioning-state is ${JSON.stringify(step.outputs['provisioning-state'])}, expected "Failed"`
            ],
      ({ step }) =>
        step.outputs['message']?.includes('could not open the SAM database')
          ? []
          : ['the message output lacks the substatus message']
    ]
  },
  {
    name: 'the extension LRO never ends (stopped at timeout-minutes: 1)',
    vm: 'vm-stuck',
    inputs: () => ({ 'timeout-minutes': '1' }),
    slow: true,
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-unknown',
      says: 'did not finish within timeout-minutes (1)',
      nextStep: 'with a larger timeout-minutes'
    },
    checks: [
      ({ step }) => {
        const seconds = Number(step.outputs['duration-seconds'])
        return seconds >= 60 && seconds < 90
          ? []
          : [
              `duration-seconds is ${step.outputs['duration-seconds']}; the run should stop at 60 s`
            ]
      }
    ]
  },
  {
    name: 'the run is cancelled (SIGINT) while it polls a slow extension',
    vm: 'vm-stuck',
    // vm-stuck's PUT polls for ever: the signal goes once its first poll
    // is answered, so it lands mid-poll however long sign-in, the GET and
    // the PUT took.
    cancel: (emulator) => ({
      signal: 'SIGINT',
      when: putPolled(emulator),
      thenMs: 0
    }),
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-unknown',
      says: 'cancelled',
      nextStep: 'Re-run the workflow'
    }
  }
]

/** VMs in a state VMAccess cannot work on, or an unusual one it must handle. */
export const vmState: FaultCase[] = [
  {
    name: 'the VM has two VMAccess extensions',
    vm: 'vm-two-vmaccess',
    expect: { outcome: 'survives' },
    checks: [
      ({ emulator }) => {
        // The extension's writes; verify's Run Command comes and goes after.
        const order = writes(emulator)
          .filter((w) => w.path.includes('/extensions/'))
          .map((w) => w.method)
          .join(' ')
        return order === 'DELETE DELETE PUT'
          ? []
          : [`writes were "${order}", expected "DELETE DELETE PUT"`]
      },
      ({ emulator }) =>
        vmAccessLeft(emulator, 'vm-two-vmaccess').length === 1
          ? []
          : [
              `VMAccess extensions left: ${vmAccessLeft(emulator, 'vm-two-vmaccess').join(', ')}`
            ]
    ]
  },
  ...(['deallocated', 'stopped', 'starting'] as const).map(
    (state): FaultCase => ({
      name: `the VM is ${state}`,
      vm: `vm-${state}`,
      expect: {
        outcome: 'fails',
        stage: 'pre-flight',
        change: 'none',
        says: `is ${state}`,
        // A starting VM is waited for; a stopped one is started.
        nextStep: `az vm ${state === 'starting' ? 'wait' : 'start'} -g ${rg} -n vm-${state}`
      }
    })
  ),
  {
    name: 'the VM runs Linux',
    vm: 'vm-linux',
    expect: {
      outcome: 'fails',
      stage: 'pre-flight',
      change: 'none',
      says: 'runs Linux',
      nextStep: 'VMAccessForLinux'
    }
  },
  {
    name: 'the VM agent is Not Ready',
    vm: 'vm-agent-not-ready',
    expect: {
      outcome: 'fails',
      stage: 'pre-flight',
      change: 'none',
      says: 'The VM agent of',
      nextStep: "Check that the 'Windows Azure Guest Agent' service runs"
    }
  }
]
