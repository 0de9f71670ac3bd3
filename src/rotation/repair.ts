// Making the vault tell the truth: tag every version of this VM by which
// password is live, then copy the live one forward until the latest holds it.
import { AzureError } from '../errors.ts'
import { isInFlight } from './claims.ts'
import type { LatestNow, RotationContext } from './context.ts'
import {
  copySource,
  originOf,
  retagsFor,
  versionsOfVm,
  type Live,
  type RetagOptions
} from './reconcile.ts'
import {
  expiresOn,
  isEnabledIn,
  restoredTags,
  withState,
  type RotationState,
  type VersionInfo
} from './tags.ts'
import {
  copyForward,
  listVersions,
  readLatest,
  setTags,
  type StoredVersion
} from './vault.ts'

// Re-reads after copying, so a run that stored meanwhile cannot leave its
// password as the latest; more rounds than runs can overlap.
const convergeRounds = 4

/** What a repair knows: the retag options, and the version the run is settling. */
export type RepairOptions = Omit<RetagOptions, 'now'> & {
  /** Recorded on a copy this run writes while it settles that version. */
  settles?: string
}

/**
 * Tags every version of this VM (as just listed) by `live`, then copies the
 * live password forward until the latest version holds it (or another
 * run's pending one is the latest: that run settles it). A tag that fails
 * does not stop the copy, which is what readers depend on; the first
 * failure is thrown once both were tried.
 */
export async function repair(
  ctx: RotationContext,
  versions: readonly VersionInfo[],
  live: Live,
  options: RepairOptions,
  signal: AbortSignal
): Promise<LatestNow> {
  const failures: unknown[] = []
  for (const retag of retagsFor(versions, live, {
    now: new Date(),
    ...options
  })) {
    const tags = withState(retag.version.tags, retag.state, {
      reason: retag.reason
    })
    const change = { tags, ...(retag.enabled === false && { enabled: false }) }
    await setTags(
      ctx.vault,
      ctx.secretName,
      retag.version.version,
      change,
      signal
    ).catch((error: unknown) => failures.push(error))
  }
  const latest = await ensureLatest(ctx, live, options, signal)
  if (failures.length > 0) throw failures[0]
  return latest
}

/**
 * Copies the live password forward until the latest version holds it, or
 * another run's pending version is the latest (that run settles it).
 */
export async function ensureLatest(
  ctx: RotationContext,
  live: Live,
  options: Pick<RepairOptions, 'ended' | 'settles'>,
  signal: AbortSignal
): Promise<LatestNow> {
  let copiedFrom: string | undefined
  for (let round = 0; round < convergeRounds; round++) {
    const versions = await versionsNow(ctx, signal)
    const latest = await readLatest(ctx.vault, ctx.secretName, signal)
    const id = latest.kind === 'readable' ? latest.version : undefined
    const latestInfo = versions.find((v) => v.version === id)
    const now: LatestNow = {
      ...(id !== undefined ? { version: id } : {}),
      isLive:
        live.version !== undefined &&
        latestInfo !== undefined &&
        originOf(latestInfo) === live.version,
      ...(copiedFrom ? { copiedFrom } : {})
    }
    if (latestInfo && isInFlight(latestInfo, new Date(), options.ended)) {
      return now
    }
    const source = copySource(versions, id, live)
    if (!source) return now
    await copyLiveForward(ctx, source, live, options.settles, signal)
    copiedFrom = originOf(source)
  }
  throw new AzureError(
    `Key Vault's latest version of '${ctx.secretName}' kept changing while this run made it the live password.`,
    'Check that only one workflow rotates this VM (concurrency: in the README), then re-run.',
    { code: 'RotationNotConverged' }
  )
}

/** Stores `source`'s password again as the latest, named as this run's copy. */
async function copyLiveForward(
  ctx: RotationContext,
  source: VersionInfo,
  live: Live,
  settles: string | undefined,
  signal: AbortSignal
): Promise<void> {
  const tags = restoredTags(
    source.tags,
    originOf(source),
    `copied forward: ${live.why}`,
    {
      ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
      ...(settles ? { settles } : {})
    }
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
}

/** This VM's versions of the secret, newest first. */
export async function versionsNow(
  ctx: RotationContext,
  signal: AbortSignal
): Promise<VersionInfo[]> {
  const all = await listVersions(ctx.vault, ctx.secretName, signal)
  return versionsOfVm(all, ctx.vm.vmId)
}

/** Gives the stored version a new state, and why; a refused one is disabled too. */
export function tag(
  ctx: RotationContext,
  stored: StoredVersion,
  state: RotationState,
  why: { failure?: string; reason?: string; timedOut?: boolean },
  signal: AbortSignal
): Promise<void> {
  const tags = withState(stored.tags, state, why)
  const change = isEnabledIn(state) ? { tags } : { tags, enabled: false }
  return setTags(ctx.vault, stored.name, stored.version, change, signal)
}
