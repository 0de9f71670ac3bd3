// GitHub's limits in bytes: a 10,000-VM fleet whose guests answer in
// Japanese (3 bytes a character in UTF-8) keeps its job summary under
// 1 MiB and all the step's outputs under 1 MB, says what it shortened, and
// writes every VM to the results file. Written through the real
// @actions/core into GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { clipBytes, utf8Bytes } from '../../src/byte-limits.ts'
import { AzureError } from '../../src/errors.ts'
import { publishFleet } from '../../src/fleet/report.ts'
import {
  resultOf,
  type FleetRun,
  type VmResult
} from '../../src/fleet/results.ts'
import type { FleetReport } from '../../src/fleet/summary.ts'
import type { Outcome } from '../../src/operation.ts'
import { quietRedactor } from './quiet-redactor.ts'

const MiB = 1024 * 1024
const MB = 1000 * 1000
const subscriptionId = '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f'
// About 200 characters of a localized guest's answer, 3 bytes each.
const japanese =
  'VMアクセス拡張機能がパスワードをリセットできませんでした。ゲストエージェントが応答しません。仮想マシンを再起動してから、もう一度実行してください。'.repeat(
    3
  )

const succeeded: Outcome = {
  status: 'succeeded',
  vmId: '0f6a3a8e-6c3b-4b1e-9a55-2f1d3c4b5a69',
  extensionName: 'enablevmaccess',
  username: 'azureadmin',
  removedExtensions: [],
  hasAadLogin: false,
  provisioningState: 'Succeeded',
  extensionMessage: japanese
}
const failed = (i: number): Outcome => ({
  status: 'failed',
  removedExtensions: [],
  hasAadLogin: false,
  error: new AzureError(`${japanese} (${i})`, `修正 ${i}`, {
    code: 'VMExtensionProvisioningError',
    change: 'extension-failed'
  })
})

/** 10,000 VMs: one in three failed with its own Japanese message, the rest succeeded with one. */
function tenThousandVms(): VmResult[] {
  return Array.from({ length: 10_000 }, (_, i) =>
    resultOf(
      {
        subscriptionId,
        resourceGroup: 'rg-本番',
        vmName: `vm-${String(i).padStart(5, '0')}`
      },
      i % 3 === 0 ? failed(i) : succeeded,
      1
    )
  )
}

function fleetReport(results: VmResult[], dryRun = false): FleetReport {
  const run: FleetRun = {
    results,
    passedOver: {},
    listed: true,
    dryRun,
    pacing: { throttled: 0, held: 0, heldMs: 0 }
  }
  return {
    run,
    operation: { title: 'Password reset' },
    failOn: 'any',
    durationSeconds: 600
  }
}

interface Written {
  outputs: string
  summary: string
  resultsPath: string
}

/**
 * Publishes `report` the way a runner sees it, into files of `dir`. core's
 * summary keeps the first GITHUB_STEP_SUMMARY it sees, so the files stay.
 */
async function publish(report: FleetReport, dir: string): Promise<Written> {
  const outputs = join(dir, 'output')
  const summary = join(dir, 'summary')
  await writeFile(outputs, '')
  await writeFile(summary, '')
  process.env['GITHUB_OUTPUT'] = outputs
  process.env['GITHUB_STEP_SUMMARY'] = summary
  const resultsPath = join(dir, 'azure-vm-access-reset', 'results-1.json')

  await publishFleet(report, quietRedactor('hunter2-secret'), resultsPath)

  return {
    outputs: await readFile(outputs, 'utf8'),
    summary: await readFile(summary, 'utf8'),
    resultsPath
  }
}

/** Each output's value from the GITHUB_OUTPUT file (name<<delimiter … delimiter). */
function outputValues(file: string): Record<string, string> {
  const values: Record<string, string> = {}
  const block = /^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const [, name, , value] of file.matchAll(block)) {
    values[name as string] = value as string
  }
  return values
}

describe('GitHub’s limits in bytes at 10,000 VMs with Japanese messages', () => {
  let dir = ''
  const env = { ...process.env }
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleet-bytes-'))
  })
  afterEach(async () => {
    process.env = { ...env }
    await rm(join(dir, 'azure-vm-access-reset'), {
      recursive: true,
      force: true
    })
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('keeps the job summary under 1 MiB and names the results file', async () => {
    const { summary, resultsPath } = await publish(
      fleetReport(tenThousandVms()),
      dir
    )

    expect(utf8Bytes(summary)).toBeLessThan(MiB)
    expect(summary).toContain(resultsPath)
    expect(summary).toMatch(/this summary leaves out \d+ of 10000 VM row\(s\)/)
    expect(summary).toContain('actions/upload-artifact')
    expect(summary.indexOf('Shortened')).toBeLessThan(
      summary.indexOf('All VMs')
    )
  })

  it('keeps all the outputs of the step together under 1 MB, counted in UTF-8 and UTF-16', async () => {
    const { outputs } = await publish(fleetReport(tenThousandVms()), dir)

    const values = outputValues(outputs)
    expect(utf8Bytes(outputs)).toBeLessThan(MB)
    expect(2 * outputs.length).toBeLessThan(MB)
    expect(values['failed-count']).toBe('3334')
    const results = JSON.parse(values['results'] ?? '') as { status: string }[]
    expect(results.length).toBeGreaterThan(0)
    expect(results.every((r) => r.status === 'failed')).toBe(true)
  })

  it('keeps a dry run’s matrix and results together under 1 MB', async () => {
    const planned = Array.from({ length: 10_000 }, (_, i) =>
      resultOf(
        { subscriptionId, resourceGroup: 'rg-本番', vmName: `vm-${i}` },
        { ...succeeded, status: 'succeeded' },
        1,
        [],
        `パスワード-vm-${i}`
      )
    )

    const { outputs, summary } = await publish(fleetReport(planned, true), dir)

    const values = outputValues(outputs)
    expect(utf8Bytes(outputs)).toBeLessThan(MB)
    expect(2 * outputs.length).toBeLessThan(MB)
    expect(JSON.parse(values['matrix'] ?? '')).toHaveProperty('include')
    expect(summary).toMatch(/the <code>matrix<\/code> output keeps \d+ VMs/)
  })

  it('writes every VM, with its full message, to the results file, redacted', async () => {
    const results = tenThousandVms()
    results[1] = resultOf(
      { subscriptionId, resourceGroup: 'rg', vmName: 'leaky' },
      { ...succeeded, extensionMessage: 'echoed hunter2-secret back' },
      1
    )

    const { outputs, resultsPath } = await publish(fleetReport(results), dir)

    const file = await readFile(resultsPath, 'utf8')
    const entries = JSON.parse(file) as { message: string }[]
    expect(entries).toHaveLength(10_000)
    expect(entries[0]?.message).toContain(`${japanese} (0)`)
    expect(file).not.toContain('hunter2-secret')
    expect(outputValues(outputs)['results-file']).toBe(resultsPath)
  })
})

describe('clipBytes', () => {
  it.each([
    ['ascii', 'abcdef', 4, 'a…'],
    ['Japanese, never inside a character', 'パスワード', 8, 'パ…'],
    ['text that fits', 'パス', 6, 'パス']
  ])('cuts %s to a number of UTF-8 bytes', (_, text, max, expected) => {
    expect(clipBytes(text, max)).toBe(expected)
  })
})
