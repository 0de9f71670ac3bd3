// After the reset: record the VM's outcome on the pending version, tag the
// others truthfully and make the latest version the password the VM has.
// A vault write that fails stops none of the others: each one that lands
// keeps readers right or tells the next run what happened.
import { setTimeout as sleep } from 'node:timers/promises'
import type { ResetResult } from '../operation.ts'
import type {
  Begun,
  LatestNow,
  PasswordRecord,
  RotationContext
} from './context.ts'
import { readRecord, type Live } from './reconcile.ts'
import { repair, tag, versionsNow } from './repair.ts'
import { Tag, type RotationState } from './tags.ts'
import type { StoredVersion } from './vault.ts'

/**
 * Records the VM's outcome on the pending version, tags the others
 * truthfully and makes the latest version the live password; a refused
 * password is disabled. Never blind: an unknown outcome is tagged so at
 * once, then asked of the VM's record for a while (not after a provisioning
 * timeout, whose record will say no more); if still unknown the new version
 * stays the latest. Never throws for the vault: what failed is `problem`.
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
    const timedOut = result.timedOut === true
    // Tagged first, so that a run killed while it waits leaves a true
    // state behind and no claim on the VM.
    const why = timedOut ? timedOutLive(stored, begun.liveBefore) : likelyLive
    const tagUnknown = (): Promise<Tried<void>> =>
      tryWrite(() =>
        tag(ctx, stored, 'unknown', { reason: why.why, timedOut }, signal)
      )
    let tagged = await tagUnknown()
    // A timed-out version must say so, or its Failed record would later
    // read as a refusal.
    if (timedOut && !tagged.ok) tagged = await tagUnknown()
    if (!timedOut) applied = await waitForRecord(ctx, stored, signal)
    if (applied === 'unknown') {
      const live = timedOut ? why : { ...why, version: stored.version }
      const record = passwordRecord(ctx, stored, 'unknown', live)
      return withProblem(record, tagged.error, tagged.ok)
    }
  }
  return applied === 'no'
    ? settleKnown(
        ctx,
        begun,
        { refused: true, failure: result.failure },
        signal
      )
    : settleKnown(ctx, begun, { refused: false }, signal)
}

/** The VM took the password, or refused it (and why). */
type Known =
  { refused: false } | { refused: true; failure?: string | undefined }

async function settleKnown(
  ctx: RotationContext,
  begun: Begun,
  known: Known,
  signal: AbortSignal
): Promise<PasswordRecord> {
  const { stored } = begun
  const state = known.refused ? 'failed' : 'active'
  const why = known.refused && known.failure ? { failure: known.failure } : {}
  const live: Live = known.refused
    ? begun.liveBefore
    : {
        version: stored.version,
        why: 'VMAccess applied it in this run',
        certain: true
      }
  const tagStored = (): Promise<Tried<void>> =>
    tryWrite(() => tag(ctx, stored, state, why, signal))
  const repairVault = (): Promise<Tried<LatestNow>> =>
    tryWrite(async () =>
      repair(
        ctx,
        await versionsNow(ctx, signal),
        live,
        {
          ...(known.refused ? { refused: stored.version } : {}),
          leave: new Set([stored.version]),
          // This run's own version holds no claim once its reset is over.
          ended: new Set([stored.version]),
          settles: stored.version
        },
        signal
      )
    )
  let tagged = await tagStored()
  let repaired = await repairVault()
  // Once more, after the rest: a refusal that passes (a 403 while a role
  // assignment propagates, a 404 or 409 from a replica behind) must not
  // leave the version pending or the latest wrong.
  if (!tagged.ok) tagged = await tagStored()
  if (!repaired.ok) repaired = await repairVault()
  const record = passwordRecord(ctx, stored, state, live, repaired.value)
  return withProblem(record, tagged.error ?? repaired.error, tagged.ok)
}

/** A write's value, or what it threw. */
type Tried<T> =
  | { ok: true; value: T; error?: undefined }
  | { ok: false; error: unknown; value?: undefined }

// Every write of settling is tried even when one before it failed, so the
// failure is kept as a value, not thrown.
async function tryWrite<T>(write: () => Promise<T>): Promise<Tried<T>> {
  try {
    return { ok: true, value: await write() }
  } catch (error) {
    return { ok: false, error }
  }
}

const likelyLive = {
  why: 'the run stopped before Azure said whether VMAccess applied it; it is the likely live password'
}

function timedOutLive(stored: StoredVersion, before: Live): Live {
  const otherwise = before.version
    ? `; if it did not, the VM still has version ${before.version}`
    : ''
  return {
    why: `VMAccess timed out (VMExtensionProvisioningTimeout) applying version ${stored.version}: Azure stopped waiting for the guest, which may or may not have set it${otherwise}`
  }
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
    // After a cancel the runner kills the process within seconds: the record
    // is read once, and the next run reads it again and repairs the vault.
    const stop = AbortSignal.any([signal, ctx.cancel])
    if (Date.now() + recordPollMs > until || stop.aborted) return 'unknown'
    await sleep(recordPollMs, undefined, { signal: stop }).catch(
      () => undefined
    )
  }
}

function passwordRecord(
  ctx: RotationContext,
  stored: StoredVersion,
  state: RotationState,
  live: Live,
  latest?: LatestNow
): PasswordRecord {
  return {
    vaultUrl: ctx.rotation.vaultUrl,
    name: stored.name,
    version: stored.version,
    id: stored.id,
    state,
    live,
    ...(stored.tags[Tag.pendingUntil]
      ? { pendingUntil: stored.tags[Tag.pendingUntil] }
      : {}),
    ...(latest ? { latest } : {}),
    ...(latest?.copiedFrom ? { restoredFrom: latest.copiedFrom } : {})
  }
}

/** The record with the vault failure that remained, and whether the version's own tag landed. */
function withProblem(
  record: PasswordRecord,
  error: unknown,
  tagged: boolean
): PasswordRecord {
  if (error === undefined) return record
  return { ...record, problem: { error, tagged } }
}
