// Pure: which password the VM has, by the record its VMAccess extension
// keeps (the forceUpdateTag of the last PUT) and by the versions' tags, and
// the writes that make the vault say so: the latest version is the live
// password, only the live password is tagged active, and a refused one is
// disabled.
import type { AppliedRecord } from '../operation.ts'
import { isInFlight } from './claims.ts'
import {
  recordedVersion,
  Tag,
  type RotationState,
  type VersionInfo
} from './tags.ts'

/** The password the VM has, as a version (copies resolved to their origin), and why we think so. */
export interface Live {
  /** Absent when no one can tell. */
  version?: string
  why: string
  /** The VM itself says so (its VMAccess record, or this run's reset), not only the tags. */
  certain?: boolean
}

/**
 * What the VM's VMAccess record says of the version its last PUT applied.
 * `timed-out`: Azure stopped waiting for the guest, which may or may not
 * have set the password.
 */
export type RecordVerdict =
  | {
      kind: 'applied' | 'refused' | 'in-flight' | 'timed-out'
      version: string
    }
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

/**
 * What the VM's VMAccess records say about the versions of this VM. A
 * version its own run tagged `failed` after VMAccess said Succeeded was
 * disproved in the guest (verify); one tagged with a provisioning timeout
 * failed without the guest's word, so Failed tells nothing of it.
 */
export function readRecord(
  records: readonly AppliedRecord[],
  versions: readonly VersionInfo[]
): RecordVerdict {
  const byId = new Map(versions.map((v) => [v.version, v]))
  for (const record of records) {
    const version = recordedVersion(record.forceUpdateTag)
    const info = version === undefined ? undefined : byId.get(version)
    if (!version || !info) continue
    const { provisioningState } = record
    if (provisioningState === 'Succeeded') {
      const disproved = info.tags[Tag.state] === 'failed'
      return { kind: disproved ? 'refused' : 'applied', version }
    }
    if (provisioningState === 'Failed') {
      const timedOut = info.tags[Tag.timedOut] !== undefined
      return { kind: timedOut ? 'timed-out' : 'refused', version }
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
      why: `the VM's VMAccess record names version ${verdict.version}, applied successfully`,
      certain: true
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
  if (verdict.kind === 'timed-out') {
    const before = active
      ? ` or, if the guest never ran it, version ${originOf(active)}`
      : ''
    return {
      why: `VMAccess timed out applying version ${verdict.version}, so the VM has that password${before}`
    }
  }
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

/** A tag change a repair makes; `enabled: false` disables a refused password. */
export interface Retag {
  version: VersionInfo
  state: RotationState
  reason: string
  enabled?: false
}

/** What a repair knows besides the versions and the live one. */
export interface RetagOptions {
  now: Date
  /** The version the VM refused. */
  refused?: string
  /** Versions this run is settling itself. */
  leave?: ReadonlySet<string>
  /** Pending versions whose run is over (see claims.ts endedRuns). */
  ended?: ReadonlySet<string>
}

/** What to tag so that only the live password reads `active`, and no refused one can be read. */
export function retagsFor(
  versions: readonly VersionInfo[],
  live: Live,
  options: RetagOptions
): Retag[] {
  const { now, refused, leave, ended } = options
  const retags: Retag[] = []
  for (const v of versions) {
    if (leave?.has(v.version)) continue
    if (isInFlight(v, now, ended)) continue
    const state = v.tags[Tag.state]
    const wanted = wantedState(v, state, live, refused)
    if (!wanted) continue
    const disable = wanted.state === 'failed' && v.enabled !== false
    if (wanted.state !== state || disable) {
      retags.push({ version: v, ...wanted, ...(disable && { enabled: false }) })
    }
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
  if (state === 'failed') {
    return { state: 'failed', reason: v.tags[Tag.reason] ?? 'refused' }
  }
  if (state === 'pending') {
    return {
      state: 'unknown',
      reason: 'its run ended without learning whether the VM got it'
    }
  }
  // An unknown outcome is settled only by the VM's own word on another
  // version: the tags alone could be behind it.
  const settledBy = state === 'active' || (state === 'unknown' && live.certain)
  if (settledBy && live.version !== undefined) {
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
  // A disabled version's value cannot be read, so it cannot be copied.
  return [...versions]
    .sort(newerFirst)
    .find((v) => originOf(v) === live.version && v.enabled !== false)
}
