// After the reset: record the VM's outcome on the pending version, tag the
// others truthfully and make the latest version the password the VM has.
import { setTimeout as sleep } from 'node:timers/promises'
import type { ResetResult } from '../operation.ts'
import type { Begun, PasswordRecord, RotationContext } from './context.ts'
import { readRecord, type Live } from './reconcile.ts'
import { repair, tag, versionsNow } from './repair.ts'
import type { RotationState } from './tags.ts'
import type { StoredVersion } from './vault.ts'

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
    await versionsNow(ctx, signal),
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
