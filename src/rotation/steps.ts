// The Key Vault side of a rotation, around the VM reset. Before: refuse while
// another run rotates this VM, make the vault agree with the VM, store the
// new password as pending. After: record the outcome, and make the latest
// version the password the VM has, re-reading until it stays so.
import { setTimeout as sleep } from 'node:timers/promises'
import { AzureError } from '../errors.ts'
import type { ResetResult, VmFacts } from '../operation.ts'
import type { Secret } from '../secret.ts'
import type { Rotation } from '../settings.ts'
import {
  copySource,
  findLive,
  isFirst,
  isInFlight,
  liveByTags,
  originOf,
  readRecord,
  retagsFor,
  versionsOfVm,
  type Live,
  type RetagOptions,
  type VersionInfo
} from './reconcile.ts'
import {
  expiresOn,
  pendingTags,
  restoredTags,
  Tag,
  withState,
  type RotationState
} from './tags.ts'
import {
  copyForward,
  latestVersion,
  listVersions,
  setTags,
  storePassword,
  type StoredVersion,
  type VaultAccess
} from './vault.ts'

/** One VM's rotation: the vault, the secret, the VM and the run. */
export interface RotationContext {
  vault: VaultAccess
  rotation: Rotation
  secretName: string
  vm: VmFacts
  username: string
  runUrl?: string
  /** How long the run may work on the VM (timeout-minutes) plus its settling. */
  runBudgetMs: number
}

/** Where the run left the password, for the outputs and the summary. */
export interface PasswordRecord {
  vaultUrl: string
  name: string
  version: string
  id: string
  state: RotationState
  /** The version the VM has, as far as the run knows, and why. */
  live: Live
  /** The version copied forward as the latest, if one was. */
  restoredFrom?: string
}

/** A pending version and what was live before it. */
export interface Begun {
  stored: StoredVersion
  liveBefore: Live
}

/** Settling must finish after timeout-minutes or a cancel: the run's signal is spent by then. */
export const settleBudgetMs = 60_000

// Re-reads after copying, so a run that stored meanwhile cannot leave its
// password as the latest; more rounds than runs can overlap.
const convergeRounds = 4

/**
 * Refuses while another run rotates this VM, makes the vault agree with the
 * VM's record, stores the password as pending and checks that no other run
 * started at the same moment. Throws with the VM untouched.
 */
export async function beginRotation(
  ctx: RotationContext,
  password: Secret,
  signal: AbortSignal
): Promise<Begun> {
  const versions = await versionsNow(ctx, signal)
  const verdict = readRecord(ctx.vm.applied, versions)
  // A pending version the VM's record shows finished belongs to a run that
  // died after its PUT: its outcome is known, so it holds no claim.
  const finished =
    verdict.kind === 'applied' || verdict.kind === 'refused'
      ? verdict.version
      : undefined
  const busy = versions.find(
    (v) => v.version !== finished && isInFlight(v, new Date())
  )
  if (busy) throw rotationInProgress(ctx, busy)
  const liveBefore = findLive(verdict, versions)
  const refused = verdict.kind === 'refused' ? verdict.version : undefined
  await repair(ctx, liveBefore, { refused, finished }, signal)

  const stored = await store(ctx, password, signal)
  const begun = { stored, liveBefore }
  try {
    await giveWayToRivals(ctx, begun, signal)
  } catch (error) {
    // Stored but never sent: say so in the vault before giving up.
    if (!isRivalRefusal(error)) {
      const failure = error instanceof Error ? error.message : String(error)
      await settleRotation(
        ctx,
        begun,
        { applied: 'no', failure },
        settleSignal()
      ).catch(() => undefined)
    }
    throw error
  }
  return begun
}

/** A fresh signal for settling, which must outlive the run's own. */
export function settleSignal(): AbortSignal {
  return AbortSignal.timeout(settleBudgetMs)
}

function isRivalRefusal(error: unknown): boolean {
  return error instanceof AzureError && error.code === 'RotationInProgress'
}

/**
 * Two runs that listed before either stored both get this far: the one
 * whose version another in-flight one precedes gives way (in a tie, both).
 */
async function giveWayToRivals(
  ctx: RotationContext,
  { stored }: Begun,
  signal: AbortSignal
): Promise<void> {
  const after = await versionsNow(ctx, signal)
  const ours = after.find((v) => v.version === stored.version)
  const rival =
    ours && after.find((v) => isInFlight(v, new Date()) && isFirst(v, ours))
  if (!rival) return
  const reason = `never sent to the VM: run ${rival.tags[Tag.runUrl] ?? '(unknown)'} was rotating it`
  await tag(ctx, stored, 'superseded', { reason }, signal)
  // A rival that goes on makes its password the latest when it settles.
  // If none is left in flight (it settled, or gave way too), this run
  // must, since it wrote the latest version and never touched the VM.
  const now = await versionsNow(ctx, signal)
  if (!now.some((v) => isInFlight(v, new Date()))) {
    await ensureLatest(ctx, liveByTags(now, stored.version), {}, signal)
  }
  throw rotationInProgress(ctx, rival)
}

/**
 * Records the VM's outcome on the pending version, tags the others
 * truthfully and makes the latest version the live password. Never blind:
 * an unknown outcome is tagged so at once, then asked of the VM's record
 * for a while; if still unknown the new version stays the latest.
 */
export async function settleRotation(
  ctx: RotationContext,
  begun: Begun,
  result: ResetResult,
  signal: AbortSignal
): Promise<PasswordRecord> {
  const { stored } = begun
  let applied = result.applied
  if (applied === 'unknown') {
    // Tagged first, so that a run killed while it waits leaves a true
    // state behind and no claim on the VM.
    await tag(ctx, stored, 'unknown', { reason: likelyLive.why }, signal)
    applied = await waitForRecord(ctx, stored, signal)
    if (applied === 'unknown') {
      return passwordRecord(ctx, stored, 'unknown', {
        ...likelyLive,
        version: stored.version
      })
    }
  }
  const refused = applied === 'no'
  const failure = refused ? result.failure : undefined
  const state = refused ? 'failed' : 'active'
  await tag(ctx, stored, state, failure ? { failure } : {}, signal)
  const live: Live = refused
    ? begun.liveBefore
    : { version: stored.version, why: 'VMAccess applied it in this run' }
  const leave = new Set([stored.version])
  const restoredFrom = await repair(
    ctx,
    live,
    refused ? { refused: stored.version, leave } : { leave },
    signal
  )
  const record = passwordRecord(ctx, stored, state, live)
  return restoredFrom ? { ...record, restoredFrom } : record
}

const likelyLive = {
  why: 'the run stopped before Azure said whether VMAccess applied it; it is the likely live password'
}

// How long an unknown outcome is asked of the VM's record: long enough for a
// guest that was nearly done, short of the settle budget.
const recordWaitMs = 30_000
const recordPollMs = 2000

async function waitForRecord(
  ctx: RotationContext,
  stored: StoredVersion,
  signal: AbortSignal
): Promise<ResetResult['applied']> {
  const until = Date.now() + recordWaitMs
  const asStored = [{ version: stored.version, tags: stored.tags }]
  for (;;) {
    const record = await ctx.vm.readApplied(signal).catch(() => undefined)
    const verdict = readRecord(record ? [record] : [], asStored)
    if (verdict.kind === 'applied') return 'yes'
    if (verdict.kind === 'refused') return 'no'
    if (Date.now() + recordPollMs > until || signal.aborted) return 'unknown'
    await sleep(recordPollMs, undefined, { signal }).catch(() => undefined)
  }
}

function tag(
  ctx: RotationContext,
  stored: StoredVersion,
  state: RotationState,
  why: { failure?: string; reason?: string },
  signal: AbortSignal
): Promise<void> {
  const tags = withState(stored.tags, state, why)
  return setTags(ctx.vault, stored.name, stored.version, tags, signal)
}

/**
 * Tags every version of this VM by `live`, then copies the live password
 * forward until the latest version holds it (or another run's pending one
 * is the latest: that run settles it). Returns the version it copied from.
 */
async function repair(
  ctx: RotationContext,
  live: Live,
  options: Omit<RetagOptions, 'now'>,
  signal: AbortSignal
): Promise<string | undefined> {
  const versions = await versionsNow(ctx, signal)
  for (const retag of retagsFor(versions, live, {
    now: new Date(),
    ...options
  })) {
    const tags = withState(retag.version.tags, retag.state, {
      reason: retag.reason
    })
    await setTags(
      ctx.vault,
      ctx.secretName,
      retag.version.version,
      tags,
      signal
    )
  }
  return ensureLatest(ctx, live, options, signal)
}

/**
 * Copies the live password forward until the latest version holds it, or
 * another run's pending version is the latest (that run settles it).
 * Returns the version it copied from.
 */
async function ensureLatest(
  ctx: RotationContext,
  live: Live,
  options: Pick<RetagOptions, 'finished'>,
  signal: AbortSignal
): Promise<string | undefined> {
  let copiedFrom: string | undefined
  for (let round = 0; round < convergeRounds; round++) {
    const versions = await versionsNow(ctx, signal)
    const latest = await latestVersion(ctx.vault, ctx.secretName, signal)
    const latestInfo = versions.find((v) => v.version === latest)
    const owned =
      latestInfo &&
      latestInfo.version !== options.finished &&
      isInFlight(latestInfo, new Date())
    if (owned) return copiedFrom
    const source = copySource(versions, latest, live)
    if (!source) return copiedFrom
    const tags = restoredTags(
      source.tags,
      originOf(source),
      `copied forward: ${live.why}`
    )
    const expiry = expiresOn(new Date(), ctx.rotation.expiresDays)
    await copyForward(
      ctx.vault,
      ctx.secretName,
      source.version,
      tags,
      expiry,
      signal
    )
    copiedFrom = originOf(source)
  }
  throw new AzureError(
    `Key Vault's latest version of '${ctx.secretName}' kept changing while this run made it the live password.`,
    'Check that only one workflow rotates this VM (concurrency: in the README), then re-run.',
    { code: 'RotationNotConverged' }
  )
}

/** This VM's versions of the secret, newest first. */
async function versionsNow(
  ctx: RotationContext,
  signal: AbortSignal
): Promise<VersionInfo[]> {
  const all = await listVersions(ctx.vault, ctx.secretName, signal)
  return versionsOfVm(all, ctx.vm.vmId)
}

function store(
  ctx: RotationContext,
  password: Secret,
  signal: AbortSignal
): Promise<StoredVersion> {
  const now = new Date()
  const tags = pendingTags({
    vmId: ctx.vm.vmId,
    vmResourceId: ctx.vm.vmResourceId,
    username: ctx.username,
    expiresDays: ctx.rotation.expiresDays,
    ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
    pendingUntil: new Date(now.getTime() + ctx.runBudgetMs)
  })
  const expiry = expiresOn(now, ctx.rotation.expiresDays)
  return storePassword(
    ctx.vault,
    ctx.secretName,
    password,
    tags,
    expiry,
    signal
  )
}

function passwordRecord(
  ctx: RotationContext,
  stored: StoredVersion,
  state: RotationState,
  live: Live
): PasswordRecord {
  return {
    vaultUrl: ctx.rotation.vaultUrl,
    name: stored.name,
    version: stored.version,
    id: stored.id,
    state,
    live
  }
}

function rotationInProgress(
  ctx: RotationContext,
  pending: VersionInfo
): AzureError {
  const run = pending.tags[Tag.runUrl] ?? 'a run without a URL'
  const until = pending.tags[Tag.pendingUntil] ?? '(unknown)'
  return new AzureError(
    `Another run is rotating the password of VM '${ctx.vm.target.vmName}': version ${pending.version} of secret '${ctx.secretName}' is pending until ${until} (${run}).`,
    `Wait for that run to finish, then re-run; give the workflow a concurrency group per VM so that runs queue instead (README, "Rotate the password on a schedule").`,
    { code: 'RotationInProgress' }
  )
}
