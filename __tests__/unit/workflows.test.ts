// Every workflow we ship, or ask users to copy, must be one GitHub accepts.
// @actions/workflow-parser is GitHub's own parser (actions/languageservices,
// the one behind the VS Code extension): it checks the schema, expressions,
// cron strings, job dependencies and step ids.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow
} from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { parse } from 'yaml'

const root = fileURLToPath(new URL('../../', import.meta.url))
const read = (path: string): string => readFileSync(root + path, 'utf8')
const listYaml = (dir: string): string[] =>
  readdirSync(root + dir)
    .filter((name) => name.endsWith('.yml') || name.endsWith('.yaml'))
    .sort()
    .map((name) => `${dir}/${name}`)

/** The messages GitHub's parser reports for a workflow; empty when valid. */
async function workflowErrors(
  name: string,
  content: string
): Promise<string[]> {
  const trace = new NoOperationTraceWriter()
  const parsed = parseWorkflow({ name, content }, trace)
  if (parsed.value) await convertWorkflowTemplate(parsed.context, parsed.value)
  return parsed.context.errors.getErrors().map((e) => e.message)
}

const files = [...listYaml('.github/workflows'), ...listYaml('examples')]

describe('workflow schema', () => {
  it('finds the workflows and the examples', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/codeql.yml',
        '.github/workflows/self-test.yml',
        'examples/manual-reset.yml',
        'examples/post-deploy-rdp-repair.yml',
        'examples/scheduled-rotation.yml'
      ])
    )
  })

  it.each(files)('accepts %s', async (file) => {
    const errors = await workflowErrors(file, read(file))

    expect(errors).toEqual([])
  })

  const valid = [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo hi',
    ''
  ].join('\n')

  it.each([
    [
      'a job without runs-on',
      valid.replace('    runs-on: ubuntu-latest\n', ''),
      'Required property is missing: runs-on'
    ],
    [
      'a misspelled on',
      valid.replace('on: push', 'onn: push'),
      "Unexpected value 'onn'"
    ],
    [
      'a permission level that does not exist',
      valid.replace(
        '    steps:',
        '    permissions:\n      id-token: writ\n    steps:'
      ),
      "Unexpected value 'writ'"
    ],
    [
      'a broken expression',
      valid.replace(
        'echo hi',
        'echo hi\n        if: ${{ steps.reset.outputs.status == }}'
      ),
      'Unexpected end of expression'
    ],
    [
      'an impossible cron',
      valid.replace('on: push', "on:\n  schedule:\n    - cron: '61 * * * *'"),
      'Invalid cron expression'
    ]
  ])('rejects %s', async (_case, content, expected) => {
    const errors = await workflowErrors('broken.yml', content)

    expect(errors).toEqual(
      expect.arrayContaining([expect.stringContaining(expected)])
    )
  })

  it('accepts the valid workflow the broken cases start from', async () => {
    const errors = await workflowErrors('valid.yml', valid)

    expect(errors).toEqual([])
  })
})

describe('action.yml', () => {
  it("is accepted by GitHub's action schema", () => {
    const parsed = parseAction(
      { name: 'action.yml', content: read('action.yml') },
      new NoOperationTraceWriter()
    )

    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([])
  })
})

// The workflow parser has no dependabot schema, so this checks the shape we
// rely on: both ecosystems, weekly, minor and patch grouped.
describe('.github/dependabot.yml', () => {
  interface Update {
    'package-ecosystem': string
    directory: string
    schedule: { interval: string }
    groups?: Record<string, { 'update-types'?: string[] }>
  }
  const config = parse(read('.github/dependabot.yml')) as {
    version: number
    updates: Update[]
  }

  it('is version 2 and updates npm and GitHub Actions weekly', () => {
    const updates = config.updates.map((u) => [
      u['package-ecosystem'],
      u.directory,
      u.schedule.interval
    ])

    expect(config.version).toBe(2)
    expect(updates).toEqual([
      ['npm', '/', 'weekly'],
      ['github-actions', '/', 'weekly']
    ])
  })

  it('groups minor and patch updates of each ecosystem', () => {
    const grouped = config.updates.map((u) =>
      Object.values(u.groups ?? {}).map((g) => g['update-types'])
    )

    expect(grouped).toEqual([[['minor', 'patch']], [['minor', 'patch']]])
  })
})

/** A job of a workflow, as far as these rules read it. */
interface Job {
  permissions?: Record<string, string> | string
  concurrency?: unknown
  steps?: { uses?: string; with?: Record<string, unknown> }[]
}

interface Workflow {
  permissions?: Record<string, string> | string
  concurrency?: { group?: string } | string
  jobs: Record<string, Job>
}

const examples = listYaml('examples').map((file) => ({
  file,
  workflow: parse(read(file)) as Workflow
}))

const usesAction = (job: Job): boolean =>
  (job.steps ?? []).some((s) => s.uses?.includes('azure-vm-access-reset'))

// A step resets unless it is a diagnose or a dry run: those only read.
const resets = (job: Job): boolean =>
  (job.steps ?? []).some(
    (s) =>
      s.uses?.includes('azure-vm-access-reset') === true &&
      s.with?.mode !== 'diagnose' &&
      String(s.with?.['dry-run']) !== 'true'
  )

const idTokenWrite = (p: Workflow['permissions']): boolean =>
  typeof p === 'object' && p['id-token'] === 'write'

describe('examples safe to copy', () => {
  it.each(
    examples.filter(({ workflow }) => Object.values(workflow.jobs).some(resets))
  )('$file queues its resets in a concurrency group', ({ workflow }) => {
    for (const job of Object.values(workflow.jobs).filter(resets)) {
      expect(workflow.concurrency ?? job.concurrency).toBeDefined()
    }
  })

  it('gives every workflow that rotates one concurrency group, so rotations of the same VMs queue', () => {
    const rotating = examples.filter(({ workflow }) =>
      Object.values(workflow.jobs).some((job) =>
        (job.steps ?? []).some(
          (s) => String(s.with?.['generate-password']) === 'true'
        )
      )
    )
    const groups = new Set(
      rotating.map(({ workflow }) =>
        typeof workflow.concurrency === 'object'
          ? workflow.concurrency.group
          : workflow.concurrency
      )
    )

    expect(rotating.length).toBeGreaterThanOrEqual(3)
    expect([...groups]).toEqual(['azure-vm-access-reset-rotation'])
  })

  it.each(examples)(
    '$file gives id-token: write only to the jobs that sign in',
    ({ workflow }) => {
      const jobs = Object.values(workflow.jobs)
      const workflowWide = idTokenWrite(workflow.permissions)
      for (const job of jobs) {
        const can =
          job.permissions === undefined
            ? workflowWide
            : idTokenWrite(job.permissions)
        expect({ can, signsIn: usesAction(job) }).toEqual({
          can: usesAction(job),
          signsIn: usesAction(job)
        })
      }
    }
  )

  it('uses one major version of each action across the examples and .github/workflows', () => {
    const versions = new Map<string, Set<string>>()
    for (const file of files) {
      for (const [, action, major] of read(file).matchAll(
        /uses:\s*([\w.-]+\/[\w.-]+)@(v\d+)/g
      )) {
        if (!action || !major) continue
        versions.set(action, (versions.get(action) ?? new Set()).add(major))
      }
    }
    const mixed = [...versions].filter(([, majors]) => majors.size > 1)

    expect(
      mixed.map(([action, majors]) => `${action}: ${[...majors].join(', ')}`)
    ).toEqual([])
  })
})
