// A step over many VMs as outputs and a job summary: the counts, fail-on,
// the order of the summary, the fold past 50 rows, GitHub's 1 MiB limit
// and hostile text from the guest.
import { AzureError } from '../../src/errors.ts'
import {
  fleetOutputs,
  matrixOf,
  resultRecord
} from '../../src/fleet/outputs.ts'
import {
  renderFleetSummary,
  type FleetReport
} from '../../src/fleet/summary.ts'
import { openRows } from '../../src/fleet/summary-sections.ts'
import {
  notStarted,
  resultOf,
  stepFails,
  type FleetRun,
  type VmResult
} from '../../src/fleet/results.ts'
import type { Outcome } from '../../src/operation.ts'
import type { VmRef } from '../../src/settings.ts'
import { quietRedactor } from './quiet-redactor.ts'

const subscriptionId = '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f'
const vm = (name: string, resourceGroup = 'rg-prod'): VmRef => ({
  subscriptionId,
  resourceGroup,
  vmName: name
})

const succeeded: Outcome = {
  status: 'succeeded',
  vmId: '0f6a3a8e-6c3b-4b1e-9a55-2f1d3c4b5a69',
  extensionName: 'enablevmaccess',
  username: 'azureadmin',
  removedExtensions: [],
  hasAadLogin: false,
  provisioningState: 'Succeeded',
  extensionMessage: 'The password was reset.',
  password: {
    outputs: {
      'secret-id': 'https://kv.vault.azure.net/secrets/s/v1',
      'secret-version': 'v1'
    },
    html: ''
  }
}
const failedWith = (message: string, fix = 'Fix it.'): Outcome => ({
  status: 'failed',
  removedExtensions: [],
  hasAadLogin: false,
  error: new AzureError(message, fix, {
    code: 'VMExtensionProvisioningError',
    change: 'extension-failed'
  })
})
const skipped: Outcome = {
  status: 'skipped',
  removedExtensions: [],
  hasAadLogin: false,
  error: new AzureError('VM is deallocated.', 'Start it.', {
    code: 'not-running'
  })
}

function fleet(results: VmResult[], extra: Partial<FleetRun> = {}): FleetRun {
  return {
    results,
    passedOver: {},
    listed: false,
    dryRun: false,
    pacing: { throttled: 0, held: 0, heldMs: 0 },
    ...extra
  }
}
const report = (run: FleetRun): FleetReport => ({
  run,
  operation: { title: 'Password reset' },
  failOn: 'any',
  durationSeconds: 12.3
})

describe('fail-on', () => {
  const ok = resultOf(vm('a'), succeeded, 1)
  const bad = resultOf(vm('b'), failedWith('boom'), 1)
  const skip = resultOf(vm('c'), skipped, 1)

  it.each([
    ['any', [ok, bad], true],
    ['any', [ok, skip], false],
    ['any', [ok, notStarted(vm('d'))], true],
    ['all', [ok, bad], false],
    ['all', [bad, skip], true],
    ['all', [skip, skip], false],
    ['never', [bad, bad], false],
    // One VM: a skip fails the step, as it always did.
    ['any', [skip], true],
    ['all', [skip], true]
  ] as const)('%s over %#', (failOn, results, fails) => {
    expect(stepFails(fleet([...results]), failOn)).toBe(fails)
  })
})

describe('fleet outputs', () => {
  it('lists each VM with where its secret is, never a secret, and counts them', () => {
    const run = fleet([
      resultOf(vm('a'), succeeded, 1.25),
      resultOf(vm('b'), failedWith('boom'), 2),
      resultOf(vm('c'), skipped, 0.5),
      notStarted(vm('d'))
    ])

    const { outputs } = fleetOutputs(run, (text) => text)

    expect(JSON.parse(outputs.results ?? '')).toEqual([
      {
        'resource-group': 'rg-prod',
        'vm-name': 'a',
        'vm-id': succeeded.vmId,
        status: 'succeeded',
        'vm-state': 'extension-applied',
        message: 'The password was reset.',
        username: 'azureadmin',
        'extension-name': 'enablevmaccess',
        verified: 'unknown',
        'secret-id': 'https://kv.vault.azure.net/secrets/s/v1',
        'secret-version': 'v1',
        'duration-seconds': 1.3
      },
      expect.objectContaining({
        status: 'failed',
        'vm-state': 'extension-failed'
      }),
      expect.objectContaining({ status: 'skipped', 'vm-state': 'none' }),
      expect.objectContaining({
        status: 'not-started',
        'vm-state': 'not-started'
      })
    ])
    expect(outputs).toMatchObject({
      'succeeded-count': '1',
      'failed-count': '1',
      'skipped-count': '1'
    })
    expect(outputs.matrix).toBeUndefined()
  })

  it('gives a dry run the matrix of the VMs that passed pre-flight', () => {
    const planned = resultOf(vm('a'), succeeded, 1, [])
    const run = fleet([planned, resultOf(vm('c', 'rg-test'), skipped, 1, [])], {
      dryRun: true
    })

    expect(planned.status).toBe('planned')
    expect(matrixOf(run)).toEqual({
      include: [{ 'resource-group': 'rg-prod', 'vm-name': 'a' }]
    })
  })

  it('gives each VM of a rotation’s matrix the secret-name its plan shows', () => {
    const run = fleet(
      [
        resultOf(vm('a'), succeeded, 1, [], 'rg-prod-a-azureadmin-0a1b2c3d'),
        resultOf(
          vm('b'),
          succeeded,
          1,
          [],
          'ops-rg-prod-b-azureadmin-4e5f6071'
        ),
        resultOf(vm('c'), skipped, 1, [], 'rg-prod-c-azureadmin-8a9b0c1d')
      ],
      { dryRun: true }
    )

    expect(matrixOf(run)).toEqual({
      include: [
        {
          'resource-group': 'rg-prod',
          'vm-name': 'a',
          'secret-name': 'rg-prod-a-azureadmin-0a1b2c3d'
        },
        {
          'resource-group': 'rg-prod',
          'vm-name': 'b',
          'secret-name': 'ops-rg-prod-b-azureadmin-4e5f6071'
        }
      ]
    })
  })

  it('keeps a message from the guest on one line', () => {
    const result = resultOf(vm('a'), failedWith('line one\n::error::two'), 1)

    expect(String(resultRecord(result).message)).not.toContain('\n')
  })
})

describe('fleet summary', () => {
  it('puts the totals first, then the failures grouped with next steps, then every VM', () => {
    const html = renderFleetSummary(
      report(
        fleet(
          [
            resultOf(vm('a'), succeeded, 1),
            resultOf(vm('b'), failedWith('boom', 'Restart the agent.'), 1),
            resultOf(vm('c'), failedWith('boom', 'Restart the agent.'), 1),
            resultOf(vm('d'), skipped, 1)
          ],
          {
            passedOver: { Linux: 3 },
            pacing: { throttled: 2, held: 5, heldMs: 2500 }
          }
        )
      )
    )

    const order = [
      '1 of 4 VMs succeeded',
      'Failures and next steps',
      'Skipped (nothing',
      'All VMs'
    ]
    const at = order.map((text) => html.indexOf(text))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    expect(html).toContain('<h4>2 VM(s): boom</h4>')
    expect(html.match(/Restart the agent\./g)).toHaveLength(1)
    expect(html).toContain('passed over 3 Linux')
    expect(html).toContain('Azure throttled 2 request(s) (429)')
  })

  it(`folds the successes into <details> past ${openRows} VMs`, () => {
    const results = Array.from({ length: openRows + 1 }, (_, i) =>
      resultOf(vm(`vm-${i}`), i === 0 ? failedWith('boom') : succeeded, 1)
    )

    const html = renderFleetSummary(report(fleet(results)))

    expect(html).toContain(
      `<details><summary>${openRows} VM(s) succeeded</summary>`
    )
  })

  it('stays under GitHub’s 1 MiB step-summary limit for 2,000 failed VMs with long messages', () => {
    const long = 'The handler said: '.padEnd(5000, 'x')
    const results = Array.from({ length: 2000 }, (_, i) =>
      resultOf(
        vm(`vm-${String(i).padStart(4, '0')}`),
        failedWith(`${long}${i}`, `Fix ${i}.`),
        1
      )
    )

    const html = renderFleetSummary(report(fleet(results)))

    expect(Buffer.byteLength(html)).toBeLessThan(1024 * 1024)
    expect(html).toContain('1980 more failed VM(s) with 1980 other cause(s)')
  })

  it('keeps a 2,000-VM success table whole and under 1 MiB', () => {
    const results = Array.from({ length: 2000 }, (_, i) =>
      resultOf(vm(`vm-${String(i).padStart(4, '0')}`), succeeded, 1)
    )

    const html = renderFleetSummary(report(fleet(results)))

    expect(Buffer.byteLength(html)).toBeLessThan(1024 * 1024)
    expect(html).toContain('vm-1999')
    expect(html).not.toContain('left out')
  })

  it('escapes hostile text from the guest and names', () => {
    const html = renderFleetSummary(
      report(
        fleet([
          resultOf(
            vm('a'),
            failedWith('<img src=x onerror=alert(1)> ## [x](javascript:1)'),
            1
          ),
          resultOf(vm('b'), succeeded, 1)
        ])
      )
    )

    expect(html).not.toContain('<img')
    expect(html).not.toContain('[x](')
  })
})

describe('the results output', () => {
  it('keeps every one of 1,000 VMs, messages cut to 80 characters, under GitHub’s 1 MB of job outputs', () => {
    const long = 'The handler said: '.padEnd(2000, 'x')
    const results = Array.from({ length: 1000 }, (_, i) =>
      resultOf(vm(`vm-${String(i).padStart(4, '0')}`), failedWith(long), 1)
    )

    const { outputs, shortened } = fleetOutputs(fleet(results), (text) => text)
    const json = outputs.results ?? ''

    // GitHub approximates an output's size in UTF-16: 2 bytes a character.
    expect(2 * json.length).toBeLessThan(1000 * 1000)
    expect(JSON.parse(json)).toHaveLength(1000)
    expect(shortened).toEqual({
      resultsKept: 1000,
      messagesCut: true,
      matrixKept: 0
    })
  })

  it('keeps the VMs that did not succeed first, in the run’s order, when not all fit', () => {
    const long = 'The handler said: '.padEnd(2000, 'x')
    const results = Array.from({ length: 4000 }, (_, i) =>
      resultOf(
        vm(`vm-${String(i).padStart(4, '0')}`),
        i % 2 === 0 ? succeeded : failedWith(long),
        1
      )
    )

    const { outputs, shortened } = fleetOutputs(fleet(results), (text) => text)
    const kept = JSON.parse(outputs.results ?? '') as Record<string, string>[]

    expect(2 * (outputs.results ?? '').length).toBeLessThan(1000 * 1000)
    expect(kept).toHaveLength(shortened.resultsKept)
    expect(kept.every((r) => r.status === 'failed')).toBe(true)
    expect(kept[0]?.['vm-name']).toBe('vm-0001')
    expect(kept[1]?.['vm-name']).toBe('vm-0003')
  })

  it('is built from scrubbed messages, so a JSON-escaped echo is not escaped twice', () => {
    const password = 'Ze"bra\\Quartz-42'
    const echo = `Bad password: ${JSON.stringify(password)}`
    const redactor = quietRedactor(password)
    const result = resultOf(vm('a'), failedWith(echo), 1)

    const json = fleetOutputs(fleet([result]), (text) => redactor.redact(text))
      .outputs.results

    expect(json).toContain('Bad password: \\"***\\"')
    expect(json).not.toContain('Quartz')
  })
})
