// Every Azure CLI command the README or a message prints carries the
// arguments the CLI requires for it, so that it runs when pasted (with its
// <placeholders> filled in). An unknown command fails until it is added here.
// Values from Azure, the guest or an input are quoted, so that hostile names
// stay one word: bash for az, PowerShell inside --scripts.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { VirtualMachine } from '@azure/arm-compute'
import { parse as parseShell } from 'shell-quote'
import { printedArgv } from '../../scripts/reliability/printed-argv.ts'
import type { GuestFacts } from '../../src/guest/facts.ts'
import { deleteCommand } from '../../src/guest/other-runs.ts'
import { proofOf } from '../../src/guest/proof.ts'
import { checkVm } from '../../src/preflight.ts'
import { armRemedy, explain } from '../../src/remedies.ts'
import type { PasswordRecord } from '../../src/rotation/context.ts'
import { passwordSection } from '../../src/rotation/report.ts'
import type { VmRef } from '../../src/settings.ts'
import { bashQuote, psQuote } from '../../src/shell.ts'

/** Each group lists alternatives; one of each group must be present. */
const required: Record<string, string[][]> = {
  'az account show': [],
  'az ad app create': [['--display-name']],
  'az ad app credential reset': [['--id']],
  'az ad app federated-credential create': [['--id'], ['--parameters']],
  'az ad app show': [['--id']],
  'az ad sp create': [['--id']],
  'az cloud show': [],
  'az group list': [],
  'az identity create': [
    ['-n', '--name'],
    ['-g', '--resource-group']
  ],
  'az identity federated-credential create': [
    ['--name', '-n'],
    ['--identity-name'],
    ['-g', '--resource-group'],
    ['--issuer'],
    ['--subject']
  ],
  'az identity show': [
    ['-n', '--name'],
    ['-g', '--resource-group']
  ],
  'az keyvault secret show': [['--id', '--vault-name']],
  'az keyvault show': [['-n', '--name']],
  'az keyvault update': [['-n', '--name']],
  'az login': [],
  'az network nic ip-config update': [
    ['-g', '--resource-group'],
    ['--nic-name'],
    ['-n', '--name']
  ],
  'az network nsg rule create': [
    ['-g', '--resource-group'],
    ['--nsg-name'],
    ['-n', '--name'],
    ['--priority']
  ],
  'az network nsg rule delete': [
    ['-g', '--resource-group'],
    ['--nsg-name'],
    ['-n', '--name']
  ],
  'az network nsg rule update': [
    ['-g', '--resource-group'],
    ['--nsg-name'],
    ['-n', '--name']
  ],
  'az network public-ip create': [
    ['-g', '--resource-group'],
    ['-n', '--name']
  ],
  'az role assignment create': [
    ['--assignee', '--assignee-object-id'],
    ['--role'],
    ['--scope']
  ],
  'az role definition create': [['--role-definition']],
  'az vm list': [],
  'az vm boot-diagnostics enable': [
    ['-g', '--resource-group'],
    ['-n', '--name']
  ],
  'az vm redeploy': [
    ['-g', '--resource-group'],
    ['-n', '--name']
  ],
  'az vm restart': [
    ['-g', '--resource-group'],
    ['-n', '--name']
  ],
  'az vm show': [
    ['-g', '--resource-group'],
    ['-n', '--name']
  ],
  'az vm start': [
    ['-g', '--resource-group'],
    ['-n', '--name']
  ],
  'az vm user update': [
    ['-g', '--resource-group'],
    ['-n', '--name'],
    ['-u', '--username'],
    ['-p', '--password', '--ssh-key-value']
  ],
  'az vm run-command delete': [
    ['-g', '--resource-group'],
    ['--vm-name'],
    ['--name', '--run-command-name']
  ],
  'az vm run-command list': [['-g', '--resource-group'], ['--vm-name']],
  'az vm run-command invoke': [
    ['-g', '--resource-group'],
    ['-n', '--name'],
    ['--command-id']
  ],
  'az vm wait': [
    ['-g', '--resource-group'],
    ['-n', '--name'],
    ['--created', '--custom', '--deleted', '--exists', '--updated']
  ]
}

/** The command that starts at `from`: to the line's end or an unmatched ')'. */
function commandAt(text: string, from: number): string {
  let depth = 0
  let end = from
  for (; end < text.length; end++) {
    const c = text[end]
    if (c === '\n' || c === '`' || (c === ')' && depth === 0)) break
    if (c === '(') depth++
    if (c === ')') depth--
  }
  return text.slice(from, end).trim()
}

/** Every command in `text` that starts with "az ". */
function commandsIn(text: string): string[] {
  return [...text.matchAll(/(?<![\w-])az [a-z]/g)].map((m) =>
    commandAt(text, m.index)
  )
}

/** The user docs: the README and docs/. */
const userDocs = [
  'README.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name))
]

/** The commands of the user docs: shell blocks (continuations joined) and inline code. */
function docCommands(): string[] {
  const text = userDocs.map((file) => readFileSync(file, 'utf8')).join('\n')
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    (m[1] ?? '').replace(/\\\n\s*/g, ' ')
  )
  const inline = [...text.matchAll(/`(az [^`]+)`/g)].map((m) => m[1] ?? '')
  return [...blocks.flatMap(commandsIn), ...inline]
}

/** The commands src/ prints: in parentheses or a code span inside its strings. */
function sourceCommands(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceCommands(file)
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
    return [
      ...[...code.matchAll(/\((az [^)]*)\)/g)].map((m) => m[1] ?? ''),
      ...[...code.matchAll(/`(az [^`]*)`/g)].map((m) => m[1] ?? '')
    ]
  })
}

function problemsOf(command: string): string[] {
  const words = command.split(/\s+/)
  const key = Object.keys(required)
    .filter((k) => command === k || command.startsWith(`${k} `))
    .sort((a, b) => b.length - a.length)[0]
  if (!key) return [`${command}: not in the table of known commands`]
  return (required[key] ?? [])
    .filter((group) => !group.some((flag) => words.includes(flag)))
    .map((group) => `${command}: lacks ${group.join(' or ')}`)
}

describe.each([
  ['the README and docs/', docCommands()],
  ['src/', sourceCommands()]
])('the az commands of %s', (_, commands) => {
  it('are found', () => {
    expect(commands.length).toBeGreaterThan(3)
  })

  it('each carry the arguments the CLI requires', () => {
    expect(commands.flatMap(problemsOf)).toEqual([])
  })
})

describe('the command check', () => {
  it.each([
    ['az vm user update -g rg -n vm', /lacks -u or --username/],
    ['az role assignment create --role x --scope y', /lacks --assignee/],
    ['az vm frobnicate -g rg', /not in the table/]
  ])('flags %s', (command, problem) => {
    expect(problemsOf(command).join('\n')).toMatch(problem)
  })
})

// Names an attacker can choose: a VM or resource group (within what the
// command must survive), an account in the guest, a Run Command on the VM.
const hostileNames = [
  '$(touch /tmp/pwned)',
  '`touch /tmp/pwned`',
  'vm; touch /tmp/pwned',
  'web-*',
  "it's",
  '"quoted" name',
  'two\nlines',
  'a) b',
  'back\\slash',
  '#not-a-comment',
  '‘smart’ quotes',
  '$HOME'
]

/** The summary's HTML back to the text a reader copies. */
function textOf(html: string): string {
  return html
    .replace(/<br>/g, '\n')
    .replace(/<code>/g, '')
    .replace(/<\/code>/g, '\n')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
}

/** The value of the PowerShell single-quoted string at `from`, and where it ends. */
function psLiteralAt(
  script: string,
  from: number
): { value: string; end: number } {
  const quote = /['\u2018\u2019\u201a\u201b]/
  if (!quote.test(script[from] ?? '')) throw new Error(`no quote at ${from}`)
  let value = ''
  let i = from + 1
  for (; i < script.length; i++) {
    const c = script[i] ?? ''
    if (!quote.test(c)) value += c
    else if (quote.test(script[i + 1] ?? '')) value += script[++i] ?? ''
    else return { value, end: i + 1 }
  }
  throw new Error('unterminated PowerShell string')
}

describe('bashQuote and psQuote', () => {
  it.each(['rg-demo', 'vm.web_01', 'https://kv.vault.azure.net/secrets/a/1'])(
    'leave the plain word %s as it is',
    (word) => {
      expect(bashQuote(word)).toBe(word)
    }
  )

  it.each(hostileNames)('keep %j one literal bash word', (name) => {
    expect(parseShell(`az ${bashQuote(name)} x`, () => '')).toEqual([
      'az',
      name,
      'x'
    ])
  })

  it.each(hostileNames)('keep %j one PowerShell string literal', (name) => {
    const script = `net user ${psQuote(name)} /active:yes`

    const literal = psLiteralAt(script, 'net user '.length)

    expect(literal.value).toBe(name)
    expect(script.slice(literal.end)).toBe(' /active:yes')
  })
})

describe.each(hostileNames)('the commands printed for the name %j', (name) => {
  const target: VmRef = {
    subscriptionId: '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f',
    resourceGroup: `rg-${name}`,
    vmName: name
  }
  const rg = target.resourceGroup
  const ctx = { target, timeoutMinutes: 15 }

  it.each([
    ['ResourceNotFound', ['az', 'vm', 'list', '-g', rg, '-o', 'table']],
    ['OperationNotAllowed', ['az', 'vm', 'start', '-g', rg, '-n', name]],
    [
      'VMAgentStatusCommunicationError',
      ['az', 'vm', 'restart', '-g', rg, '-n', name]
    ]
  ])('name the VM as one word in the remedy for %s', (code, argv) => {
    expect(printedArgv(armRemedy(code, 'x', ctx))).toEqual([argv])
  })

  it('name the VM as one word when it stays busy', () => {
    const conflict = Object.assign(new Error('busy'), {
      name: 'RestError',
      statusCode: 409,
      code: 'Conflict'
    })

    const fix = explain(conflict, ctx).fix

    expect(printedArgv(fix)).toEqual([
      ['az', 'vm', 'run-command', 'list', '-g', rg, '--vm-name', name]
    ])
  })

  it.each([
    ['deallocated', ['az', 'vm', 'start', '-g', rg, '-n', name]],
    [
      'starting',
      [
        'az',
        'vm',
        'wait',
        '-g',
        rg,
        '-n',
        name,
        '--custom',
        "instanceView.statuses[?code=='PowerState/running']"
      ]
    ]
  ])('name the VM as one word when it is %s', (power, argv) => {
    const vm: VirtualMachine = {
      location: 'westeurope',
      storageProfile: { osDisk: { osType: 'Windows', createOption: 'x' } },
      instanceView: { statuses: [{ code: `PowerState/${power}` }] }
    }

    const verdict = checkVm(vm, target, { os: 'Windows', agent: true })

    expect('fix' in verdict && printedArgv(verdict.fix)).toEqual([argv])
  })

  it('name the VM as one word for a Linux VM, before the placeholders', () => {
    const vm: VirtualMachine = {
      location: 'westeurope',
      storageProfile: { osDisk: { osType: 'Linux', createOption: 'x' } }
    }

    const verdict = checkVm(vm, target, { os: 'Windows', agent: false })

    expect('fix' in verdict && printedArgv(verdict.fix)).toEqual([
      ['az', 'vm', 'user', 'update', '-g', rg, '-n', name, '-u']
    ])
  })

  it('name a Run Command left on the VM as one word', () => {
    const command = deleteCommand(target, `azure-vm-access-reset-${name}`)

    expect(printedArgv(command)).toEqual([
      [
        'az',
        'vm',
        'run-command',
        'delete',
        '-g',
        rg,
        '--vm-name',
        name,
        '--name',
        `azure-vm-access-reset-${name}`,
        '--yes'
      ]
    ])
  })

  it.each([
    ['account-enabled', { enabled: false }, 'net user ', ' /active:yes'],
    [
      'account-admin',
      { admin: false },
      'Add-LocalGroupMember -SID S-1-5-32-544 -Member ',
      ''
    ]
  ])(
    'keep the account a PowerShell literal inside one --scripts word (%s)',
    (check, account, before, after) => {
      const facts: GuestFacts = {
        probe: 'verify/2',
        time: '2026-12-02T13:01:00.000Z',
        domainRole: 3,
        account: { name, exists: true, enabled: true, admin: true, ...account },
        rdp: {
          fDenyTSConnections: 0,
          portNumber: 3389,
          termService: 'Running',
          firewall: { activeProfiles: ['Public'], enabledProfiles: ['Public'] }
        }
      }

      const proof = proofOf(facts, { username: name, target })
      const checks = 'checks' in proof ? proof.checks : []
      const fix = checks.find((c) => c.check === check)?.fix ?? ''
      const [argv] = printedArgv(fix)
      const script = String(argv?.at(-1))
      const literal = psLiteralAt(script, before.length)

      expect(argv?.slice(0, -1)).toEqual([
        'az',
        'vm',
        'run-command',
        'invoke',
        '-g',
        rg,
        '-n',
        name,
        '--command-id',
        'RunPowerShellScript',
        '--scripts'
      ])
      expect(script.slice(0, before.length)).toBe(before)
      expect(literal.value).toBe(name)
      expect(script.slice(literal.end)).toBe(after)
    }
  )

  it('name the Key Vault secret version as one word', () => {
    const id = `https://kv.vault.azure.net/secrets/web/${name}`
    const record: PasswordRecord = {
      vaultUrl: 'https://kv.vault.azure.net',
      name: 'web',
      version: name,
      id,
      state: 'active',
      live: { version: name, why: 'tagged active' }
    }

    const html = passwordSection(record).html

    expect(printedArgv(textOf(html))).toEqual([
      [
        'az',
        'keyvault',
        'secret',
        'show',
        '--id',
        id,
        '--query',
        'value',
        '-o',
        'tsv'
      ]
    ])
  })
})
