// Faults of mode diagnose: what it may send. With its guest switch off it
// sends Azure only reads, and the summary says the guest was not checked.
import { vmRecipes } from '../../emulator/index.ts'
import { summaryText, type FaultCase, type FaultRun } from './fault-case.ts'

/** The one POST diagnose sends that is a read action (Azure computes the rules). */
const effectiveNsgRead = 'NetworkInterfaces_ListEffectiveNetworkSecurityGroups'

/** Every Resource Manager request but a GET and the effective-NSG POST. */
function onlyReads({ emulator }: FaultRun): string[] {
  const arm = emulator.requests.filter((r) => r.service === 'arm')
  const notReads = arm
    .filter(
      (r) =>
        r.method !== 'GET' &&
        !(r.method === 'POST' && r.operationId === effectiveNsgRead)
    )
    .map((r) => `sent ${r.method} ${r.path} (${r.operationId ?? 'unknown'})`)
  const read = arm.some((r) => r.operationId === effectiveNsgRead)
  return read
    ? notReads
    : [...notReads, 'the effective security rules were not read']
}

/** The summary must say that nothing ran in the guest, and why. */
function saysGuestNotChecked({ step }: FaultRun): string[] {
  const wanted =
    'Inside the guest was not checked: diagnose-guest is false, so no Run Command was sent'
  return summaryText(step).includes(wanted)
    ? []
    : [`the summary does not say "${wanted}"`]
}

export const diagnoseCases: FaultCase[] = [
  {
    name: 'diagnose runs with its guest switch off (diagnose-guest: false): it sends only reads',
    vm: 'vm-diagnose-01',
    scenario: (s) => s.vm('vm-diagnose-01', vmRecipes.healthy),
    inputs: () => ({
      mode: 'diagnose',
      password: undefined,
      'diagnose-guest': 'false'
    }),
    expect: { outcome: 'survives' },
    checks: [onlyReads, saysGuestNotChecked]
  }
]
