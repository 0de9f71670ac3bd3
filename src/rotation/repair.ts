// Making the vault tell the truth: tag every version of this VM by which
// password is live, then copy the live one forward until the latest holds it.
import { AzureError } from '../errors.ts'
import type { RotationContext } from './context.ts'
import {
  copySource,
  isInFlight,
  originOf,
  retagsFor,
  versionsOfVm,
  type Live,
  type RetagOptions,
  type VersionInfo
} from './reconcile.ts'
import {
  expiresOn,
  restoredTags,
  withState,
  type RotationState
} from './tags.ts'
import {
  copyForward,
  latestVersion,
  listVersions,
  setTags,
  type StoredVersion
} from './vault.ts'

// Re-reads after copying, so a run that stored meanwhile cannot leave its
// password as the latest; more rounds than runs can overlap.
const convergeRounds = 4

/**
 * Tags every version of this VM (as just listed) by `live`, then copies the
 * live password forward until the latest version holds it (or another
 * run's pending one is the latest: that run settles it). Returns the
 * version it copied from.
 */
export async function repair(
  ctx: RotationContext,
  versions: readonly VersionInfo[],
  live: Live,
  options: Omit<RetagOptions, 'now'>,
  signal: AbortSignal
): Promise<string | undefined> {
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
export async function ensureLatest(
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
export async function versionsNow(
  ctx: RotationContext,
  signal: AbortSignal
): Promise<VersionInfo[]> {
  const all = await listVersions(ctx.vault, ctx.secretName, signal)
  return versionsOfVm(all, ctx.vm.vmId)
}

/** Gives the stored version a new state, and why. */
export function tag(
  ctx: RotationContext,
  stored: StoredVersion,
  state: RotationState,
  why: { failure?: string; reason?: string },
  signal: AbortSignal
): Promise<void> {
  const tags = withState(stored.tags, state, why)
  return setTags(ctx.vault, stored.name, stored.version, tags, signal)
}
