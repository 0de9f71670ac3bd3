// diagnose, pure: Azure's evaluation order for inbound rules, and the
// findings with their fixes, on the SDK's model shapes.
import { printedArgv } from '../../scripts/reliability/printed-argv.ts'
import { execFileSync } from 'node:child_process'
import type { VirtualMachine } from '@azure/arm-compute'
import type {
  EffectiveNetworkSecurityGroup,
  EffectiveNetworkSecurityRule
} from '@azure/arm-network'
import { diagnose, type Observed } from '../../src/diagnose/findings.ts'
import type { NicView } from '../../src/diagnose/network.ts'
import { renderDiagnosis } from '../../src/diagnose/report.ts'
import {
  evaluateInbound,
  inPortRange,
  sourceMatches
} from '../../src/diagnose/rules.ts'
import type { GuestFacts } from '../../src/guest/facts.ts'

const rg = '/subscriptions/s/resourceGroups/rg-prod/providers/Microsoft.Network'

function rule(
  name: string,
  priority: number,
  access: 'Allow' | 'Deny',
  extra: Partial<EffectiveNetworkSecurityRule> = {}
): EffectiveNetworkSecurityRule {
  return {
    name,
    priority,
    access,
    direction: 'Inbound',
    protocol: 'Tcp',
    sourceAddressPrefix: 'Internet',
    destinationPortRange: '3389-3389',
    ...extra
  }
}

const defaults: EffectiveNetworkSecurityRule[] = [
  rule('defaultSecurityRules/AllowVnetInBound', 65000, 'Allow', {
    protocol: 'All',
    sourceAddressPrefix: 'VirtualNetwork',
    destinationPortRange: '0-65535'
  }),
  rule('defaultSecurityRules/DenyAllInBound', 65500, 'Deny', {
    protocol: 'All',
    sourceAddressPrefix: '*',
    destinationPortRange: '0-65535'
  })
]

function group(
  level: 'subnet' | 'nic',
  nsg: string,
  rules: EffectiveNetworkSecurityRule[]
): EffectiveNetworkSecurityGroup {
  return {
    networkSecurityGroup: { id: `${rg}/networkSecurityGroups/${nsg}` },
    association:
      level === 'subnet'
        ? { subnet: { id: `${rg}/virtualNetworks/v/subnets/default` } }
        : { networkInterface: { id: `${rg}/networkInterfaces/nic-1` } },
    effectiveSecurityRules: [...rules, ...defaults]
  }
}

const internet3389 = { port: 3389, source: 'Internet' }

describe('evaluateInbound', () => {
  it('allows what both levels allow', () => {
    const e = evaluateInbound(
      [
        group('nic', 'nsg-nic', [
          rule('securityRules/AllowRDP', 1000, 'Allow')
        ]),
        group('subnet', 'nsg-subnet', [
          rule('securityRules/AllowRDP', 300, 'Allow')
        ])
      ],
      internet3389
    )

    expect(e.allowed).toBe(true)
    expect(e.verdicts.map((v) => [v.level, v.nsg, v.rule])).toEqual([
      ['subnet', 'nsg-subnet', 'securityRules/AllowRDP'],
      ['nic', 'nsg-nic', 'securityRules/AllowRDP']
    ])
  })

  it('is denied by the subnet NSG, whatever the NIC allows', () => {
    const e = evaluateInbound(
      [
        group('subnet', 'nsg-subnet', [
          rule('securityRules/DenyRDP', 100, 'Deny')
        ]),
        group('nic', 'nsg-nic', [rule('securityRules/AllowRDP', 1000, 'Allow')])
      ],
      internet3389
    )

    expect(e.deniedBy).toMatchObject({
      level: 'subnet',
      rule: 'securityRules/DenyRDP',
      priority: 100
    })
  })

  it('is allowed at the subnet and denied at the NIC, by its default rule', () => {
    const e = evaluateInbound(
      [
        group('subnet', 'nsg-subnet', [
          rule('securityRules/AllowRDP', 300, 'Allow')
        ]),
        group('nic', 'nsg-nic', [])
      ],
      internet3389
    )

    expect(e.deniedBy).toMatchObject({
      level: 'nic',
      rule: 'defaultSecurityRules/DenyAllInBound',
      priority: 65500
    })
  })

  it('lets the lowest priority number win within one NSG', () => {
    const e = evaluateInbound(
      [
        group('nic', 'nsg-nic', [
          rule('securityRules/AllowRDP', 200, 'Allow'),
          rule('securityRules/DenyRDP', 100, 'Deny')
        ])
      ],
      internet3389
    )

    expect(e.deniedBy?.rule).toBe('securityRules/DenyRDP')
  })

  it('does not let a rule for another port, protocol or source decide', () => {
    const e = evaluateInbound(
      [
        group('nic', 'nsg-nic', [
          rule('securityRules/Udp', 100, 'Allow', { protocol: 'Udp' }),
          rule('securityRules/Other', 110, 'Allow', {
            destinationPortRange: '3390-3390'
          }),
          rule('securityRules/Office', 120, 'Allow', {
            sourceAddressPrefix: '203.0.113.0/24'
          })
        ])
      ],
      internet3389
    )

    expect(e.deniedBy?.rule).toBe('defaultSecurityRules/DenyAllInBound')
  })
})

describe('the pieces of a rule', () => {
  it.each([
    [3389, '*', true],
    [3389, '3389', true],
    [3389, '3389-3389', true],
    [3389, '0-65535', true],
    [3389, '3390-4000', false]
  ])('port %i in %s: %s', (port, range, expected) => {
    expect(inPortRange(port, range)).toBe(expected)
  })

  it.each([
    ['*', 'Internet', true],
    ['Internet', 'internet', true],
    ['Internet', '203.0.113.9', true],
    ['Internet', '10.1.2.3', false],
    ['203.0.113.0/24', '203.0.113.9', true],
    ['203.0.113.0/24', '198.51.100.1', false],
    ['VirtualNetwork', 'Internet', false]
  ])('prefix %s covers %s: %s', (prefix, source, expected) => {
    expect(sourceMatches(prefix, source)).toBe(expected)
  })
})

function vm(power = 'running', agentReady = true): VirtualMachine {
  return {
    location: 'westeurope',
    storageProfile: {
      osDisk: { osType: 'Windows', createOption: 'FromImage' }
    },
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
    instanceView: {
      statuses: [
        { code: 'ProvisioningState/succeeded' },
        { code: `PowerState/${power}` }
      ],
      vmAgent: {
        vmAgentVersion: '2.7.41491.1010',
        statuses: agentReady
          ? [
              {
                code: 'ProvisioningState/succeeded',
                displayStatus: 'Ready',
                time: new Date('2026-12-02T13:00:00Z')
              }
            ]
          : [
              {
                code: 'ProvisioningState/Unavailable',
                displayStatus: 'Not Ready'
              }
            ]
      }
    }
  }
}

function nic(
  effective: EffectiveNetworkSecurityGroup[],
  publicIp = true
): NicView {
  return {
    name: 'nic-1',
    resourceGroup: 'rg-prod',
    primary: true,
    privateIp: '10.0.0.4',
    ...(publicIp
      ? {
          publicIp: {
            name: 'pip-1',
            address: '20.1.2.3',
            sku: 'Standard',
            allocation: 'Static'
          }
        }
      : {}),
    effective
  }
}

function guest(port = 3389): { facts: GuestFacts } {
  return {
    facts: {
      probe: 'verify/2',
      time: '2026-12-02T13:01:00.000Z',
      domainRole: 3,
      rdp: {
        fDenyTSConnections: 0,
        portNumber: port,
        termService: 'Running',
        firewall: { activeProfiles: ['Public'], enabledProfiles: ['Public'] }
      }
    }
  }
}

function observed(change: Partial<Observed> = {}): Observed {
  return {
    target: { subscriptionId: 's', resourceGroup: 'rg-prod', vmName: 'web-01' },
    vm: vm(),
    nics: [
      nic([
        group('nic', 'nsg-nic', [rule('securityRules/AllowRDP', 1000, 'Allow')])
      ])
    ],
    guest: guest(),
    traffic: internet3389,
    ...change
  }
}

/** The words bash makes of `command`, with globbing on, as a shell would run it. */
function argvOf(command: string): string[] {
  const out = execFileSync(
    'bash',
    ['-c', `cd "$(mktemp -d)" && touch x && printf '%s\\0' ${command}`],
    { encoding: 'utf8' }
  )
  return out.split('\0').slice(0, -1)
}

function failing(o: Observed): string[] {
  return diagnose(o)
    .filter((f) => f.verdict === 'fail')
    .map((f) => f.check)
}

describe('diagnose', () => {
  it('finds nothing wrong with a healthy VM', () => {
    expect(failing(observed())).toEqual([])
    expect(diagnose(observed()).map((f) => f.verdict)).not.toContain('warn')
  })

  it('names the denying NSG rule and the allow rule to add before it', () => {
    const denied = observed({
      nics: [
        nic([
          group('subnet', 'nsg-subnet', [
            rule('securityRules/DenyRDP', 100, 'Deny')
          ])
        ])
      ]
    })

    const nsg = diagnose(denied).find((f) => f.check === 'nsg')

    expect(nsg?.verdict).toBe('fail')
    expect(nsg?.says).toContain(
      'denied by subnet NSG nsg-subnet, rule securityRules/DenyRDP (priority 100, Deny)'
    )
    expect(nsg?.fix).toContain(
      '`az network nsg rule delete -g rg-prod --nsg-name nsg-subnet -n DenyRDP`'
    )
    expect(nsg?.fix).toContain('Azure Bastion or just-in-time VM access')
  })

  it('puts the allow rule 10 before a deny rule further down', () => {
    const denied = observed({
      nics: [
        nic([
          group('nic', 'nsg-nic', [rule('securityRules/DenyRDP', 500, 'Deny')])
        ])
      ]
    })

    expect(diagnose(denied).find((f) => f.check === 'nsg')?.fix).toContain(
      '--priority 490'
    )
  })

  it('suggests editing or removing a deny at priority 100, never an allow at 100', () => {
    const denied = observed({
      nics: [
        nic([
          group('nic', 'nsg-nic', [rule('securityRules/DenyRDP', 100, 'Deny')])
        ])
      ]
    })

    const fix = diagnose(denied).find((f) => f.check === 'nsg')?.fix ?? ''

    expect(fix).not.toContain('--priority')
    expect(fix).toContain(
      "`az network nsg rule update -g rg-prod --nsg-name nsg-nic -n DenyRDP --source-address-prefixes '<the-sources-to-deny>'`"
    )
    expect(fix).toContain('nsg-nic has no free priority from 100 below it')
  })

  it('picks a priority no rule of the NSG holds, below the deny', () => {
    const denied = observed({
      nics: [
        nic([
          group('nic', 'nsg-nic', [
            rule('securityRules/AllowHttps', 290, 'Allow', {
              destinationPortRange: '443'
            }),
            rule('securityRules/DenyRDP', 300, 'Deny')
          ])
        ])
      ]
    })

    const fix = diagnose(denied).find((f) => f.check === 'nsg')?.fix ?? ''

    expect(fix).toContain('--priority 289 ')
    expect(fix).toContain('Add an allow rule at free priority 289')
  })

  it('reports both NSGs when the subnet’s and the NIC’s deny RDP', () => {
    const denied = observed({
      nics: [
        nic([
          group('subnet', 'nsg-subnet', [
            rule('securityRules/DenyRDP', 200, 'Deny')
          ]),
          group('nic', 'nsg-nic', [])
        ])
      ]
    })

    const nsg = diagnose(denied).filter((f) => f.check === 'nsg')

    expect(nsg.map((f) => f.verdict)).toEqual(['fail', 'fail'])
    expect(nsg[0]?.says).toContain(
      'subnet NSG nsg-subnet, rule securityRules/DenyRDP'
    )
    expect(nsg[0]?.fix).toContain('--nsg-name nsg-subnet')
    expect(nsg[1]?.says).toContain(
      'NIC NSG nsg-nic, rule defaultSecurityRules/DenyAllInBound'
    )
    expect(nsg[1]?.fix).toContain('--nsg-name nsg-nic')
    expect(failing(denied)).toEqual(['nsg', 'nsg'])
  })

  it('prints the allow rule as a command bash reads back argument by argument', () => {
    const nsgId = `/subscriptions/s/resourceGroups/rg (it's)/providers/Microsoft.Network/networkSecurityGroups/nsg-$HOME`
    const denied = observed({
      nics: [
        nic([
          {
            ...group('nic', 'x', [
              rule('securityRules/DenyRDP', 500, 'Deny', {
                sourceAddressPrefix: '*'
              })
            ]),
            networkSecurityGroup: { id: nsgId }
          }
        ])
      ],
      traffic: { port: 3389, source: '*' }
    })
    const fix = diagnose(denied).find((f) => f.check === 'nsg')?.fix ?? ''
    const command = /`(az [^`]+)`/.exec(fix)?.[1] ?? ''

    const argv = argvOf(command)

    expect(fix).not.toMatch(/`\./)
    expect(argv).toEqual([
      'az',
      'network',
      'nsg',
      'rule',
      'create',
      '-g',
      "rg (it's)",
      '--nsg-name',
      'nsg-$HOME',
      '-n',
      'AllowRDP-3389',
      '--priority',
      '490',
      '--direction',
      'Inbound',
      '--access',
      'Allow',
      '--protocol',
      'Tcp',
      '--destination-port-ranges',
      '3389',
      '--source-address-prefixes',
      '*'
    ])
  })

  it('warns of no public IP, with Bastion and just-in-time access as the way in', () => {
    const f = diagnose(observed({ nics: [nic([], false)] }))

    expect(f.find((x) => x.check === 'public-ip')).toMatchObject({
      verdict: 'warn',
      fix: expect.stringContaining('Azure Bastion') as string
    })
  })

  it('catches a port changed in the guest that the NSG does not let in', () => {
    const f = diagnose(observed({ guest: guest(3390) }))

    expect(f.find((x) => x.check === 'guest-port')).toMatchObject({
      verdict: 'fail',
      says: expect.stringContaining(
        'RDP listens on port 3390 in the guest'
      ) as string,
      fix: expect.stringContaining('--destination-port-ranges 3390') as string
    })
  })

  it('fails a deallocated VM with az vm start, and does not blame its agent', () => {
    const f = diagnose(
      observed({
        vm: vm('deallocated', false),
        guest: { unknown: 'the VM is not running', sent: false }
      })
    )

    expect(
      failing({
        ...observed(),
        vm: vm('deallocated', false),
        guest: { unknown: 'x', sent: false }
      })
    ).toEqual(['power-state'])
    expect(f.find((x) => x.check === 'power-state')?.fix).toContain(
      'az vm start -g rg-prod -n web-01'
    )
  })

  it('fails a dead agent with its version and last heartbeat', () => {
    const f = diagnose(
      observed({
        vm: vm('running', false),
        guest: { unknown: 'the VM agent is not Ready', sent: false }
      })
    )

    expect(f.find((x) => x.check === 'vm-agent')).toMatchObject({
      verdict: 'fail',
      says: expect.stringContaining('version 2.7.41491.1010') as string
    })
  })

  it('turns a read Azure refused into a ⚠️ that names the permission', () => {
    const f = diagnose(
      observed({
        nics: [
          {
            id: `${rg}/networkInterfaces/nic-1`,
            unknown:
              'the identity may not read it: it needs Microsoft.Network/networkInterfaces/read'
          }
        ]
      })
    )

    expect(f.find((x) => x.check === 'nic')).toMatchObject({
      verdict: 'warn',
      says: expect.stringContaining(
        'Microsoft.Network/networkInterfaces/read'
      ) as string
    })
  })

  it('renders the checklist with every value escaped', () => {
    const html = renderDiagnosis(
      diagnose(
        observed({
          guest: {
            unknown: 'the probe failed in the guest: <b>',
            sent: true
          }
        })
      )
    )

    expect(html).toContain('<h3>Diagnosis: 0 ❌, 1 ⚠️</h3>')
    expect(html).toContain('&#60;b&#62;')
  })
})

describe('the commands diagnose prints, for hostile names', () => {
  const name = 'web-$(touch /tmp/pwned);*'
  const group = "rg-'it'`id`"
  const hostile = (change: Partial<Observed>): Observed =>
    observed({
      target: { subscriptionId: 's', resourceGroup: group, vmName: name },
      ...change
    })
  const fixesOf = (o: Observed): string =>
    diagnose(o)
      .map((f) => f.fix ?? '')
      .join('\n')

  it('keep the VM and its group one word each in az vm start, restart, redeploy and boot-diagnostics', () => {
    const stopped = hostile({
      vm: { ...vm('deallocated'), diagnosticsProfile: {} }
    })
    const agentDown = hostile({ vm: vm('running', false) })

    expect(printedArgv(fixesOf(stopped))).toEqual([
      ['az', 'vm', 'start', '-g', group, '-n', name],
      ['az', 'vm', 'boot-diagnostics', 'enable', '-g', group, '-n', name]
    ])
    expect(printedArgv(fixesOf(agentDown))).toEqual([
      ['az', 'vm', 'restart', '-g', group, '-n', name]
    ])
  })

  it('keep a NIC’s name one word in the public IP commands', () => {
    const nicName = 'nic-$(id)'
    const o = hostile({
      nics: [{ ...nic([], false), name: nicName, resourceGroup: group }]
    })

    expect(printedArgv(fixesOf(o))).toContainEqual([
      'az',
      'network',
      'nic',
      'ip-config',
      'update',
      '-g',
      group,
      '--nic-name',
      nicName,
      '-n',
      'ipconfig1',
      '--public-ip-address',
      `${nicName}-ip`
    ])
  })
})
