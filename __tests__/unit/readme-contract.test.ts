// The README and the example workflows are part of the contract: a user copies
// them. These tests hold them to action.yml, the source of truth for inputs and
// outputs, so a renamed input or a changed default cannot drift silently.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

interface ActionInput {
  description?: string
  required?: boolean
  default?: string | number | boolean
}
interface ActionManifest {
  inputs: Record<string, ActionInput>
  outputs: Record<string, { description?: string }>
}
interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
}
type Permissions = string | Record<string, string> | undefined
interface Job {
  permissions?: Permissions
  steps?: Step[]
}
interface Workflow {
  permissions?: Permissions
  jobs: Record<string, Job>
}

const root = fileURLToPath(new URL('../../', import.meta.url))
const read = (path: string): string => readFileSync(root + path, 'utf8')
const listYaml = (dir: string): string[] =>
  readdirSync(root + dir)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => `${dir}/${name}`)

const action = parse(read('action.yml')) as ActionManifest
const readme = read('README.md')
const examples = listYaml('examples')
const workflows = listYaml('.github/workflows')

/** The rows of the first table under `## heading`, header first, without the separator row. */
function readTable(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n')
  const start = lines.indexOf(`## ${heading}`)
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`)
  const rows: string[][] = []
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break
    if (line.startsWith('|')) rows.push(splitRow(line))
    else if (rows.length > 0) break
  }
  return rows.filter((cells) => !cells.every((c) => /^:?-+:?$/.test(c)))
}

function splitRow(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim())
}

/** The name in a Name cell, which must be one code span: `vm-name`. */
function codeName(cell: string | undefined): string {
  const match = /^`([^`]+)`$/.exec(cell ?? '')
  if (!match?.[1]) throw new Error(`Name cell ${cell} is not one \`code\` span`)
  return match[1]
}

/** README table rows keyed by the name in their first cell. */
function rowsByName(heading: string): Map<string, string[]> {
  const body = readTable(readme, heading).slice(1)
  return new Map(body.map((cells) => [codeName(cells[0]), cells]))
}

/** Steps that run this action: a published reference or `uses: ./`. */
function actionSteps(job: Job): Step[] {
  return (job.steps ?? []).filter(
    (step) =>
      step.uses === './' || /azure-vm-access-reset@/.test(step.uses ?? '')
  )
}

function grantsIdToken(permissions: Permissions): boolean {
  if (permissions === 'write-all') return true
  return typeof permissions === 'object' && permissions['id-token'] === 'write'
}

const inputNames = Object.keys(action.inputs)
const outputNames = Object.keys(action.outputs)

describe('README Inputs table', () => {
  it('has the columns Name, Required, Default and Description', () => {
    const [header] = readTable(readme, 'Inputs')

    expect(header).toEqual(['Name', 'Required', 'Default', 'Description'])
  })

  it('lists exactly the inputs of action.yml, in the same order', () => {
    const listed = [...rowsByName('Inputs').keys()]

    expect(listed).toEqual(inputNames)
  })

  it.each(inputNames)(
    'states whether %s is required as action.yml does',
    (name) => {
      const row = rowsByName('Inputs').get(name)

      const expected = action.inputs[name]?.required === true ? 'yes' : 'no'
      expect(row?.[1]).toBe(expected)
    }
  )

  it.each(inputNames)('states the default of %s as action.yml does', (name) => {
    const cell = rowsByName('Inputs').get(name)?.[2]

    // A lone code span means "this literal is action.yml's default".
    const declared = action.inputs[name]?.default
    if (declared === undefined) {
      expect(cell).toBeDefined()
      expect(cell).not.toMatch(/^`[^`]*`$/)
    } else {
      expect(cell).toBe(`\`${String(declared)}\``)
    }
  })
})

describe('README Outputs table', () => {
  it('has the columns Name and Description', () => {
    const [header] = readTable(readme, 'Outputs')

    expect(header).toEqual(['Name', 'Description'])
  })

  it('lists exactly the outputs of action.yml, in the same order', () => {
    const listed = [...rowsByName('Outputs').keys()]

    expect(listed).toEqual(outputNames)
  })
})

describe('table parsing', () => {
  it('finds a name that is missing from a table', () => {
    const markdown = [
      '## Inputs',
      '',
      '| Name | Required | Default | Description |',
      '| --- | --- | --- | --- |',
      '| `vm-name` | yes | — | The VM. |',
      ''
    ].join('\n')

    const names = readTable(markdown, 'Inputs')
      .slice(1)
      .map((cells) => codeName(cells[0]))

    expect(names).toEqual(['vm-name'])
    expect(inputNames.filter((n) => !names.includes(n))).toContain('mode')
  })
})

describe.each([...examples, ...workflows])('%s', (file) => {
  const workflow = parse(read(file)) as Workflow
  const jobs = Object.entries(workflow.jobs)

  it('passes only inputs that action.yml declares', () => {
    const unknown = jobs.flatMap(([, job]) =>
      actionSteps(job).flatMap((step) =>
        Object.keys(step.with ?? {}).filter((key) => !(key in action.inputs))
      )
    )

    expect(unknown).toEqual([])
  })

  it('passes every required input', () => {
    const required = inputNames.filter((n) => action.inputs[n]?.required)

    const missing = jobs.flatMap(([, job]) =>
      actionSteps(job).flatMap((step) =>
        required.filter((name) => !(name in (step.with ?? {})))
      )
    )

    expect(missing).toEqual([])
  })

  it('grants id-token: write to each job that runs the action, except the self-test', () => {
    const runsAction = jobs.filter(([, job]) => actionSteps(job).length > 0)

    const grants = runsAction.map(([id, job]) => [
      id,
      // A job's own permissions replace the workflow's.
      grantsIdToken(job.permissions ?? workflow.permissions)
    ])

    // The self-test gets its token from the emulator, never from GitHub.
    const expected = file.endsWith('self-test.yml') ? false : true
    expect(grants).toEqual(runsAction.map(([id]) => [id, expected]))
  })
})

describe.each(examples)('example %s', (file) => {
  const content = read(file)
  const workflow = parse(content) as Workflow
  const steps = Object.values(workflow.jobs).flatMap(actionSteps)

  // A plan-then-matrix example runs the action in two jobs; every step counts.
  it('runs the published action at @v1 and echoes its status and message', () => {
    expect(steps.length).toBeGreaterThan(0)
    expect(steps.map((s) => s.uses)).toEqual(
      steps.map(() => '<owner>/azure-vm-access-reset@v1')
    )
    expect(content).toContain('steps.reset.outputs.status')
    expect(content).toContain('steps.reset.outputs.message')
    expect(steps.map((s) => s.id)).toContain('reset')
  })

  it('signs in with the three Azure secrets', () => {
    const auth = steps.map((s) => [
      s.with?.['client-id'],
      s.with?.['tenant-id'],
      s.with?.['subscription-id']
    ])

    expect(auth).toEqual(
      steps.map(() => [
        '${{ secrets.AZURE_CLIENT_ID }}',
        '${{ secrets.AZURE_TENANT_ID }}',
        '${{ secrets.AZURE_SUBSCRIPTION_ID }}'
      ])
    )
  })

  it('is linked from the README', () => {
    expect(readme).toContain(`](${file})`)
  })

  it('runs in a protected environment when a person picks the VM', () => {
    const { on } = workflow as {
      on?: { workflow_dispatch?: { inputs?: Record<string, unknown> } }
    }
    const picksVm = on?.workflow_dispatch?.inputs?.['vm-name'] !== undefined
    const jobs = Object.values(workflow.jobs) as { environment?: unknown }[]

    if (picksVm)
      expect(jobs.map((j) => Boolean(j.environment))).not.toContain(false)
  })

  it('queues runs that rotate one VM instead of overlapping or cancelling them', () => {
    const rotates = steps.some((step) => step.with?.['generate-password'])
    const { concurrency } = workflow as {
      concurrency?: { group?: string; 'cancel-in-progress'?: boolean }
    }

    if (rotates) {
      expect(concurrency?.group).toMatch(/\S/)
      expect(concurrency?.['cancel-in-progress']).toBe(false)
    }
  })
})

/** The keys of every `with:` mapping anywhere in a parsed YAML value. */
function withKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(withKeys)
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value as Record<string, unknown>).flatMap(
    ([key, inner]) =>
      key === 'with' && typeof inner === 'object' && inner !== null
        ? Object.keys(inner)
        : withKeys(inner)
  )
}

describe('the README’s snippets', () => {
  const snippets = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? '')
    .filter((yaml) => yaml.includes('azure-vm-access-reset@v1'))

  it('show one for each quick start', () => {
    expect(snippets).toHaveLength(examples.length)
  })

  it.each(snippets.map((yaml, i) => [i + 1, yaml]))(
    'snippet %i passes only inputs that action.yml declares',
    (_, yaml) => {
      const names = withKeys(parse(yaml))

      expect(names.length).toBeGreaterThan(0)
      expect(names.filter((n) => !(n in action.inputs))).toEqual([])
    }
  )
})

describe('what the docs claim', () => {
  it.each([['README.md'], ['action.yml']])(
    '%s mentions Azure Stack Hub only as not supported',
    (file) => {
      const mentions = read(file)
        .replace(/\s+/g, ' ')
        .split(/(?<=[.!?]) /)
        .filter((sentence) => /Azure Stack/.test(sentence))

      expect(mentions.filter((m) => !/not supported/.test(m))).toEqual([])
    }
  )
})

describe('the self-test workflow', () => {
  it('runs the action with uses: ./ against the emulator', () => {
    const workflow = parse(read('.github/workflows/self-test.yml')) as Workflow

    const steps = Object.values(workflow.jobs).flatMap(actionSteps)

    expect(
      steps.map((s) => [s.uses, s.with?.['resource-manager-endpoint']])
    ).toEqual([['./', '${{ env.EMULATOR_ARM_URL }}']])
  })
})
