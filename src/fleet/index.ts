// A step over one VM or many: select the VMs, then run the operation on
// each, max-parallel at a time, sharing one client, one token and one pace.
// At a cancel or the timeout no new VM starts.
import type { ComputeApi } from '../arm-client.ts'
import type { NetworkApi } from '../diagnose/index.ts'
import type {
  Operation,
  PasswordKeeper,
  PlannedWrite,
  SecretPlace
} from '../operation.ts'
import type { Pacer } from '../pacing.ts'
import type { FailureContext } from '../remedies.ts'
import type { Secret } from '../secret.ts'
import type { Mode, RunSettings, Settings, VmRef } from '../settings.ts'
import { previewOnVm, runOnVm } from '../vm-workflow.ts'
import {
  notStarted,
  resultOf,
  type FleetRun,
  type VmResult
} from './results.ts'
import { listedScope, selectVms } from './select.ts'

/** What the step's VMs share. */
export interface FleetContext {
  compute: ComputeApi
  network?: () => Promise<NetworkApi>
  passwordKeeper?: PasswordKeeper
  pacer: Pacer
  /** Aborts on timeout-minutes or on the runner's cancel. */
  signal: AbortSignal
  /** Ends the work a stop still owes: a few seconds after the runner's cancel. */
  wrapUp: AbortSignal
  /** Why `signal` fired, read once it has. */
  stopReason: () => 'cancelled' | 'timeout' | undefined
  log: (line: string) => void
  failureContext: (target: VmRef) => FailureContext
  /** Makes a rotation's new password, masked. */
  makePassword: (length: number) => Secret
}

/** Runs `operation` on every selected VM; throws only when selecting fails (nothing sent). */
export async function runFleet(
  run: RunSettings,
  operation: Operation,
  ctx: FleetContext
): Promise<FleetRun> {
  const { selection, subscriptionId, fleet } = run
  if (selection.kind !== 'named') ctx.log(describeListing(selection))
  const selected = await selectVms(
    selection,
    subscriptionId,
    ctx.compute,
    ctx.signal
  )
  const many = selected.targets.length > 1
  if (selected.listed || many) {
    ctx.log(
      `${selected.targets.length} VM(s) selected; ${fleet.maxParallel} at a time.`
    )
  }
  const results = await inTurn(
    selected.targets,
    fleet.maxParallel,
    ctx.signal,
    (target) =>
      runOne(run, operation, target, many ? prefixed(ctx, target) : ctx)
  )
  const stopReason = ctx.stopReason()
  return {
    results: results.map(
      (r, i) => r ?? notStarted(selected.targets[i] as VmRef)
    ),
    passedOver: selected.passedOver,
    listed: selected.listed,
    dryRun: fleet.dryRun,
    ...(fleet.dryRun ? { plannedAs: operation.plannedAs } : {}),
    pacing: ctx.pacer.stats(),
    ...(stopReason ? { stopReason } : {})
  }
}

async function runOne(
  run: RunSettings,
  operation: Operation,
  target: VmRef,
  ctx: FleetContext
): Promise<VmResult> {
  const startedAt = performance.now()
  const settings = settingsFor(run, target, ctx.makePassword)
  const deps = {
    compute: ctx.compute,
    ...(ctx.network ? { network: ctx.network } : {}),
    ...(ctx.passwordKeeper ? { passwordKeeper: ctx.passwordKeeper } : {}),
    signal: ctx.signal,
    wrapUp: ctx.wrapUp,
    log: ctx.log,
    failureContext: () => ctx.failureContext(target)
  }
  const seconds = (): number => (performance.now() - startedAt) / 1000
  if (run.fleet.dryRun) {
    const preview = await previewOnVm(settings, operation, deps)
    const { username } = preview.outcome
    const secret =
      ctx.passwordKeeper && username && preview.writes.length > 0
        ? ctx.passwordKeeper.describe({ ...target, username })
        : undefined
    const writes = secret
      ? [vaultWrite(secret), ...preview.writes]
      : preview.writes
    return resultOf(
      target,
      preview.outcome,
      seconds(),
      writes,
      secret?.secretName
    )
  }
  const outcome = await runOnVm(settings, operation, deps)
  return resultOf(target, outcome, seconds())
}

/** The Key Vault write a rotation makes first: the new password as a pending version. */
function vaultWrite({ vaultUrl, secretName }: SecretPlace): PlannedWrite {
  return {
    method: 'PUT',
    path: `${vaultUrl}/secrets/${secretName}`,
    body: { value: '***', tags: { 'rotation-state': 'pending' } },
    purpose: 'store the new password before the VM gets it'
  }
}

/** One VM's settings: its target, and for a rotation a password of its own. */
export function settingsFor(
  run: RunSettings,
  target: VmRef,
  makePassword: (length: number) => Secret
): Settings {
  const { mode: request } = run
  let mode: Mode
  if (request.kind !== 'reset-password') mode = request
  else if ('rotation' in request) {
    const { passwordLength, ...rest } = request
    mode = { ...rest, password: makePassword(passwordLength) }
  } else mode = request
  const { auth, cloud, extension, timeoutMs, guest, diagnose } = run
  return { auth, mode, target, cloud, extension, timeoutMs, guest, diagnose }
}

/**
 * Runs `work` over `items`, at most `limit` at once, in order; an item not
 * begun when `signal` fires stays undefined.
 */
export async function inTurn<T, R>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T) => Promise<R>
): Promise<(R | undefined)[]> {
  // Filled, not sparse: map() skips holes, and a VM not begun must show.
  const results: (R | undefined)[] = items.map(() => undefined)
  let next = 0
  const worker = async (): Promise<void> => {
    while (!signal.aborted && next < items.length) {
      const index = next++
      results[index] = await work(items[index] as T)
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker)
  )
  return results
}

/** Log lines of one VM among many say which VM they are about. */
function prefixed(ctx: FleetContext, target: VmRef): FleetContext {
  const tag = `[${target.resourceGroup}/${target.vmName}]`
  return { ...ctx, log: (line) => ctx.log(`${tag} ${line}`) }
}

function describeListing(
  selection: Exclude<RunSettings['selection'], { kind: 'named' }>
): string {
  const where = listedScope(selection)
  return selection.kind === 'tag'
    ? `Listing the Windows VMs in ${where} tagged ${selection.tag.key}=${selection.tag.value}…`
    : `Listing the Windows VMs in ${where}…`
}
