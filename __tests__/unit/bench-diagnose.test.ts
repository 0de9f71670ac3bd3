import type { Exchange } from '../../scripts/bench/exchanges.ts'
import {
  countRequests,
  extraRequests,
  minimumDiagnoseRequests,
  totalRequests
} from '../../scripts/bench/minimum.ts'
import { timePolls } from '../../scripts/bench/polls.ts'
import { nameExchanges } from '../../scripts/bench/request-names.ts'
import { exchange } from './bench-exchange.ts'

const profile = { deleteMs: 1500, extensionMs: 2500, runCommandMs: 3500 }
const healthy = { running: true, nics: 1, publicIps: 1 }

/** A diagnosis of a running VM: the network reads run beside the probe's polls. */
const diagnosis: Exchange[] = [
  exchange('GitHub_GetIdToken', 0),
  exchange('Entra_OpenIdConfiguration', 10),
  exchange('Entra_Token', 20, { method: 'POST' }),
  exchange('VirtualMachines_Get', 30),
  exchange('VirtualMachines_RunCommand', 40, {
    method: 'POST',
    status: 202,
    retryAfterMs: 1000
  }),
  exchange('NetworkInterfaces_Get', 41),
  exchange('PublicIPAddresses_Get', 50),
  exchange('NetworkInterfaces_ListEffectiveNetworkSecurityGroups', 51, {
    method: 'POST',
    status: 202,
    retryAfterMs: 1000
  }),
  exchange('Operations_Monitor', 1045, { status: 202, retryAfterMs: 1000 }),
  exchange('NetworkOperationResults_Get', 1055),
  exchange('Operations_Monitor', 2050, { status: 202, retryAfterMs: 1000 }),
  exchange('Operations_Monitor', 3055, { status: 202, retryAfterMs: 1000 }),
  exchange('Operations_Monitor', 4060)
]

describe('minimumDiagnoseRequests', () => {
  it('counts the sign-in, the VM, the probe and one NIC’s reads for a running VM', () => {
    expect(
      Object.fromEntries(minimumDiagnoseRequests(profile, 1000, healthy))
    ).toEqual({
      GitHub_GetIdToken: 1,
      Entra_OpenIdConfiguration: 1,
      Entra_Token: 1,
      VirtualMachines_Get: 1,
      VirtualMachines_RunCommand: 1,
      // ⌈3.5 s ÷ 1 s⌉, the last poll being the RunCommandResult.
      'poll after POST runCommand': 4,
      'final GET after POST runCommand': 0,
      NetworkInterfaces_Get: 1,
      PublicIPAddresses_Get: 1,
      NetworkInterfaces_ListEffectiveNetworkSecurityGroups: 1,
      // Done by its first poll, which is the effective list itself.
      'poll after POST effectiveNetworkSecurityGroups': 1,
      'final GET after POST effectiveNetworkSecurityGroups': 0
    })
  })

  it('sends no probe to a VM that is not running', () => {
    const minimum = minimumDiagnoseRequests(profile, 1000, {
      ...healthy,
      running: false
    })

    expect(minimum.has('VirtualMachines_RunCommand')).toBe(false)
    expect(totalRequests(countRequests([], minimum)).minimum).toBe(8)
  })

  it('reads each NIC and each public IP once, and polls each NIC’s POST', () => {
    const minimum = minimumDiagnoseRequests(profile, 2000, {
      running: true,
      nics: 2,
      publicIps: 1
    })

    expect(minimum.get('NetworkInterfaces_Get')).toBe(2)
    expect(minimum.get('PublicIPAddresses_Get')).toBe(1)
    expect(
      minimum.get('NetworkInterfaces_ListEffectiveNetworkSecurityGroups')
    ).toBe(2)
    expect(minimum.get('poll after POST effectiveNetworkSecurityGroups')).toBe(
      2
    )
    // ⌈3.5 s ÷ 2 s⌉ at the client's own interval.
    expect(minimum.get('poll after POST runCommand')).toBe(2)
  })

  it('has no write among its requests', () => {
    const names = [...minimumDiagnoseRequests(profile, 1000, healthy).keys()]

    expect(
      names.filter((n) => /Delete|CreateOrUpdate|Update|PUT|DELETE/.test(n))
    ).toEqual([])
  })
})

describe('naming a diagnosis', () => {
  it('follows the probe and the effective-NSG POST side by side', () => {
    expect(nameExchanges(diagnosis).map((e) => e.name)).toEqual([
      'GitHub_GetIdToken',
      'Entra_OpenIdConfiguration',
      'Entra_Token',
      'VirtualMachines_Get',
      'VirtualMachines_RunCommand',
      'NetworkInterfaces_Get',
      'PublicIPAddresses_Get',
      'NetworkInterfaces_ListEffectiveNetworkSecurityGroups',
      'poll after POST runCommand',
      'poll after POST effectiveNetworkSecurityGroups',
      'poll after POST runCommand',
      'poll after POST runCommand',
      'poll after POST runCommand'
    ])
  })

  it('meets the minimum, nothing extra', () => {
    const counts = countRequests(
      nameExchanges(diagnosis),
      minimumDiagnoseRequests(profile, 1000, healthy)
    )

    expect(extraRequests(counts)).toEqual([])
    expect(totalRequests(counts)).toEqual({ sent: 13, minimum: 13 })
  })

  it('counts a second read of the effective list as a final GET beyond the minimum', () => {
    const named = nameExchanges([
      ...diagnosis.slice(0, 10),
      exchange('NetworkOperationResults_Get', 1070)
    ])

    expect(named.at(-1)?.name).toBe(
      'final GET after POST effectiveNetworkSecurityGroups'
    )
    expect(
      extraRequests(
        countRequests(named, minimumDiagnoseRequests(profile, 1000, healthy))
      )
    ).toEqual(['final GET after POST effectiveNetworkSecurityGroups ×1'])
  })

  it('times each poll from the previous answer of its own operation', () => {
    const timings = timePolls(nameExchanges(diagnosis))

    expect(timings.map((t) => [t.lro, t.sinceAnswerMs])).toEqual([
      ['POST runCommand', 1003],
      ['POST effectiveNetworkSecurityGroups', 1002],
      ['POST runCommand', 1003],
      ['POST runCommand', 1003],
      ['POST runCommand', 1003]
    ])
  })
})
