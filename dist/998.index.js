export const id = 998;
export const ids = [998];
export const modules = {

/***/ 4998:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createPasswordKeeper: () => (/* binding */ createPasswordKeeper)
});

// EXTERNAL MODULE: ./src/cancel.ts
var cancel = __webpack_require__(833);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/markup.ts
var markup = __webpack_require__(3031);
// EXTERNAL MODULE: ./src/settings.ts
var settings = __webpack_require__(8750);
;// CONCATENATED MODULE: ./src/rotation/report.ts
// Pure: where a rotated password is, for the outputs and the job summary.


/** The secret-id and secret-version outputs and the "Where the password is" section. */
function passwordSection(p) {
    const lines = [
        `Key Vault ${(0,markup/* code */.aY)(p.vaultUrl)}, secret ${(0,markup/* code */.aY)(p.name)}, version ${(0,markup/* code */.aY)(p.version)}, tagged ${(0,markup/* code */.aY)(`rotation-state=${p.state}`)}.`,
        readCommand(p.id),
        ...stateLines(p)
    ];
    return {
        outputs: { [settings/* Output */.k7.secretId]: p.id, [settings/* Output */.k7.secretVersion]: p.version },
        html: section(lines)
    };
}
/** The section when Key Vault failed while the outcome was recorded. */
function vaultProblemSection(vaultUrl, stored, result) {
    const fate = {
        yes: 'The VM has this new password.',
        no: 'The VM did not take this new password.',
        unknown: 'Whether the VM got this new password is unknown.'
    }[result.applied];
    const lines = [
        `Key Vault ${(0,markup/* code */.aY)(vaultUrl)}, secret ${(0,markup/* code */.aY)(stored.name)}, version ${(0,markup/* code */.aY)(stored.version)}. ${fate}`,
        readCommand(stored.id),
        '⚠️ Key Vault failed while this run recorded the outcome, so its latest version or its tags may not name the password the VM has (see “What went wrong”). A re-run repairs them from the VM’s own record first.'
    ];
    return {
        outputs: {
            [settings/* Output */.k7.secretId]: stored.id,
            [settings/* Output */.k7.secretVersion]: stored.version
        },
        html: section(lines)
    };
}
function stateLines(p) {
    const why = (0,markup/* escapeHtml */.ZD)(p.live.why);
    if (p.state === 'unknown') {
        return [
            `The run stopped before Azure said whether the VM got the new password, so it stays the latest version, tagged unknown, as the likely live password. The next run reads the VM’s record of its last VMAccess and corrects the vault.`
        ];
    }
    if (p.state !== 'failed')
        return [];
    if (p.restoredFrom) {
        return [
            `The VM did not take the new password, so the secret's latest version is again the password the VM has (copied from version ${(0,markup/* code */.aY)(p.restoredFrom)}: ${why}). The new one is kept, tagged failed.`
        ];
    }
    return p.live.version
        ? [
            `The VM did not take the new password; the latest version already holds the password the VM has (${why}).`
        ]
        : [
            `The VM did not take the new password, and no version of this VM is known to be live (${why}): the latest version is this refused password. Set the VM’s password again (a reset-password run) to bring the vault in line.`
        ];
}
function readCommand(id) {
    return `Read it with ${(0,markup/* code */.aY)(`az keyvault secret show --id ${id} --query value -o tsv`)} (needs the Key Vault Secrets User role).`;
}
function section(lines) {
    return `<h3>Where the password is</h3>\n<ul>\n${lines.map((l) => `<li>${l}</li>`).join('\n')}\n</ul>`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/rotation/tags.ts
// Pure: how a rotated password is kept in Key Vault: the secret's name, the
// tags of each version, and the record the VM keeps of the version it got.
// The tags CredentialId, ProviderAddress and ValidityPeriodDays are those of
// Microsoft's Key Vault rotation samples, so a near-expiry event can drive
// the next rotation.

/** The tag keys the rotation reads back. */
const Tag = {
    state: 'rotation-state',
    vmId: 'vm-id',
    runUrl: 'run-url',
    pendingUntil: 'pending-until',
    restoredFrom: 'restored-from',
    failure: 'failure',
    reason: 'reason'
};
/**
 * `<resource-group>-<vm-name>-<username>-<hash>`: readable, within Key
 * Vault's 1-127 letters, digits and '-', and distinct for distinct VMs. The
 * reduction to Key Vault's alphabet can merge names (vm_01, vm-01), so a
 * hash of the exact owner (Azure's names ignore case) tells them apart.
 */
function defaultSecretName(owner, prefix = '') {
    const { subscriptionId, resourceGroup, vmName, username } = owner;
    const readable = `${prefix}-${resourceGroup}-${vmName}-${username}`
        .replace(/[^0-9a-zA-Z-]+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^-|-$/g, '');
    const hash = (0,external_node_crypto_.createHash)('sha256')
        .update([subscriptionId, resourceGroup, vmName, username].join('/').toLowerCase())
        .digest('hex')
        .slice(0, 8);
    return `${readable.slice(0, 127 - hash.length - 1)}-${hash}`;
}
// What the extension's forceUpdateTag carries: which version a PUT applied.
const recordPrefix = 'azure-vm-access-reset:';
/** The forceUpdateTag that records on the VM which version its PUT applies. */
function vmRecordTag(version) {
    return `${recordPrefix}${version}`;
}
/** The version a forceUpdateTag names, when this action wrote it. */
function recordedVersion(tag) {
    return tag?.startsWith(recordPrefix)
        ? tag.slice(recordPrefix.length) || undefined
        : undefined;
}
/** The tags of a freshly stored version, before the VM has it. */
function pendingTags(f) {
    return {
        [Tag.state]: 'pending',
        [Tag.vmId]: f.vmId,
        username: f.username,
        ...(f.runUrl ? { [Tag.runUrl]: f.runUrl } : {}),
        [Tag.pendingUntil]: f.pendingUntil.toISOString(),
        CredentialId: f.username,
        ProviderAddress: f.vmResourceId,
        ValidityPeriodDays: String(f.expiresDays)
    };
}
// Key Vault refuses tag values over 256 characters.
const maxTagValue = 256;
/** `tags` with a new state and why; `pending-until` goes once it is not pending. */
function withState(tags, state, why) {
    const kept = Object.entries(tags).filter(([key]) => key !== Tag.pendingUntil || state === 'pending');
    const next = {
        ...Object.fromEntries(kept),
        [Tag.state]: state
    };
    if (why?.failure)
        next[Tag.failure] = why.failure.slice(0, maxTagValue);
    if (why?.reason)
        next[Tag.reason] = why.reason.slice(0, maxTagValue);
    return next;
}
/** The tags of a live password copied forward to be the latest version again. */
function restoredTags(tags, fromVersion, reason) {
    const kept = Object.entries(tags).filter(([key]) => key !== Tag.failure && key !== Tag.pendingUntil);
    return {
        ...Object.fromEntries(kept),
        [Tag.state]: 'active',
        [Tag.restoredFrom]: fromVersion,
        [Tag.reason]: reason.slice(0, maxTagValue)
    };
}
/** When the version expires, or undefined for never. */
function expiresOn(now, days) {
    return days > 0 ? new Date(now.getTime() + days * 86_400_000) : undefined;
}

;// CONCATENATED MODULE: ./src/rotation/reconcile.ts

/** The versions stored for this VM (by the vm-id tag), newest first. */
function versionsOfVm(versions, vmId) {
    return versions.filter((v) => v.tags[Tag.vmId] === vmId).sort(newerFirst);
}
// Key Vault's createdOn has whole seconds; the version id breaks a tie the
// same way for every run.
function newerFirst(a, b) {
    const byTime = (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0);
    return byTime !== 0 ? byTime : b.version.localeCompare(a.version);
}
/** The version whose password `v` holds: itself, or the one it was copied from. */
function originOf(v) {
    return v.tags[Tag.restoredFrom] ?? v.version;
}
/** True for a pending version whose run may still be working on the VM. */
function isInFlight(v, now) {
    const until = Date.parse(v.tags[Tag.pendingUntil] ?? '');
    return v.tags[Tag.state] === 'pending' && until > now.getTime();
}
/**
 * True when `a` keeps `b`'s run from going on: it was stored no later.
 * createdOn has whole seconds, so in a tie neither run can tell which came
 * first, and both give way rather than both going on.
 */
function isFirst(a, b) {
    if (a.version === b.version)
        return false;
    return (a.createdOn?.getTime() ?? 0) <= (b.createdOn?.getTime() ?? 0);
}
/** What the VM's VMAccess records say about the versions of this VM. */
function readRecord(records, versions) {
    const ids = new Set(versions.map((v) => v.version));
    for (const record of records) {
        const version = recordedVersion(record.forceUpdateTag);
        if (!version || !ids.has(version))
            continue;
        if (record.provisioningState === 'Succeeded') {
            return { kind: 'applied', version };
        }
        if (record.provisioningState === 'Failed') {
            return { kind: 'refused', version };
        }
        return { kind: 'in-flight', version };
    }
    return { kind: 'none' };
}
/** The live password: the one the VM's record names, else the newest tagged active. */
function findLive(verdict, versions) {
    if (verdict.kind === 'applied') {
        return {
            version: verdict.version,
            why: `the VM's VMAccess record names version ${verdict.version}, applied successfully`
        };
    }
    if (verdict.kind === 'in-flight') {
        return {
            why: `VMAccess is still applying version ${verdict.version} on the VM`
        };
    }
    const active = [...versions]
        .sort(newerFirst)
        .find((v) => v.tags[Tag.state] === 'active' &&
        !(verdict.kind === 'refused' && originOf(v) === verdict.version));
    return active
        ? {
            version: originOf(active),
            why: `version ${originOf(active)} is the newest tagged active`
        }
        : { why: 'no version of this VM is tagged active' };
}
/**
 * The live password by the tags alone, for a run that lost a race: the
 * newest version tagged active, or unknown (a run's likely live one).
 */
function liveByTags(versions, except) {
    const newest = [...versions]
        .sort(newerFirst)
        .find((v) => v.version !== except &&
        (v.tags[Tag.state] === 'active' || v.tags[Tag.state] === 'unknown'));
    return newest
        ? {
            version: originOf(newest),
            why: `version ${originOf(newest)} is the newest tagged ${newest.tags[Tag.state] ?? ''}`
        }
        : { why: 'no version of this VM is tagged active' };
}
/** What to tag so that only the live password reads `active`. */
function retagsFor(versions, live, options) {
    const { now, refused, leave, finished } = options;
    const retags = [];
    for (const v of versions) {
        if (leave?.has(v.version))
            continue;
        if (isInFlight(v, now) && v.version !== finished)
            continue;
        const state = v.tags[Tag.state];
        const wanted = wantedState(v, state, live, refused);
        if (wanted && wanted.state !== state)
            retags.push({ version: v, ...wanted });
    }
    return retags;
}
function wantedState(v, state, live, refused) {
    if (live.version !== undefined && originOf(v) === live.version) {
        return { state: 'active', reason: `live: ${live.why}` };
    }
    if (refused !== undefined && v.version === refused) {
        return { state: 'failed', reason: 'VMAccess reported a failure' };
    }
    if (state === 'pending') {
        return {
            state: 'unknown',
            reason: 'its run ended without learning whether the VM got it'
        };
    }
    if (state === 'active' && live.version !== undefined) {
        return { state: 'superseded', reason: `not live: ${live.why}` };
    }
    return undefined;
}
/** The version to copy forward so the latest holds the live password, if any. */
function copySource(versions, latest, live) {
    if (live.version === undefined)
        return undefined;
    const latestInfo = versions.find((v) => v.version === latest);
    if (latestInfo && originOf(latestInfo) === live.version)
        return undefined;
    return [...versions]
        .sort(newerFirst)
        .find((v) => originOf(v) === live.version);
}

;// CONCATENATED MODULE: ./src/rotation/vault.ts


/** Stores the password as a new version; the VM is not touched if this fails. */
async function storePassword({ client }, name, password, tags, expiresOn, abortSignal) {
    try {
        const stored = await client.setSecret(name, password.reveal(), {
            contentType: 'password',
            tags,
            ...(expiresOn ? { expiresOn } : {}),
            abortSignal
        });
        return {
            name,
            version: stored.properties.version ?? '',
            id: stored.properties.id ?? '',
            tags
        };
    }
    catch (error) {
        throw vaultError(error, `store the new password as secret '${name}'`, 'Nothing was sent to the VM');
    }
}
/** Every version of the secret, without values; none when it does not exist yet. */
async function listVersions({ client }, name, abortSignal) {
    try {
        const versions = [];
        for await (const p of client.listPropertiesOfSecretVersions(name, {
            abortSignal
        })) {
            versions.push({
                version: p.version ?? '',
                ...(p.createdOn ? { createdOn: p.createdOn } : {}),
                tags: p.tags ?? {}
            });
        }
        return versions;
    }
    catch (error) {
        if (isNotFound(error))
            return [];
        throw vaultError(error, `list the versions of secret '${name}'`);
    }
}
/** The id of the secret's latest version, which readers get; none when it does not exist. */
async function latestVersion({ client, mask }, name, abortSignal) {
    try {
        const latest = await client.getSecret(name, { abortSignal });
        if (latest.value)
            mask(latest.value);
        return latest.properties.version;
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw vaultError(error, `read the latest version of secret '${name}'`);
    }
}
/** Replaces a version's tags. */
async function setTags({ client }, name, version, tags, abortSignal) {
    try {
        await client.updateSecretProperties(name, version, { tags, abortSignal });
    }
    catch (error) {
        throw vaultError(error, `tag version ${version} of secret '${name}'`);
    }
}
/** Stores the password of version `from` again, as the latest; returns the new version. */
async function copyForward(vault, name, from, tags, expiresOn, abortSignal) {
    try {
        const previous = await vault.client.getSecret(name, {
            version: from,
            abortSignal
        });
        if (previous.value)
            vault.mask(previous.value);
        const copy = await vault.client.setSecret(name, previous.value ?? '', {
            contentType: previous.properties.contentType,
            tags,
            ...(expiresOn ? { expiresOn } : {}),
            abortSignal
        });
        return copy.properties.version ?? '';
    }
    catch (error) {
        throw vaultError(error, `copy version ${from} of secret '${name}' forward as the latest`);
    }
}
function isNotFound(error) {
    const e = error;
    return e.statusCode === 404 || e.code === 'SecretNotFound';
}
function vaultError(error, what, state) {
    // The run's own stop (cancel, timeout) is told as such by the remedies.
    if (error instanceof Error && error.name === 'AbortError')
        return error;
    const e = error;
    const forbidden = e.statusCode === 403 || e.code === 'Forbidden';
    // Key Vault's 403 text spans several lines; one line reads better in a log.
    const said = (0,markup/* oneLine */.TN)(e.message ?? String(error));
    return new errors/* AzureError */.M6(`Key Vault refused to ${what}${statusOf(e)}: ${said}${state ? `. ${state}.` : ''}`, forbidden
        ? "Give the signed-in identity the 'Key Vault Secrets Officer' role on the vault (az role assignment create --assignee <client-id> --role 'Key Vault Secrets Officer' --scope <vault resource id>), then re-run."
        : 'Check key-vault-url and that the runner can reach the vault, then re-run.', { code: e.code ?? 'KeyVault', cause: error });
}
// " (HTTP 403, Forbidden)", " (HTTP 500)", or nothing when neither is known.
function statusOf(e) {
    const parts = [e.statusCode && `HTTP ${e.statusCode}`, e.code].filter(Boolean);
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

;// CONCATENATED MODULE: ./src/rotation/repair.ts
// Making the vault tell the truth: tag every version of this VM by which
// password is live, then copy the live one forward until the latest holds it.




// Re-reads after copying, so a run that stored meanwhile cannot leave its
// password as the latest; more rounds than runs can overlap.
const convergeRounds = 4;
/**
 * Tags every version of this VM (as just listed) by `live`, then copies the
 * live password forward until the latest version holds it (or another
 * run's pending one is the latest: that run settles it). Returns the
 * version it copied from.
 */
async function repair(ctx, versions, live, options, signal) {
    for (const retag of retagsFor(versions, live, {
        now: new Date(),
        ...options
    })) {
        const tags = withState(retag.version.tags, retag.state, {
            reason: retag.reason
        });
        await setTags(ctx.vault, ctx.secretName, retag.version.version, tags, signal);
    }
    return ensureLatest(ctx, live, options, signal);
}
/**
 * Copies the live password forward until the latest version holds it, or
 * another run's pending version is the latest (that run settles it).
 * Returns the version it copied from.
 */
async function ensureLatest(ctx, live, options, signal) {
    let copiedFrom;
    for (let round = 0; round < convergeRounds; round++) {
        const versions = await versionsNow(ctx, signal);
        const latest = await latestVersion(ctx.vault, ctx.secretName, signal);
        const latestInfo = versions.find((v) => v.version === latest);
        const owned = latestInfo &&
            latestInfo.version !== options.finished &&
            isInFlight(latestInfo, new Date());
        if (owned)
            return copiedFrom;
        const source = copySource(versions, latest, live);
        if (!source)
            return copiedFrom;
        const tags = restoredTags(source.tags, originOf(source), `copied forward: ${live.why}`);
        const expiry = expiresOn(new Date(), ctx.rotation.expiresDays);
        await copyForward(ctx.vault, ctx.secretName, source.version, tags, expiry, signal);
        copiedFrom = originOf(source);
    }
    throw new errors/* AzureError */.M6(`Key Vault's latest version of '${ctx.secretName}' kept changing while this run made it the live password.`, 'Check that only one workflow rotates this VM (concurrency: in the README), then re-run.', { code: 'RotationNotConverged' });
}
/** This VM's versions of the secret, newest first. */
async function versionsNow(ctx, signal) {
    const all = await listVersions(ctx.vault, ctx.secretName, signal);
    return versionsOfVm(all, ctx.vm.vmId);
}
/** Gives the stored version a new state, and why. */
function tag(ctx, stored, state, why, signal) {
    const tags = withState(stored.tags, state, why);
    return setTags(ctx.vault, stored.name, stored.version, tags, signal);
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/rotation/settle.ts
// After the reset: record the VM's outcome on the pending version, tag the
// others truthfully and make the latest version the password the VM has.



/**
 * Records the VM's outcome on the pending version, tags the others
 * truthfully and makes the latest version the live password. Never blind:
 * an unknown outcome is tagged so at once, then asked of the VM's record
 * for a while; if still unknown the new version stays the latest.
 */
async function settleRotation(ctx, begun, result, signal) {
    const { stored } = begun;
    let applied = result.applied;
    if (applied === 'unknown') {
        // Tagged first, so that a run killed while it waits leaves a true
        // state behind and no claim on the VM.
        await tag(ctx, stored, 'unknown', { reason: likelyLive.why }, signal);
        applied = await waitForRecord(ctx, stored, signal);
        if (applied === 'unknown') {
            return passwordRecord(ctx, stored, 'unknown', {
                ...likelyLive,
                version: stored.version
            });
        }
    }
    const refused = applied === 'no';
    const failure = refused ? result.failure : undefined;
    const state = refused ? 'failed' : 'active';
    await tag(ctx, stored, state, failure ? { failure } : {}, signal);
    const live = refused
        ? begun.liveBefore
        : { version: stored.version, why: 'VMAccess applied it in this run' };
    const leave = new Set([stored.version]);
    const restoredFrom = await repair(ctx, await versionsNow(ctx, signal), live, refused ? { refused: stored.version, leave } : { leave }, signal);
    const record = passwordRecord(ctx, stored, state, live);
    return restoredFrom ? { ...record, restoredFrom } : record;
}
const likelyLive = {
    why: 'the run stopped before Azure said whether VMAccess applied it; it is the likely live password'
};
// How long an unknown outcome is asked of the VM's record: long enough for a
// guest that was nearly done, short of the settle budget.
const recordWaitMs = 30_000;
const recordPollMs = 2000;
async function waitForRecord(ctx, stored, signal) {
    const until = Date.now() + recordWaitMs;
    const asStored = [{ version: stored.version, tags: stored.tags }];
    for (;;) {
        const record = await ctx.vm.readApplied(signal).catch(() => undefined);
        const verdict = readRecord(record ? [record] : [], asStored);
        if (verdict.kind === 'applied')
            return 'yes';
        if (verdict.kind === 'refused')
            return 'no';
        // After a cancel the runner kills the process within seconds: the record
        // is read once, and the next run reads it again and repairs the vault.
        const stop = AbortSignal.any([signal, ctx.cancel]);
        if (Date.now() + recordPollMs > until || stop.aborted)
            return 'unknown';
        await (0,promises_.setTimeout)(recordPollMs, undefined, { signal: stop }).catch(() => undefined);
    }
}
function passwordRecord(ctx, stored, state, live) {
    return {
        vaultUrl: ctx.rotation.vaultUrl,
        name: stored.name,
        version: stored.version,
        id: stored.id,
        state,
        live
    };
}

;// CONCATENATED MODULE: ./src/rotation/begin.ts
// Before the VM is touched: refuse while another run rotates this VM, make
// the vault agree with the VM's record, store the new password as pending,
// and give way to a run that started at the same moment.






/**
 * Refuses while another run rotates this VM, makes the vault agree with the
 * VM's record, stores the password as pending and checks that no other run
 * started at the same moment. Throws with the VM untouched.
 */
async function beginRotation(ctx, password, signal) {
    const versions = await versionsNow(ctx, signal);
    const verdict = readRecord(ctx.vm.applied, versions);
    // A pending version the VM's record shows finished belongs to a run that
    // died after its PUT: its outcome is known, so it holds no claim.
    const finished = verdict.kind === 'applied' || verdict.kind === 'refused'
        ? verdict.version
        : undefined;
    const busy = versions.find((v) => v.version !== finished && isInFlight(v, new Date()));
    if (busy)
        throw rotationInProgress(ctx, busy);
    const liveBefore = findLive(verdict, versions);
    const refused = verdict.kind === 'refused' ? verdict.version : undefined;
    await repair(ctx, versions, liveBefore, { refused, finished }, signal);
    // Not cut by a cancel: a version whose PUT was cut off might exist
    // unknown to this run, pending and unsettled. Stored, it is settled below.
    const stored = await store(ctx, password, ctx.owedWork());
    const begun = { stored, liveBefore };
    try {
        signal.throwIfAborted();
        await giveWayToRivals(ctx, begun, signal);
    }
    catch (error) {
        // Stored but never sent: say so in the vault before giving up.
        if (!isRivalRefusal(error)) {
            const failure = error instanceof Error ? error.message : String(error);
            await settleRotation(ctx, begun, { applied: 'no', failure }, ctx.owedWork()).catch(() => undefined);
        }
        throw error;
    }
    return begun;
}
function isRivalRefusal(error) {
    return error instanceof errors/* AzureError */.M6 && error.code === 'RotationInProgress';
}
/**
 * Two runs that listed before either stored both get this far: the one
 * whose version another in-flight one precedes gives way (in a tie, both).
 */
async function giveWayToRivals(ctx, { stored }, signal) {
    const after = await versionsNow(ctx, signal);
    const ours = after.find((v) => v.version === stored.version);
    const rival = ours && after.find((v) => isInFlight(v, new Date()) && isFirst(v, ours));
    if (!rival)
        return;
    const reason = `never sent to the VM: run ${rival.tags[Tag.runUrl] ?? '(unknown)'} was rotating it`;
    await tag(ctx, stored, 'superseded', { reason }, signal);
    // A rival that goes on makes its password the latest when it settles.
    // If none is left in flight (it settled, or gave way too), this run
    // must, since it wrote the latest version and never touched the VM.
    const now = await versionsNow(ctx, signal);
    if (!now.some((v) => isInFlight(v, new Date()))) {
        await ensureLatest(ctx, liveByTags(now, stored.version), {}, signal);
    }
    throw rotationInProgress(ctx, rival);
}
function store(ctx, password, signal) {
    const now = new Date();
    const tags = pendingTags({
        vmId: ctx.vm.vmId,
        vmResourceId: ctx.vm.vmResourceId,
        username: ctx.username,
        expiresDays: ctx.rotation.expiresDays,
        ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
        pendingUntil: new Date(now.getTime() + ctx.runBudgetMs)
    });
    const expiry = expiresOn(now, ctx.rotation.expiresDays);
    return storePassword(ctx.vault, ctx.secretName, password, tags, expiry, signal);
}
function rotationInProgress(ctx, pending) {
    const run = pending.tags[Tag.runUrl] ?? 'a run without a URL';
    const until = pending.tags[Tag.pendingUntil] ?? '(unknown)';
    return new errors/* AzureError */.M6(`Another run is rotating the password of VM '${ctx.vm.target.vmName}': version ${pending.version} of secret '${ctx.secretName}' is pending until ${until} (${run}).`, `Wait for that run to finish, then re-run; give the workflow a concurrency group per VM so that runs queue instead (README, "Rotate the password on a schedule").`, { code: 'RotationInProgress' });
}

;// CONCATENATED MODULE: ./src/rotation/context.ts
/**
 * Settling must finish after timeout-minutes or a cancel: the run's signal
 * is spent by then. After a cancel it gets only until the wrap-up deadline.
 */
const settleBudgetMs = 60_000;

// EXTERNAL MODULE: ./node_modules/@azure/keyvault-secrets/dist/esm/index.js + 35 modules
var esm = __webpack_require__(2952);
;// CONCATENATED MODULE: ./src/rotation/vault-client.ts

/**
 * The client's options. The SDK checks that a vault's 401 challenge names a
 * resource in the vault's own domain, so a host that is not a vault cannot
 * ask for another audience's token (Resource Manager's, say). The check is
 * off only for the local emulator's loopback vault (parse-rotation.ts).
 */
function vaultClientOptions(rotation) {
    return {
        disableChallengeResourceVerification: !rotation.verifyChallenge,
        // A write that records which password the VM has must not give up after
        // the SDK's 3 retries; the caller's signal (the run's, or the 60 s
        // settle budget) ends the tries instead.
        retryOptions: {
            maxRetries: 12,
            retryDelayInMs: 500,
            maxRetryDelayInMs: 5000
        }
    };
}
/** Builds the Key Vault client for the rotation's vault with the run's credential. */
function createVaultClient(rotation, credential) {
    return new esm/* SecretClient */._V(rotation.vaultUrl, credential, vaultClientOptions(rotation));
}

;// CONCATENATED MODULE: ./src/rotation/index.ts








/**
 * A PasswordKeeper that keeps each new password as a version of a Key Vault
 * secret, and keeps the secret's latest version the password the VM has.
 */
function createPasswordKeeper(rotation, credential, context) {
    const client = createVaultClient(rotation, credential);
    const vault = { client, mask: context.mask };
    return {
        async keep(credentials, vm, signal) {
            const ctx = {
                vault,
                rotation,
                secretName: secretNameOf(rotation, {
                    ...vm.target,
                    username: credentials.username
                }),
                vm,
                username: credentials.username,
                ...(context.runUrl ? { runUrl: context.runUrl } : {}),
                runBudgetMs: context.timeoutMs + settleBudgetMs,
                cancel: context.stop.cancel,
                owedWork: () => (0,cancel/* wrapUpSignal */.sx)(context.stop.wrapUp, settleBudgetMs)
            };
            context.log(`Storing the new password in Key Vault ${rotation.vaultUrl} as secret '${ctx.secretName}'…`);
            const begun = await beginRotation(ctx, credentials.password, signal);
            return {
                vmRecord: vmRecordTag(begun.stored.version),
                settle: (result) => settle(ctx, begun, result, context.log)
            };
        },
        describe: (owner) => ({
            vaultUrl: rotation.vaultUrl,
            secretName: secretNameOf(rotation, owner)
        })
    };
}
/** secret-name (one VM), or the VM's default name after secret-name-prefix, if any. */
function secretNameOf(rotation, owner) {
    return (rotation.secretName ?? defaultSecretName(owner, rotation.secretNamePrefix));
}
async function settle(ctx, begun, result, log) {
    const { stored } = begun;
    log(`Recording the outcome on secret '${stored.name}' version ${stored.version}…`);
    // Its own budget: the run's signal may have fired (timeout, cancel).
    const signal = ctx.owedWork();
    try {
        const record = await settleRotation(ctx, begun, result, signal);
        return { section: passwordSection(record) };
    }
    catch (error) {
        const problem = error instanceof errors/* AzureError */.M6
            ? error
            : new errors/* AzureError */.M6(String(error), 'Re-run the workflow.', {
                cause: error
            });
        return {
            section: vaultProblemSection(ctx.rotation.vaultUrl, stored, result),
            error: new errors/* AzureError */.M6(`${problem.message} The vault may not name the password the VM has: ${stateAfter(result, stored.version)}`, `${problem.fix} A re-run reads the VM's record and repairs the vault before it rotates again.`, { code: problem.code, cause: error })
        };
    }
}
function stateAfter(result, version) {
    switch (result.applied) {
        case 'yes':
            return `the VM has version ${version}.`;
        case 'no':
            return `the VM did not get version ${version}; it keeps its previous password.`;
        case 'unknown':
            return `whether the VM got version ${version} is unknown.`;
    }
}


/***/ })

};
