// Faults of mode diagnose: what it may send. With its guest switch off it
// sends Azure only reads, and the summary says the guest was not checked.
import { denyRdpRule, vmRecipes } from '../../emulator/index.ts'
import { summaryText, type FaultCase, type FaultRun } from './fault-case.ts'
import { printedArgv } from './printed-argv.ts'

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

const bothDenied = 'vm-nsg-both'

/** The text of each <code> element of the summary, as a reader would copy it. */
function codeSpans(html: string): string[] {
  return [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map(([, text]) =>
    (text ?? '')
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  )
}

/**
 * The NSG fixes Azure accepts: the subnet's deny at 100 gets an edit or a
 * removal (no allow can go before it), the NIC's deny at 300 an allow at a
 * priority below it that no rule uses (290 is taken); every command pastes
 * as the words it shows.
 */
function nsgFixesAzureAccepts({ step }: FaultRun): string[] {
  const commands = codeSpans(step.summary)
    .flatMap(printedArgv)
    .filter((argv) => argv[1] === 'network' && argv[2] === 'nsg')
  const problems: string[] = []
  const words = (argv: unknown[]): string[] =>
    argv.filter((w): w is string => typeof w === 'string')
  for (const argv of commands) {
    if (words(argv).length !== argv.length) {
      problems.push(`a command is not plain words: ${JSON.stringify(argv)}`)
    }
  }
  const of = (nsg: string, verb: string): string[][] =>
    commands.map(words).filter((a) => a[4] === verb && a.includes(nsg))
  const subnet = `${bothDenied}-subnet-nsg`
  const nic = `${bothDenied}-nsg`
  if (of(subnet, 'update').length + of(subnet, 'delete').length === 0) {
    problems.push(`no edit or removal of the deny at 100 in ${subnet}`)
  }
  if (of(subnet, 'create').length > 0) {
    problems.push(
      `an allow rule is suggested before a deny at 100 in ${subnet}`
    )
  }
  const [create] = of(nic, 'create')
  const priority = Number(create?.[create.indexOf('--priority') + 1])
  if (!create) problems.push(`no allow rule suggested for ${nic}`)
  else if (!(priority >= 100 && priority < 300 && priority !== 290)) {
    problems.push(`the allow rule for ${nic} takes priority ${priority}`)
  }
  return problems
}

export const diagnoseCases: FaultCase[] = [
  {
    name: 'the subnet’s NSG denies RDP at priority 100 and the NIC’s at 300 beside a rule at 290',
    vm: bothDenied,
    scenario: (s) =>
      s.vm(bothDenied, (vm) =>
        vmRecipes
          .healthy(vm)
          .subnetNsg([denyRdpRule])
          .nicNsg([
            { ...denyRdpRule, priority: 300 },
            {
              name: 'AllowHttps',
              priority: 290,
              access: 'Allow',
              destinationPortRange: '443'
            }
          ])
      ),
    inputs: () => ({ mode: 'diagnose', password: undefined }),
    expect: { outcome: 'survives' },
    checks: [nsgFixesAzureAccepts]
  },
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
