// Pure: who may use a secret. A secret is one VM's. A run claims the VM by
// storing its password as a pending version; the claim ends when the run
// says so (a new state tag), when its own later writes show it is past the
// VM, when the VM's record shows the outcome, or when GitHub shows the run
// has ended. `pending-until` is only the backstop for a run that left no
// such sign.
import { Tag, type VersionInfo } from './tags.ts'

/** What a run knows about other runs besides their versions' tags. */
export interface ClaimEvidence {
  /** This run's URL (…/actions/runs/<id>/attempts/<n> when GitHub gave the attempt). */
  runUrl?: string
  /** The pending version whose outcome the VM's VMAccess record shows. */
  finished?: string
}

/**
 * The pending versions whose run is over, by evidence rather than by a
 * clock: the VM's record shows the outcome; a later version was written by
 * that run while it settled (tag `settles`); or it was stored by an earlier
 * attempt of this very workflow run.
 */
export function endedRuns(
  versions: readonly VersionInfo[],
  evidence: ClaimEvidence
): Set<string> {
  const ended = new Set<string>()
  if (evidence.finished) ended.add(evidence.finished)
  for (const v of versions) {
    const settled = v.tags[Tag.settles]
    if (settled) ended.add(settled)
    if (isEarlierAttempt(v.tags[Tag.runUrl], evidence.runUrl)) {
      ended.add(v.version)
    }
  }
  return ended
}

/**
 * True for a pending version whose run may still be working on the VM: not
 * among `ended`, and before its run's deadline.
 */
export function isInFlight(
  v: VersionInfo,
  now: Date,
  ended: ReadonlySet<string> = new Set()
): boolean {
  if (v.tags[Tag.state] !== 'pending' || ended.has(v.version)) return false
  const until = Date.parse(v.tags[Tag.pendingUntil] ?? '')
  return until > now.getTime()
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

const attemptUrl = /^(.*\/actions\/runs\/\d+)\/attempts\/(\d+)$/

/**
 * True when `theirs` is an earlier attempt of the workflow run `ours`.
 * GitHub re-runs only a workflow run that has completed, so every job of an
 * earlier attempt has ended
 * (https://docs.github.com/actions/managing-workflow-runs/re-running-workflows-and-jobs).
 */
export function isEarlierAttempt(
  theirs: string | undefined,
  ours: string | undefined
): boolean {
  const a = attemptUrl.exec(theirs ?? '')
  const b = attemptUrl.exec(ours ?? '')
  if (!a || !b || a[1] !== b[1]) return false
  return Number(a[2]) < Number(b[2])
}

/**
 * The newest version of the whole secret when it belongs to another VM (its
 * vm-id tag names another VM): a secret is one VM's, or readers of the
 * latest would get a password that works on one twin only. A VM recreated
 * under the same resource id (a redeploy: a new vm-id, same group and name)
 * is no other VM: a resource id names one VM at a time, so the one that
 * stored the version is gone.
 */
export function foreignLatest(
  versions: readonly VersionInfo[],
  vm: { vmId: string; vmResourceId: string }
): VersionInfo | undefined {
  const time = Math.max(0, ...versions.map((v) => v.createdOn?.getTime() ?? 0))
  const sameResource = (v: VersionInfo): boolean =>
    v.tags[Tag.providerAddress]?.toLowerCase() === vm.vmResourceId.toLowerCase()
  // createdOn has whole seconds: any version of the newest second counts.
  return versions.find(
    (v) =>
      (v.createdOn?.getTime() ?? 0) === time &&
      v.tags[Tag.vmId] !== undefined &&
      v.tags[Tag.vmId] !== vm.vmId &&
      !sameResource(v)
  )
}
