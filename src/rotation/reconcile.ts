// Pure: which password the VM has, by the record its VMAccess extension
// keeps (the forceUpdateTag of the last PUT) and by the versions' tags, and
// the writes that make the vault say so: the latest version is the live
// password, and only the live password is tagged active.
import type { AppliedRecord } from '../operation.ts'
import { recordedVersion, Tag, type RotationState } from './tags.ts'

/** A version as listing shows it (no value). */
export interface VersionInfo {
  version: string
  createdOn?: Date
  tags: Record<string, string>
}

/** The password the VM has, as a version (copies resolved to their origin), and why we think so. */
export interface Live {
  /** Absent when no one can tell. */
  version?: string
  why: string
}

/** What the VM's VMAccess record says of the version its last PUT applied. */
export type RecordVerdict =
  | { kind: 'applied' | 'refused' | 'in-flight'; version: string }
  | { kind: 'none' }

/** The versions stored for this VM (by the vm-id tag), newest first. */
export function versionsOfVm(
  versions: readonly VersionInfo[],
  vmId: string
): VersionInfo[] {
  return versions.filter((v) => v.tags[Tag.vmId] === vmId).sort(newerFirst)
}

// Key Vault's createdOn has whole seconds; the version id breaks a tie the
// same way for every run.
function newerFirst(a: VersionInfo, b: VersionInfo): number {
  const byTime = (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0)
  return byTime !== 0 ? byTime : b.version.localeCompare(a.version)
}

/** The version whose password `v` holds: itself, or the one it was copied from. */
export function originOf(v: VersionInfo): string {
  return v.tags[Tag.restoredFrom] ?? v.version
}

/** True for a pending version whose run may still be working on the VM. */
export function isInFlight(v: VersionInfo, now: Date): boolean {
  const until = Date.parse(v.tags[Tag.pendingUntil] ?? '')
  return v.tags[Tag.state] === 'pending' && until > now.getTime()
}

/**
 * True when `a` keeps `b`'s run from going on: it was stored no later.
 * createdOn has whole seconds, so in a tie neither run can tell which came
 * first, and both give way rather than both going on.
 */
export function isFirst(a: VersionInfo, b: VersionInfo): boolean {
  if (a.version === b.version) return false
  return (a.createdOn?.getTime() ?? 0) <= (b.createdOn?.getTime() ?? 0)
}

/** What the VM's VMAccess records say about the versions of this VM. */
export function readRecord(
  records: readonly AppliedRecord[],
  versions: readonly VersionInfo[]
): RecordVerdict {
  const ids = new Set(versions.map((v) => v.version))
  for (const record of records) {
    const version = recordedVersion(record.forceUpdateTag)
    if (!version || !ids.has(version)) continue
    if (record.provisioningState === 'Succeeded') {
      return { kind: 'applied', version }
    }
    if (record.provisioningState === 'Failed') {
      return { kind: 'refused', version }
    }
    return { kind: 'in-flight', version }
  }
  return { kind: 'none' }
}

/** The live password: the one the VM's record names, else the newest tagged active. */
export function findLive(
  verdict: RecordVerdict,
  versions: readonly VersionInfo[]
): Live {
  if (verdict.kind === 'applied') {
    return {
      version: verdict.version,
      why: `the VM's VMAccess record names version ${verdict.version}, applied successfully`
    }
  }
  if (verdict.kind === 'in-flight') {
    return {
      why: `VMAccess is still applying version ${verdict.version} on the VM`
    }
  }
  const active = [...versions]
    .sort(newerFirst)
    .find(
      (v) =>
        v.tags[Tag.state] === 'active' &&
        !(verdict.kind === 'refused' && originOf(v) === verdict.version)
    )
  return active
    ? {
        version: originOf(active),
        why: `version ${originOf(active)} is the newest tagged active`
      }
    : { why: 'no version of this VM is tagged active' }
}

/**
 * The live password by the tags alone, for a run that lost a race: the
 * newest version tagged active, or unknown (a run's likely live one).
 */
export function liveByTags(
  versions: readonly VersionInfo[],
  except: string
): Live {
  const newest = [...versions]
    .sort(newerFirst)
    .find(
      (v) =>
        v.version !== except &&
        (v.tags[Tag.state] === 'active' || v.tags[Tag.state] === 'unknown')
    )
  return newest
    ? {
        version: originOf(newest),
        why: `version ${originOf(newest)} is the newest tagged ${newest.tags[Tag.state] ?? ''}`
      }
    : { why: 'no version of this VM is tagged active' }
}

/** A tag change a repair makes. */
export interface Retag {
  version: VersionInfo
  state: RotationState
  reason: string
}

/** What a repair knows besides the versions and the live one. */
export interface RetagOptions {
  now: Date
  /** The version the VM refused. */
  refused?: string
  /** Versions this run is settling itself. */
  leave?: ReadonlySet<string>
  /** A pending version whose run died after the VM's record showed its outcome. */
  finished?: string
}

/** What to tag so that only the live password reads `active`. */
export function retagsFor(
  versions: readonly VersionInfo[],
  live: Live,
  options: RetagOptions
): Retag[] {
  const { now, refused, leave, finished } = options
  const retags: Retag[] = []
  for (const v of versions) {
    if (leave?.has(v.version)) continue
    if (isInFlight(v, now) && v.version !== finished) continue
    const state = v.tags[Tag.state]
    const wanted = wantedState(v, state, live, refused)
    if (wanted && wanted.state !== state) retags.push({ version: v, ...wanted })
  }
  return retags
}

function wantedState(
  v: VersionInfo,
  state: string | undefined,
  live: Live,
  refused: string | undefined
): { state: RotationState; reason: string } | undefined {
  if (live.version !== undefined && originOf(v) === live.version) {
    return { state: 'active', reason: `live: ${live.why}` }
  }
  if (refused !== undefined && v.version === refused) {
    return { state: 'failed', reason: 'VMAccess reported a failure' }
  }
  if (state === 'pending') {
    return {
      state: 'unknown',
      reason: 'its run ended without learning whether the VM got it'
    }
  }
  if (state === 'active' && live.version !== undefined) {
    return { state: 'superseded', reason: `not live: ${live.why}` }
  }
  return undefined
}

/** The version to copy forward so the latest holds the live password, if any. */
export function copySource(
  versions: readonly VersionInfo[],
  latest: string | undefined,
  live: Live
): VersionInfo | undefined {
  if (live.version === undefined) return undefined
  const latestInfo = versions.find((v) => v.version === latest)
  if (latestInfo && originOf(latestInfo) === live.version) return undefined
  return [...versions]
    .sort(newerFirst)
    .find((v) => originOf(v) === live.version)
}
