// Runs one rotation case: its own emulator, where the vault starts with the
// VM's current password as its active version, then the case's runs. After
// every run that ends while no other is still going, the secret's latest
// version must be enabled and the password the VM has. Two exceptions, each
// to be settled by a later run of the case: a run stopped by the runner's
// signal before Azure said may leave its version latest and tagged
// `unknown`, for the next run to settle from the VM's record; and a run that
// Key Vault refused may leave the latest wrong if its summary names the
// version the VM has (or says the vault holds none that works).
import {
  scenario,
  startEmulator,
  type Emulator,
  type ScenarioBuilder
} from '../../emulator/index.ts'
import { defaultSecretName } from '../../src/rotation/tags.ts'
import { runStep, type StepResult } from '../runner.ts'
import type { CaseResult } from './case-result.ts'
import { debugEverything } from './debug-env.ts'
import type {
  RotationCase,
  RotationTable,
  RunOptions
} from './rotation-case.ts'
import { describeHits, findSecrets } from './secret-scan.ts'
import { evidenceOf } from './step-view.ts'

/** The password vm-web-01's admin has, and the vault's active version, at the start. */
export const initialPassword = 'Initial-Live-Passw0rd!1'
const username = 'azureadmin'

/** The secret a rotation of `vmName` in `resourceGroup` uses by default. */
export function secretOf(
  emulator: Emulator,
  vmName: string,
  resourceGroup = 'rg-demo'
): string {
  const { subscriptionId } = emulator
  return defaultSecretName({ subscriptionId, resourceGroup, vmName, username })
}

/** Runs one rotation case against a fresh emulator and judges it. */
export async function runRotationCase(c: RotationCase): Promise<CaseResult> {
  const started = Date.now()
  const seeded = seed(
    c.scenario ? c.scenario(scenario()) : scenario(),
    c.initialExpiresOn
  )
  const emulator = await startEmulator({ scenario: seeded })
  try {
    const table = rotationTable(emulator)
    await c.play(table)
    const problems = [
      ...table.problems,
      ...[...table.unsettled.values()].map(
        (left) => `${left}; no later run settled it`
      ),
      ...(c.checks ?? []).flatMap((check) => check(table)),
      ...emulator.contractViolations.map((v) => `contract violation: ${v}`)
    ]
    const secrets = secretsOf(emulator, table.targets)
    const hits = table.runs.flatMap((run) => findSecrets(run.step, secrets))
    problems.push(...describeHits(hits).map((h) => `secret shown: ${h}`))
    const last = table.runs.at(-1)?.step
    return {
      catalogue: 'rotation',
      name: c.name,
      behaviour: problems.length === 0 ? 'invariant-held' : 'misbehaved',
      problems,
      requestsSent: 0,
      writesAfterFailedPreflight: 0,
      secretHits: hits.length,
      rotationRuns: table.runs.length,
      latestNotLive: table.latestNotLive,
      evidence: last
        ? evidenceOf(last)
        : {
            exitCode: null,
            signal: null,
            status: undefined,
            message: undefined,
            summaryExcerpt: ''
          },
      durationMs: Date.now() - started
    }
  } finally {
    await emulator.stop()
  }
}

// The vault holds the VM's password before the first rotation, as it does
// once rotation has run; without it no run could name the live password.
function seed(s: ScenarioBuilder, expiresOn?: string): ScenarioBuilder {
  const built = s.build()
  const vm = built.resourceGroups
    .flatMap((g) => g.virtualMachines)
    .find((v) => v.name === 'vm-web-01')
  const name = defaultSecretName({
    subscriptionId: built.subscription.id,
    resourceGroup: 'rg-demo',
    vmName: 'vm-web-01',
    username
  })
  // A case may say when the password was set (a reset a minute ago).
  const lastSet = vm?.guest?.accounts?.find(
    (a) => a.name === username
  )?.passwordLastSet
  return s
    .vm('vm-web-01', (v) =>
      v.account(username, {
        password: initialPassword,
        ...(lastSet === undefined ? {} : { passwordLastSet: lastSet })
      })
    )
    .secret(name, [
      {
        value: initialPassword,
        tags: { 'rotation-state': 'active', 'vm-id': vm?.vmId ?? '' },
        ...(expiresOn ? { expiresOn } : {})
      }
    ])
}

/** The table, with what the runner keeps of it. */
type Table = RotationTable & {
  problems: string[]
  /** Every VM a run rotated, as `resource-group/vm-name`. */
  targets: Set<string>
  /** By VM: a version a cancelled run left latest and `unknown`, until a run settles it. */
  unsettled: Map<string, string>
}

function rotationTable(emulator: Emulator): Table {
  let running = 0
  let nextRunId = 5000
  const table: Table = {
    emulator,
    secretName: secretOf(emulator, 'vm-web-01'),
    runs: [],
    problems: [],
    targets: new Set(),
    unsettled: new Map(),
    latestNotLive: 0,
    async rotate(options: RunOptions = {}): Promise<StepResult> {
      const vmName = options.vm ?? 'vm-web-01'
      const group = options.resourceGroup ?? 'rg-demo'
      table.targets.add(`${group}/${vmName}`)
      const runId = options.runId ?? String(nextRunId++)
      running++
      const step = await runStep({
        inputs: {
          ...emulator.inputs(vmName),
          ...(options.resourceGroup
            ? { 'resource-group': options.resourceGroup }
            : {}),
          password: '',
          'generate-password': 'true',
          'key-vault-url': emulator.keyVaultUrl,
          ...options.inputs
        },
        env: {
          ...emulator.env(),
          ...debugEverything,
          GITHUB_RUN_ID: runId,
          ...(options.runAttempt
            ? { GITHUB_RUN_ATTEMPT: options.runAttempt }
            : {})
        },
        ...(options.cancel ? { cancel: options.cancel } : {})
      })
      running--
      table.runs.push({ runId, step })
      if (running === 0) {
        for (const target of table.targets) await checkInvariant(table, target)
      }
      return step
    },
    seen:
      (operationId, count = 1) =>
      () =>
        emulator.requests.filter((r) => r.operationId === operationId).length >=
        count,
    until
  }
  return table
}

async function checkInvariant(table: Table, target: string): Promise<void> {
  const { emulator } = table
  const [resourceGroup = '', vmName = ''] = target.split('/')
  await until(
    () =>
      !emulator
        .vm(resourceGroup, vmName)
        .extensions.some((e) => /ing$/.test(e.provisioningState)),
    90_000
  )
  const name = secretOf(emulator, vmName, resourceGroup)
  const versions = emulator.secretVersions(name)
  // No secret yet: no run stored a password for this VM, so none can be wrong.
  if (versions.length === 0) return
  const isLive = (version: string): boolean =>
    emulator.passwordMatches(
      resourceGroup,
      vmName,
      username,
      emulator.secretValue(name, version)
    )
  const latest = versions.at(-1)
  table.unsettled.delete(target)
  if (latest?.enabled && isLive(latest.version)) return
  const states = versions.map(
    (v) => `${v.tags['rotation-state'] ?? '?'}${v.enabled ? '' : ' (disabled)'}`
  )
  const wrong = `the latest version of '${name}' is not the enabled password of ${vmName} (versions: ${states.join(', ')})`
  if (latest?.tags['rotation-state'] === 'unknown' && stoppedBySignal(table)) {
    table.unsettled.set(
      target,
      `after run ${table.runs.length} (cancelled): ${wrong}`
    )
    return
  }
  const liveIds = versions
    .filter((v) => isLive(v.version))
    .flatMap((v) => [v.version, v.tags['restored-from'] ?? v.version])
  if (namesLive(table.runs.at(-1)?.step.summary ?? '', liveIds)) {
    table.unsettled.set(
      target,
      `after run ${table.runs.length} (its summary names the live version): ${wrong}`
    )
    return
  }
  table.latestNotLive++
  table.problems.push(`after run ${table.runs.length}: ${wrong}`)
}

/** True when a summary says exactly which version the VM has, or that none in the vault works. */
function namesLive(summary: string, liveIds: readonly string[]): boolean {
  if (liveIds.length === 0) {
    return summary.includes('holds no password known to work')
  }
  return liveIds.some((id) =>
    summary.includes(`The VM has version <code>${id}</code>`)
  )
}

/** True when the last run to end was stopped by the runner's signal. */
function stoppedBySignal(table: Table): boolean {
  return (table.runs.at(-1)?.step.signalsSent.length ?? 0) > 0
}

/** Waits until `predicate` holds, or throws after `timeoutMs`. */
async function until(
  predicate: () => boolean,
  timeoutMs = 30_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`gave up waiting after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

function secretsOf(
  emulator: Emulator,
  targets: ReadonlySet<string>
): { label: string; value: string }[] {
  const stored = [...targets].flatMap((target) => {
    const [resourceGroup = '', vm = ''] = target.split('/')
    const name = secretOf(emulator, vm, resourceGroup)
    return emulator.secretVersions(name).map((v, i) => ({
      label: `${target} version #${i + 1}`,
      value: emulator.secretValue(name, v.version)
    }))
  })
  return [...stored, { label: 'client secret', value: emulator.clientSecret }]
}
