// Every Azure CLI command the README or a message prints carries the
// arguments the CLI requires for it, so that it runs when pasted (with its
// <placeholders> filled in). An unknown command fails until it is added here.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

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
