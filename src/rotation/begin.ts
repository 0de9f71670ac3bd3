// Before the VM is touched: refuse a secret that is another VM's, refuse
// while another run rotates this VM, make the vault agree with the VM's
// record, store the new password as pending, and give way to a run that
// started at the same moment.
import { AzureError } from '../errors.ts'
import type { Secret } from '../secret.ts'
import {
  endedRuns,
  foreignLatest,
  isFirst,
  isInFlight,
  type ClaimEvidence
} from './claims.ts'
import type { Begun, RotationContext } from './context.ts'
import {
  findLive,
  liveByTags,
  readRecord,
  versionsOfVm,
  type RecordVerdict
} from './reconcile.ts'
import { ensureLatest, repair, tag, versionsNow } from './repair.ts'
import { settleRotation } from './settle.ts'
import { expiresOn, pendingTags, Tag, type VersionInfo } from './tags.ts'
import { listVersions, storePassword, type StoredVersion } from './vault.ts'

/**
 * Refuses a secret that is another VM's, refuses while another run rotates
 * this VM, makes the vault agree with the VM's record, stores the password
 * as pending and checks that no other run started at the same moment.
 * Throws with the VM untouched.
 */
export async function beginRotation(
  ctx: RotationContext,
  password: Secret,
  signal: AbortSignal
): Promise<Begun> {
  const all = await listVersions(ctx.vault, ctx.secretName, signal)
  const foreign = foreignLatest(all, ctx.vm)
  if (foreign) throw secretOfAnotherVm(ctx, foreign)
  const versions = versionsOfVm(all, ctx.vm.vmId)
  const verdict = readRecord(ctx.vm.applied, versions)
  const ended = endedRuns(versions, evidenceOf(ctx, verdict))
  const busy = versions.find((v) => isInFlight(v, new Date(), ended))
  if (busy) throw rotationInProgress(ctx, busy)
  const liveBefore = findLive(verdict, versions)
  const refused = verdict.kind === 'refused' ? verdict.version : undefined
  await repair(ctx, versions, liveBefore, { refused, ended }, signal)

  // Not cut by a cancel: a version whose PUT was cut off might exist
  // unknown to this run, pending and unsettled. Stored, it is settled below.
  const stored = await store(ctx, password, ctx.owedWork())
  const begun = { stored, liveBefore }
  try {
    signal.throwIfAborted()
    await giveWayToRivals(ctx, begun, signal)
  } catch (error) {
    // Stored but never sent: say so in the vault before giving up.
    if (!isRivalRefusal(error)) {
      const failure = error instanceof Error ? error.message : String(error)
      await settleRotation(
        ctx,
        begun,
        { applied: 'no', failure },
        ctx.owedWork()
      ).catch(() => undefined)
    }
    throw error
  }
  return begun
}

// A pending version whose outcome the VM's record shows belongs to a run
// that is past its PUT: its outcome is known, so it holds no claim.
function evidenceOf(
  ctx: RotationContext,
  verdict: RecordVerdict
): ClaimEvidence {
  const finished =
    verdict.kind === 'applied' ||
    verdict.kind === 'refused' ||
    verdict.kind === 'timed-out'
      ? verdict.version
      : undefined
  return {
    ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
    ...(finished ? { finished } : {})
  }
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
  const ended = endedRuns(after, evidenceOf(ctx, { kind: 'none' }))
  const inFlight = (v: VersionInfo): boolean => isInFlight(v, new Date(), ended)
  const ours = after.find((v) => v.version === stored.version)
  const rival = ours && after.find((v) => inFlight(v) && isFirst(v, ours))
  if (!rival) return
  const reason = `never sent to the VM: run ${rival.tags[Tag.runUrl] ?? '(unknown)'} was rotating it`
  await tag(ctx, stored, 'superseded', { reason }, signal)
  // A rival that goes on makes its password the latest when it settles.
  // If none is left in flight (it settled, or gave way too), this run
  // must, since it wrote the latest version and never touched the VM.
  const now = await versionsNow(ctx, signal)
  if (!now.some(inFlight)) {
    const live = liveByTags(now, stored.version)
    await ensureLatest(ctx, live, { ended, settles: stored.version }, signal)
  }
  throw rotationInProgress(ctx, rival)
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

function secretOfAnotherVm(
  ctx: RotationContext,
  theirs: VersionInfo
): AzureError {
  const { vmName, resourceGroup } = ctx.vm.target
  const where = theirs.tags[Tag.providerAddress] ?? '(no ProviderAddress tag)'
  return new AzureError(
    `Secret '${ctx.secretName}' in Key Vault ${ctx.rotation.vaultUrl} belongs to another VM: its latest version ${theirs.version} is tagged vm-id ${theirs.tags[Tag.vmId] ?? ''} (${where}), not VM '${vmName}' in resource group '${resourceGroup}' (vm-id ${ctx.vm.vmId}). Rotating it here would leave a latest version that works on one of the two VMs only.`,
    'Give each VM its own secret: leave secret-name empty (the default name is per VM and resource group), or set a secret-name that no other VM uses. Nothing was stored. (A VM recreated under the same resource group and name takes its secret over by itself.)',
    { code: 'SecretOfAnotherVm' }
  )
}

function rotationInProgress(
  ctx: RotationContext,
  pending: VersionInfo
): AzureError {
  const run = pending.tags[Tag.runUrl] ?? 'a run without a URL'
  const until = pending.tags[Tag.pendingUntil] ?? '(unknown)'
  return new AzureError(
    `Another run is rotating the password of VM '${ctx.vm.target.vmName}': version ${pending.version} of secret '${ctx.secretName}' is pending until ${until} (${run}).`,
    `Wait for that run to finish, then re-run; give the workflow a concurrency group per VM so that runs queue instead (README, "Rotate the password on a schedule"). If that run has already ended (Key Vault refused its last writes), re-run it (Re-run jobs): a later attempt of the same run repairs the vault at once.`,
    { code: 'RotationInProgress' }
  )
}
