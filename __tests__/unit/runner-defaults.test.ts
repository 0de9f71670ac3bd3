// GitHub's runner passes action.yml's `default:` of every input a step leaves
// out. A default must be valid in every mode: these tests read each mode's
// minimal `with:`, and every snippet a user copies from the README and
// examples/, through the real @actions/core with the defaults filled in.
import { readdirSync, readFileSync } from 'node:fs'
import { data, Evaluator, Lexer, Parser } from '@actions/expressions'
import { jest } from '@jest/globals'
import { parse } from 'yaml'
import {
  actionDefaults,
  runnerInputVariables,
  withDefaults,
  type StepWith
} from '../../scripts/action-inputs.ts'
import { InvalidInputs } from '../../src/errors.ts'
import { readSettings } from '../../src/inputs.ts'
import { Input, RunnerDefaults, type RunSettings } from '../../src/settings.ts'

const ids = {
  'client-id': '0c6e1a2b-3d4f-4a5b-8c7d-9e0f1a2b3c4d',
  'tenant-id': '72f988bf-86f1-41af-91ab-2d7cd011db47',
  'subscription-id': '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f'
}
const password = 'Zebra-Quartz-Kettle-42'
const oneVm = { ...ids, 'resource-group': 'rg-prod', 'vm-name': 'vm-web-01' }
const vault = 'https://kv-ops.vault.azure.net'

/** What `readSettings` makes of a step that writes `stepWith`, defaults filled. */
function read(stepWith: StepWith): RunSettings | InvalidInputs {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_')) delete process.env[key]
  }
  Object.assign(process.env, runnerInputVariables(stepWith))
  const result = readSettings()
  return 'invalid' in result ? result.invalid : result.settings
}

/** The problems, one line each, or [] when the settings are valid. */
function problemsOf(stepWith: StepWith): string[] {
  const result = read(stepWith)
  return result instanceof InvalidInputs
    ? result.errors.map((e) => `${e.input}: ${e.problem}`)
    : []
}

const savedEnv = { ...process.env }
beforeEach(() => {
  // @actions/core prints ::add-mask:: lines for the secret inputs.
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => {
  jest.restoreAllMocks()
  for (const key of Object.keys(process.env)) {
    if (!(key in savedEnv)) delete process.env[key]
  }
})

describe('the runner’s defaults', () => {
  it('are action.yml’s, word for word, in the table the rules compare with', () => {
    expect(RunnerDefaults).toEqual(actionDefaults())
  })

  it('fill every input the step leaves out, and only those', () => {
    const inputs = withDefaults({
      mode: 'diagnose',
      'fail-on': '',
      'dry-run': undefined
    })

    expect(inputs['mode']).toBe('diagnose')
    expect(inputs['fail-on']).toBe('')
    expect(inputs['dry-run']).toBe('false')
    expect(inputs['fail-on-findings']).toBe('false')
    expect(inputs['password']).toBeUndefined()
  })
})

// Each mode as a user first writes it: no input that has a default.
const minimalSteps: [string, StepWith, (s: RunSettings) => unknown][] = [
  ['reset-password', { ...oneVm, password }, (s) => s.mode.kind],
  ['reset-rdp', { ...oneVm, mode: 'reset-rdp' }, (s) => s.mode.kind],
  [
    'rotation',
    { ...oneVm, 'generate-password': 'true', 'key-vault-url': vault },
    (s) => 'rotation' in s.mode
  ],
  ['diagnose', { ...oneVm, mode: 'diagnose' }, (s) => s.mode.kind],
  [
    'a fleet by name',
    { ...oneVm, 'vm-name': 'vm-web-01, vm-web-02', password },
    (s) => s.selection.kind === 'named' && s.selection.vms.length
  ],
  [
    'a fleet by tag, rotated',
    {
      ...ids,
      'vm-tag': 'rotate=weekly',
      'generate-password': 'true',
      'key-vault-url': vault
    },
    (s) => s.selection.kind
  ],
  [
    'a fleet of targets, reset-rdp',
    { ...ids, targets: 'rg-a/vm-1\nrg-b/vm-2', mode: 'reset-rdp' },
    (s) => s.selection.kind
  ],
  [
    'every VM of a group, diagnosed',
    { ...oneVm, 'vm-name': '*', mode: 'diagnose' },
    (s) => s.selection.kind
  ],
  [
    'a dry run',
    { ...ids, 'vm-tag': 'rotate=weekly', 'dry-run': 'true', password },
    (s) => s.fleet.dryRun
  ],
  [
    'the domain-controller route',
    { ...oneVm, password, 'domain-controller': 'run-command' },
    (s) => s.guest.domainController
  ],
  [
    'client-secret sign-in',
    { ...oneVm, password, 'auth-type': 'client-secret', 'client-secret': 'x' },
    (s) => s.auth.kind
  ],
  [
    'managed-identity sign-in, reset-rdp',
    {
      'subscription-id': ids['subscription-id'],
      'resource-group': 'rg-prod',
      'vm-name': 'vm-web-01',
      mode: 'reset-rdp',
      'auth-type': 'managed-identity'
    },
    (s) => s.auth.kind
  ],
  [
    'azure-cli sign-in, diagnose',
    { ...oneVm, mode: 'diagnose', 'auth-type': 'azure-cli' },
    (s) => s.auth.kind
  ]
]

describe('every mode with action.yml’s defaults', () => {
  it.each(minimalSteps)('%s is valid', (_, stepWith, shows) => {
    const settings = read(stepWith)

    expect(settings).not.toBeInstanceOf(InvalidInputs)
    expect(shows(settings as RunSettings)).toBeTruthy()
  })

  it('still refuses an input the user wrote for another mode', () => {
    expect(
      problemsOf({ ...oneVm, password, 'fail-on-findings': 'true' })
    ).toEqual(['fail-on-findings: is only used with mode diagnose'])
  })

  it('reads diagnose-guest: false in mode diagnose, its default true in every mode', () => {
    const off = read({ ...oneVm, mode: 'diagnose', 'diagnose-guest': 'false' })
    const byDefault = read({ ...oneVm, password })

    expect((off as RunSettings).diagnose.guest).toBe(false)
    expect((byDefault as RunSettings).diagnose.guest).toBe(true)
  })
})

describe('lists of nothing', () => {
  // Only line breaks are trimmed away by @actions/core: "is required".
  it.each([
    ['vm-name', ','],
    ['vm-name', ' , ,'],
    ['vm-name', '\n,\n'],
    ['targets', ',\n ,'],
    ['targets', '\r\n,\r\n']
  ])('%s %j is refused, naming the input, before any call', (name, value) => {
    const stepWith: StepWith = { ...oneVm, password, [name]: value }
    if (name === 'targets') {
      delete stepWith['resource-group']
      delete stepWith['vm-name']
    }

    expect(problemsOf(stepWith)).toEqual([
      `${name}: lists nothing: it holds only commas, spaces or blank lines`
    ])
  })

  // Values that have broken the reading before, or could: each must end in
  // settings or in an input error, never in a bug's message.
  const awkward = ['', ' ', ',', '\n', '*', '*,*', 'true', '0', '=', '/', '-']
  const inputs = Object.values(Input)
  it.each(minimalSteps.map(([name, stepWith]) => [name, stepWith]))(
    '%s: any one input set to an awkward value is valid or an input error',
    (_, stepWith) => {
      const bugs: string[] = []
      for (const name of inputs) {
        for (const value of awkward) {
          try {
            read({ ...stepWith, [name]: value })
          } catch (error) {
            bugs.push(`${name}=${JSON.stringify(value)}: ${String(error)}`)
          }
        }
      }

      expect(bugs).toEqual([])
    }
  )
})

// What a snippet's expressions stand for when a user runs it.
const secrets: Record<string, string> = {
  AZURE_CLIENT_ID: ids['client-id'],
  AZURE_TENANT_ID: ids['tenant-id'],
  AZURE_SUBSCRIPTION_ID: ids['subscription-id'],
  NEW_ADMIN_PASSWORD: password
}
const samples: Record<string, string> = {
  'resource-group': 'rg-prod-web',
  'vm-name': 'vm-web-01',
  // A plan's matrix entry names the VM's secret when the plan rotates.
  'secret-name': 'rg-prod-web-vm-web-01-azureadmin-1a2b3c4d'
}

interface Workflow {
  on?: {
    workflow_dispatch?: {
      inputs?: Record<
        string,
        { default?: string | number | boolean; options?: string[] }
      >
    }
  }
}

type Context = Record<string, Record<string, string>>

/**
 * Each context a run of `workflow` can have: its secrets, a matrix entry,
 * and workflow_dispatch inputs at their default or at each of their choices.
 */
function contextsOf(workflow: Workflow): Context[] {
  const dispatch = workflow.on?.workflow_dispatch?.inputs ?? {}
  let inputs: Record<string, string>[] = [{ ...samples }]
  for (const [name, input] of Object.entries(dispatch)) {
    const values = input.options
      ? input.options.map(String)
      : input.default !== undefined
        ? [String(input.default)]
        : [samples[name] ?? '']
    inputs = inputs.flatMap((i) => values.map((v) => ({ ...i, [name]: v })))
  }
  return inputs.map((i) => ({ secrets, matrix: samples, inputs: i }))
}

/** `text` with each ${{ }} evaluated by GitHub's own expression evaluator. */
function evaluate(text: string, context: Context): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
    const { tokens } = new Lexer(expression).lex()
    const names = Object.keys(context)
    const tree = new Parser(tokens, names, []).parse()
    const scopes = new data.Dictionary(
      ...names.map((scope) => ({
        key: scope,
        value: new data.Dictionary(
          ...Object.entries(context[scope] ?? {}).map(([key, value]) => ({
            key,
            value: new data.StringData(value)
          }))
        )
      }))
    )
    return new Evaluator(tree, scopes).evaluate().coerceString()
  })
}

/** Each `with:` a user could end up running, expressions evaluated. */
function variantsOf(
  stepWith: Record<string, unknown>,
  workflow: Workflow
): StepWith[] {
  return contextsOf(workflow).map((context) =>
    Object.fromEntries(
      Object.entries(stepWith).map(([name, value]) => [
        name,
        evaluate(String(value), context)
      ])
    )
  )
}

/** The `with:` of every step anywhere in `value` that uses this action. */
function actionWiths(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(actionWiths)
  if (typeof value !== 'object' || value === null) return []
  const step = value as { uses?: unknown; with?: Record<string, unknown> }
  if (
    typeof step.uses === 'string' &&
    /azure-vm-access-reset@|^\.\/$/.test(step.uses)
  ) {
    return [step.with ?? {}]
  }
  return Object.values(value).flatMap(actionWiths)
}

const exampleFiles = readdirSync('examples')
  .filter((name) => name.endsWith('.yml'))
  .map((name) => `examples/${name}`)
const readmeSnippets = [
  ...readFileSync('README.md', 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)
]
  .map((m) => m[1] ?? '')
  .filter((yaml) => yaml.includes('azure-vm-access-reset@v1'))

const snippets: [string, Workflow][] = [
  ...exampleFiles.map((file): [string, Workflow] => [
    file,
    parse(readFileSync(file, 'utf8')) as Workflow
  ]),
  ...readmeSnippets.map((yaml, i): [string, Workflow] => [
    `README snippet ${i + 1}`,
    parse(yaml) as Workflow
  ])
]

describe('what users copy, with action.yml’s defaults', () => {
  it('finds the examples and the README’s snippets', () => {
    expect(exampleFiles.length).toBeGreaterThanOrEqual(6)
    expect(readmeSnippets.length).toBeGreaterThanOrEqual(6)
  })

  it.each(snippets)('%s: every step of the action is valid', (_, workflow) => {
    const withs = actionWiths(workflow)
    expect(withs.length).toBeGreaterThan(0)

    const problems = withs.flatMap((stepWith) =>
      variantsOf(stepWith, workflow).flatMap((variant) =>
        // A snippet that says "plus client-id, tenant-id and
        // subscription-id" leaves the sign-in out; it is added here.
        problemsOf({ ...ids, ...variant }).map(
          (p) => `${JSON.stringify(variant)} → ${p}`
        )
      )
    )

    expect(problems).toEqual([])
  })
})

describe('one way to start the action', () => {
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts') && !name.includes('node_modules'))
      .map((name) => `${dir}/${name}`)
  const files = ['scripts', '__tests__', 'emulator'].flatMap(filesUnder)
  const textOf = (file: string): string => readFileSync(file, 'utf8')

  it('spells INPUT_<NAME> variables in scripts/action-inputs.ts alone', () => {
    // emulator/cli.ts prints the inputs a user sets, as text to read.
    const spellers = files.filter(
      (file) =>
        /INPUT_\$\{/.test(textOf(file)) &&
        file !== 'scripts/action-inputs.ts' &&
        file !== 'emulator/cli.ts'
    )

    expect(spellers).toEqual([])
  })

  // Every file that starts a child process, and why it may.
  const starters: Record<string, string> = {
    'scripts/runner.ts': 'fills the defaults (runStep)',
    'scripts/bench/action-process.ts': 'fills the defaults (the bench)',
    'scripts/bench/timed-process.ts': 'spawns what action-process.ts hands it',
    'scripts/local-action-runner.ts': 'local-action fills its own defaults',
    'emulator/__tests__/cli.test.ts': 'starts the emulator, not the action'
  }

  it('starts the action only where action.yml’s defaults are filled in', () => {
    const spawning = files.filter((file) =>
      /\b(spawn|runTimed|execFile|fork)\(/.test(textOf(file))
    )

    expect(spawning.sort()).toEqual(Object.keys(starters).sort())
    for (const [file, why] of Object.entries(starters)) {
      if (why.startsWith('fills')) {
        expect(textOf(file)).toContain('runnerInputVariables(')
      }
    }
  })
})
