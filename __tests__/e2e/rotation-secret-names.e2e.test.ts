// One secret per VM, always: secret-name names the secret of one VM and is
// refused over several; secret-name-prefix names each VM's secret, the same
// for one VM or many; a dry run's matrix carries each VM's secret-name, so
// the matrix jobs write exactly the secrets the plan showed.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { scenario, type Emulator } from '../../emulator/index.ts'
import { defaultSecretName } from '../../src/rotation/tags.ts'
import { freshEmulatorPerTest, leaks, runAction } from './action-fixture.ts'

const fast = scenario().everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))
const subscriptionId = scenario().build().subscription.id

/** The secret of `vmName`'s admin in rg-demo, after `prefix` if given. */
function secretOf(vmName: string, prefix?: string): string {
  const owner = {
    subscriptionId,
    resourceGroup: 'rg-demo',
    vmName,
    username: 'azureadmin'
  }
  return defaultSecretName(owner, prefix)
}

function rotating(emulator: Emulator): Record<string, string> {
  return {
    'generate-password': 'true',
    'key-vault-url': emulator.keyVaultUrl
  }
}

/** Whether the VM's admin has the latest version of `secretName` as its password. */
function hasLatestOf(
  emulator: Emulator,
  vmName: string,
  secretName: string
): boolean {
  const latest = emulator.secretValue(secretName)
  return emulator.passwordMatches('rg-demo', vmName, 'azureadmin', latest)
}

/** The secrets the runs stored a version in, each once, sorted. */
function secretsWritten(emulator: Emulator): string[] {
  const names = emulator.requests
    .filter((r) => r.operationId === 'KeyVault_SetSecret' && r.status === 200)
    .map((r) => decodeURIComponent(r.path.split('/')[2] ?? ''))
  return [...new Set(names)].sort()
}

/** Every value of every version of `names`: what must never be printed. */
function passwordsIn(emulator: Emulator, names: string[]): string[] {
  return names.flatMap((name) =>
    emulator
      .secretVersions(name)
      .map((v) => emulator.secretValue(name, v.version))
  )
}

type MatrixEntry = Record<string, string>

interface ExampleStep {
  id?: string
  with?: Record<string, string>
}

/**
 * The inputs the reset job of examples/fleet-matrix.yml takes from its
 * matrix entry (`${{ matrix.<key> }}`), filled from `entry`.
 */
function matrixJobInputs(entry: MatrixEntry): Record<string, string> {
  const example = parse(readFileSync('examples/fleet-matrix.yml', 'utf8')) as {
    jobs: { reset: { steps: ExampleStep[] } }
  }
  const step = example.jobs.reset.steps.find((s) => s.id === 'reset')
  const fromMatrix = Object.entries(step?.with ?? {}).flatMap(
    ([input, value]): [string, string][] => {
      const key = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(value)?.[1]
      return key ? [[input, entry[key] ?? '']] : []
    }
  )
  return Object.fromEntries(fromMatrix)
}

describe('secret-name names the secret of one VM', () => {
  const emulator = freshEmulatorPerTest({ scenario: fast })

  it('refuses secret-name over two named VMs before any request, pointing to secret-name-prefix', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      ...rotating(emulator()),
      'vm-name': 'vm-web-01, vm-no-vmaccess',
      'secret-name': 'web-admin'
    })

    expect(step.exitCode).toBe(1)
    expect(step.outputs['status']).toBe('failed')
    expect(step.outputs['message']).toContain(
      "Input 'secret-name' names the secret of exactly one VM, but this step selects 2 VMs. Use secret-name-prefix instead"
    )
    expect(step.summary).toContain('<code>secret-name</code> names the secret')
    expect(emulator().requests).toEqual([])
    expect(emulator().secretVersions('web-admin')).toEqual([])
  })

  it('keeps a VM’s <prefix>-<default name> secret when a second VM joins the step', async () => {
    const web = secretOf('vm-web-01', 'ops')
    const other = secretOf('vm-no-vmaccess', 'ops')

    const alone = await runAction(emulator(), 'vm-web-01', {
      ...rotating(emulator()),
      'secret-name-prefix': 'ops'
    })
    const joined = await runAction(emulator(), 'vm-web-01', {
      ...rotating(emulator()),
      'vm-name': 'vm-web-01, vm-no-vmaccess',
      'secret-name-prefix': 'ops'
    })

    expect([alone.exitCode, joined.exitCode]).toEqual([0, 0])
    expect(web).toMatch(/^ops-rg-demo-vm-web-01-azureadmin-[0-9a-f]{8}$/)
    expect(secretsWritten(emulator())).toEqual([web, other].sort())
    expect(emulator().secretVersions(web)).toHaveLength(2)
    expect(emulator().secretVersions(other)).toHaveLength(1)
    expect(hasLatestOf(emulator(), 'vm-web-01', web)).toBe(true)
    expect(hasLatestOf(emulator(), 'vm-no-vmaccess', other)).toBe(true)
    const passwords = passwordsIn(emulator(), [web, other])
    expect(leaks(alone, passwords)).toEqual([])
    expect(leaks(joined, passwords)).toEqual([])
  })
})

describe('a dry-run plan and its matrix jobs', () => {
  const emulator = freshEmulatorPerTest({ scenario: fast })
  const ready = ['vm-web-01', 'vm-no-vmaccess', 'vm-aad', 'vm-two-vmaccess']

  it('writes, from each matrix job, the very secret the plan showed for its VM, one per VM', async () => {
    const plan = await runAction(emulator(), 'vm-web-01', {
      ...rotating(emulator()),
      'vm-name': [...ready, 'vm-linux'].join('\n'),
      'secret-name-prefix': 'ops',
      'dry-run': 'true'
    })
    expect(plan.exitCode).toBe(0)
    const { include } = JSON.parse(plan.outputs['matrix'] ?? '') as {
      include: MatrixEntry[]
    }

    // GitHub starts the matrix jobs side by side, one VM each.
    const jobs = await Promise.all(
      include.map((entry) =>
        runAction(emulator(), entry['vm-name'] ?? '', {
          ...rotating(emulator()),
          ...matrixJobInputs(entry)
        })
      )
    )

    expect(include).toEqual(
      ready.map((vmName) => ({
        'resource-group': 'rg-demo',
        'vm-name': vmName,
        'secret-name': secretOf(vmName, 'ops')
      }))
    )
    // The summary's <pre> ends each line with <br>: the whole name, not a prefix of it.
    for (const entry of include) {
      expect(plan.summary).toContain(
        `PUT ${emulator().keyVaultUrl}/secrets/${entry['secret-name']}<br>`
      )
    }
    expect(jobs.map((j) => j.exitCode)).toEqual(ready.map(() => 0))
    const names = include.map((e) => e['secret-name'] ?? '')
    expect(new Set(names).size).toBe(ready.length)
    expect(secretsWritten(emulator())).toEqual([...names].sort())
    for (const {
      'vm-name': vmName = '',
      'secret-name': name = ''
    } of include) {
      expect(emulator().secretVersions(name)).toHaveLength(1)
      expect(hasLatestOf(emulator(), vmName, name)).toBe(true)
    }
    const passwords = passwordsIn(emulator(), names)
    expect(new Set(passwords).size).toBe(ready.length)
    for (const step of [plan, ...jobs]) {
      expect(leaks(step, passwords)).toEqual([])
    }
  }, 90_000)
})
