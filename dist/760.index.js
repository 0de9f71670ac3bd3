export const id = 760;
export const ids = [760];
export const modules = {

/***/ 8760:
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
// EXTERNAL MODULE: ./src/shell.ts
var shell = __webpack_require__(997);
;// CONCATENATED MODULE: ./src/rotation/report.ts
// Pure: where a rotated password is, for the outputs and the job summary:
// which version the VM has, whether the secret's latest version holds it,
// and what the next run does when this one could not finish.



/** The secret-id and secret-version outputs and the "Where the password is" section. */
function passwordSection(p) {
    const lines = [
        `Key Vault ${(0,markup/* code */.aY)(p.vaultUrl)}, secret ${(0,markup/* code */.aY)(p.name)}, version ${(0,markup/* code */.aY)(p.version)}, tagged ${(0,markup/* code */.aY)(`rotation-state=${p.state}`)}.`,
        readLine(p),
        ...stateLines(p)
    ];
    return { outputs: outputsOf(p), html: section(lines) };
}
/**
 * The section when a vault write still failed after the others were tried:
 * exactly which version the VM has, whether readers of the latest get it,
 * and how the next run repairs the rest.
 */
function unsettledSection(p, result) {
    const fate = {
        yes: 'The VM has this new password.',
        no: 'The VM did not take this new password.',
        unknown: 'Whether the VM got this new password is unknown.'
    }[result.applied];
    const lines = [
        `Key Vault ${(0,markup/* code */.aY)(p.vaultUrl)}, secret ${(0,markup/* code */.aY)(p.name)}, version ${(0,markup/* code */.aY)(p.version)}. ${fate}`,
        `⚠️ ${(0,markup/* escapeHtml */.ZD)(problemText(p))} ${liveSentence(p)}`,
        latestSentence(p),
        readLine(p),
        (0,markup/* escapeHtml */.ZD)(nextRunText(p))
    ];
    return { outputs: outputsOf(p), html: section(lines) };
}
/** Which version the VM has, as one sentence (HTML, escaped). */
function liveSentence(p) {
    const why = (0,markup/* escapeHtml */.ZD)(p.live.why);
    if (p.live.version) {
        return `The VM has version ${(0,markup/* code */.aY)(p.live.version)} (${why}).`;
    }
    if (p.state === 'unknown')
        return `${capitalised(why)}.`;
    return `The vault holds no password known to work on this VM (${why}).`;
}
/** What the next run does with what this one left (plain text). */
function nextRunText(p) {
    // The stored version no longer reads pending, the VM's record names it
    // (VMAccess applied it), or this run wrote a copy that names it (tag
    // `settles`): each shows the next run that this one has ended.
    if (p.state === 'active' ||
        p.problem?.tagged !== false ||
        p.latest?.copiedFrom !== undefined) {
        return 'A re-run reads the VM’s record and repairs the vault before it rotates again.';
    }
    return `Version ${p.version} still reads rotation-state=pending, so nothing in the vault shows that this run has ended: a re-run of this workflow run (Re-run jobs) repairs the vault at once; another run repairs it once the VM’s record shows that version’s outcome, and otherwise refuses to rotate this VM until ${p.pendingUntil ?? '(unknown)'}.`;
}
function latestSentence(p) {
    const { latest } = p;
    if (latest?.isLive) {
        return `The secret’s latest version (${(0,markup/* code */.aY)(latest.version ?? '')}) holds that password, so whoever reads the secret gets a password that works.`;
    }
    if (latest && latest.version === undefined) {
        return 'The secret’s latest version is disabled: whoever reads the secret gets an error, not a wrong password.';
    }
    if (latest) {
        return `The secret’s latest version (${(0,markup/* code */.aY)(latest.version ?? '')}) is not that password.`;
    }
    const tagged = p.problem?.tagged !== false;
    const what = p.state !== 'failed'
        ? ''
        : tagged
            ? ', the refused password, now disabled: whoever reads the secret gets an error'
            : ', the refused password, still enabled: whoever reads the secret gets a password that does not work';
    return `As far as this run knows, the secret’s latest version is still ${(0,markup/* code */.aY)(p.version)}${what}. Read the VM’s password by its version (below) until the vault is repaired.`;
}
// What failed, in Key Vault's own words: the summary's “What went wrong”
// tells the reset's failure when there was one, not this.
function problemText(p) {
    const error = p.problem?.error;
    const said = error instanceof Error && error.name === 'AbortError'
        ? 'Key Vault did not answer before the run had to stop'
        : error instanceof Error
            ? error.message
            : String(error);
    return `A Key Vault write failed while this run recorded the outcome, so the vault may not name the password the VM has (${said}).`;
}
function stateLines(p) {
    const why = (0,markup/* escapeHtml */.ZD)(p.live.why);
    if (p.state === 'unknown') {
        return p.live.version
            ? [
                `The run stopped before Azure said whether the VM got the new password, so it stays the latest version, tagged unknown, as the likely live password. The next run reads the VM’s record of its last VMAccess and corrects the vault.`
            ]
            : [
                `${capitalised(why)}. The new password stays the latest version, tagged unknown, and the password before it stays in the vault under its own version. The next run settles it from the VM’s record.`
            ];
    }
    if (p.state !== 'failed')
        return [];
    if (p.restoredFrom) {
        return [
            `The VM did not take the new password, so the secret's latest version is again the password the VM has (copied from version ${(0,markup/* code */.aY)(p.restoredFrom)}: ${why}). The new one is kept, tagged failed and disabled.`
        ];
    }
    return p.live.version
        ? [
            `The VM did not take the new password; the latest version already holds the password the VM has (${why}). The new one is kept, tagged failed and disabled.`
        ]
        : [
            `⚠️ The VM did not take the new password, and the vault holds no password known to work on this VM (${why}). The refused one is kept, tagged failed and disabled, so whoever reads the secret gets an error rather than a password that does not work. Run the rotation again once the cause is fixed, or set a password you choose with a reset-password run and keep it yourself.`
        ];
}
/** How to read the password the VM has: the live version when it is not the stored one. */
function readLine(p) {
    const id = p.state === 'failed' || (p.live.version && p.live.version !== p.version)
        ? p.live.version && `${p.vaultUrl}/secrets/${p.name}/${p.live.version}`
        : p.id;
    return id
        ? `Read it with ${(0,markup/* code */.aY)((0,shell/* azCommand */.Lw)([
            'keyvault',
            'secret',
            'show',
            '--id',
            id,
            '--query',
            'value',
            '-o',
            'tsv'
        ]))} (needs the Key Vault Secrets User role).`
        : 'No version can be read as the VM’s password.';
}
function outputsOf(p) {
    return { [settings/* Output */.k7.secretId]: p.id, [settings/* Output */.k7.secretVersion]: p.version };
}
function capitalised(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
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
    reason: 'reason',
    /** On a version a run wrote while it settled another: that one's run is past the VM. */
    settles: 'settles',
    /** Azure stopped waiting for the guest (VMExtensionProvisioningTimeout). */
    timedOut: 'provisioning-timeout',
    /** The VM's resource id, as Microsoft's rotation samples name it. */
    providerAddress: 'ProviderAddress'
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
        [Tag.providerAddress]: f.vmResourceId,
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
    if (why?.timedOut)
        next[Tag.timedOut] = 'VMExtensionProvisioningTimeout';
    return next;
}
/** Whether a version in `state` may be read: a refused password is disabled. */
function isEnabledIn(state) {
    return state !== 'failed';
}
/** The tags of a live password copied forward to be the latest version again. */
function restoredTags(tags, fromVersion, reason, writer = {}) {
    const dropped = new Set([
        Tag.failure,
        Tag.pendingUntil,
        Tag.settles,
        Tag.timedOut,
        Tag.runUrl
    ]);
    const kept = Object.entries(tags).filter(([key]) => !dropped.has(key));
    return {
        ...Object.fromEntries(kept),
        [Tag.state]: 'active',
        [Tag.restoredFrom]: fromVersion,
        [Tag.reason]: reason.slice(0, maxTagValue),
        ...(writer.runUrl ? { [Tag.runUrl]: writer.runUrl } : {}),
        ...(writer.settles ? { [Tag.settles]: writer.settles } : {})
    };
}
/** When the version expires, or undefined for never. */
function expiresOn(now, days) {
    return days > 0 ? new Date(now.getTime() + days * 86_400_000) : undefined;
}

;// CONCATENATED MODULE: ./src/rotation/claims.ts
// Pure: who may use a secret. A secret is one VM's. A run claims the VM by
// storing its password as a pending version; the claim ends when the run
// says so (a new state tag), when its own later writes show it is past the
// VM, when the VM's record shows the outcome, or when GitHub shows the run
// has ended. `pending-until` is only the backstop for a run that left no
// such sign.

/**
 * The pending versions whose run is over, by evidence rather than by a
 * clock: the VM's record shows the outcome; a later version was written by
 * that run while it settled (tag `settles`); or it was stored by an earlier
 * attempt of this very workflow run.
 */
function endedRuns(versions, evidence) {
    const ended = new Set();
    if (evidence.finished)
        ended.add(evidence.finished);
    for (const v of versions) {
        const settled = v.tags[Tag.settles];
        if (settled)
            ended.add(settled);
        if (isEarlierAttempt(v.tags[Tag.runUrl], evidence.runUrl)) {
            ended.add(v.version);
        }
    }
    return ended;
}
/**
 * True for a pending version whose run may still be working on the VM: not
 * among `ended`, and before its run's deadline.
 */
function isInFlight(v, now, ended = new Set()) {
    if (v.tags[Tag.state] !== 'pending' || ended.has(v.version))
        return false;
    const until = Date.parse(v.tags[Tag.pendingUntil] ?? '');
    return until > now.getTime();
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
const attemptUrl = /^(.*\/actions\/runs\/\d+)\/attempts\/(\d+)$/;
/**
 * True when `theirs` is an earlier attempt of the workflow run `ours`.
 * GitHub re-runs only a workflow run that has completed, so every job of an
 * earlier attempt has ended
 * (https://docs.github.com/actions/managing-workflow-runs/re-running-workflows-and-jobs).
 */
function isEarlierAttempt(theirs, ours) {
    const a = attemptUrl.exec(theirs ?? '');
    const b = attemptUrl.exec(ours ?? '');
    if (!a || !b || a[1] !== b[1])
        return false;
    return Number(a[2]) < Number(b[2]);
}
/**
 * The newest version of the whole secret when it belongs to another VM (its
 * vm-id tag names another VM): a secret is one VM's, or readers of the
 * latest would get a password that works on one twin only. A VM recreated
 * under the same resource id (a redeploy: a new vm-id, same group and name)
 * is no other VM: a resource id names one VM at a time, so the one that
 * stored the version is gone.
 */
function foreignLatest(versions, vm) {
    const time = Math.max(0, ...versions.map((v) => v.createdOn?.getTime() ?? 0));
    const sameResource = (v) => v.tags[Tag.providerAddress]?.toLowerCase() === vm.vmResourceId.toLowerCase();
    // createdOn has whole seconds: any version of the newest second counts.
    return versions.find((v) => (v.createdOn?.getTime() ?? 0) === time &&
        v.tags[Tag.vmId] !== undefined &&
        v.tags[Tag.vmId] !== vm.vmId &&
        !sameResource(v));
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
/**
 * What the VM's VMAccess records say about the versions of this VM. A
 * version its own run tagged `failed` after VMAccess said Succeeded was
 * disproved in the guest (verify); one tagged with a provisioning timeout
 * failed without the guest's word, so Failed tells nothing of it.
 */
function readRecord(records, versions) {
    const byId = new Map(versions.map((v) => [v.version, v]));
    for (const record of records) {
        const version = recordedVersion(record.forceUpdateTag);
        const info = version === undefined ? undefined : byId.get(version);
        if (!version || !info)
            continue;
        const { provisioningState } = record;
        if (provisioningState === 'Succeeded') {
            const disproved = info.tags[Tag.state] === 'failed';
            return { kind: disproved ? 'refused' : 'applied', version };
        }
        if (provisioningState === 'Failed') {
            const timedOut = info.tags[Tag.timedOut] !== undefined;
            return { kind: timedOut ? 'timed-out' : 'refused', version };
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
            why: `the VM's VMAccess record names version ${verdict.version}, applied successfully`,
            certain: true
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
    if (verdict.kind === 'timed-out') {
        const before = active
            ? ` or, if the guest never ran it, version ${originOf(active)}`
            : '';
        return {
            why: `VMAccess timed out applying version ${verdict.version}, so the VM has that password${before}`
        };
    }
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
/** What to tag so that only the live password reads `active`, and no refused one can be read. */
function retagsFor(versions, live, options) {
    const { now, refused, leave, ended } = options;
    const retags = [];
    for (const v of versions) {
        if (leave?.has(v.version))
            continue;
        if (isInFlight(v, now, ended))
            continue;
        const state = v.tags[Tag.state];
        const wanted = wantedState(v, state, live, refused);
        if (!wanted)
            continue;
        const disable = wanted.state === 'failed' && v.enabled !== false;
        if (wanted.state !== state || disable) {
            retags.push({ version: v, ...wanted, ...(disable && { enabled: false }) });
        }
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
    if (state === 'failed') {
        return { state: 'failed', reason: v.tags[Tag.reason] ?? 'refused' };
    }
    if (state === 'pending') {
        return {
            state: 'unknown',
            reason: 'its run ended without learning whether the VM got it'
        };
    }
    // An unknown outcome is settled only by the VM's own word on another
    // version: the tags alone could be behind it.
    const settledBy = state === 'active' || (state === 'unknown' && live.certain);
    if (settledBy && live.version !== undefined) {
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
    // A disabled version's value cannot be read, so it cannot be copied.
    return [...versions]
        .sort(newerFirst)
        .find((v) => originOf(v) === live.version && v.enabled !== false);
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
                ...(p.enabled === false ? { enabled: false } : {}),
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
/** The secret's latest version, as readers get it. */
async function readLatest({ client, mask }, name, abortSignal) {
    try {
        const latest = await client.getSecret(name, { abortSignal });
        if (latest.value)
            mask(latest.value);
        return { kind: 'readable', version: latest.properties.version ?? '' };
    }
    catch (error) {
        if (isNotFound(error))
            return { kind: 'none' };
        if (isDisabled(error))
            return { kind: 'disabled' };
        throw vaultError(error, `read the latest version of secret '${name}'`);
    }
}
/** Replaces a version's tags; `enabled: false` also disables it. */
async function setTags({ client }, name, version, change, abortSignal) {
    try {
        await client.updateSecretProperties(name, version, {
            ...change,
            abortSignal
        });
    }
    catch (error) {
        const what = change.enabled === false ? 'tag and disable' : 'tag';
        throw vaultError(error, `${what} version ${version} of secret '${name}'`);
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
// A GET of a disabled version: 403 Forbidden, inner code SecretDisabled,
// "Operation get is not allowed on a disabled secret." (keyvault.md "Errors";
// Azure/azure-sdk-for-js#24756 shows it for a GET of the latest version).
function isDisabled(error) {
    const e = error;
    return (e.statusCode === 403 &&
        e.details?.error?.innerError?.code === 'SecretDisabled');
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
 * run's pending one is the latest: that run settles it). A tag that fails
 * does not stop the copy, which is what readers depend on; the first
 * failure is thrown once both were tried.
 */
async function repair(ctx, versions, live, options, signal) {
    const failures = [];
    for (const retag of retagsFor(versions, live, {
        now: new Date(),
        ...options
    })) {
        const tags = withState(retag.version.tags, retag.state, {
            reason: retag.reason
        });
        const change = { tags, ...(retag.enabled === false && { enabled: false }) };
        await setTags(ctx.vault, ctx.secretName, retag.version.version, change, signal).catch((error) => failures.push(error));
    }
    const latest = await ensureLatest(ctx, live, options, signal);
    if (failures.length > 0)
        throw failures[0];
    return latest;
}
/**
 * Copies the live password forward until the latest version holds it, or
 * another run's pending version is the latest (that run settles it).
 */
async function ensureLatest(ctx, live, options, signal) {
    let copiedFrom;
    for (let round = 0; round < convergeRounds; round++) {
        const versions = await versionsNow(ctx, signal);
        const latest = await readLatest(ctx.vault, ctx.secretName, signal);
        const id = latest.kind === 'readable' ? latest.version : undefined;
        const latestInfo = versions.find((v) => v.version === id);
        const now = {
            ...(id !== undefined ? { version: id } : {}),
            isLive: live.version !== undefined &&
                latestInfo !== undefined &&
                originOf(latestInfo) === live.version,
            ...(copiedFrom ? { copiedFrom } : {})
        };
        if (latestInfo && isInFlight(latestInfo, new Date(), options.ended)) {
            return now;
        }
        const source = copySource(versions, id, live);
        if (!source)
            return now;
        await copyLiveForward(ctx, source, live, options.settles, signal);
        copiedFrom = originOf(source);
    }
    throw new errors/* AzureError */.M6(`Key Vault's latest version of '${ctx.secretName}' kept changing while this run made it the live password.`, 'Check that only one workflow rotates this VM (concurrency: in the README), then re-run.', { code: 'RotationNotConverged' });
}
/** Stores `source`'s password again as the latest, named as this run's copy. */
async function copyLiveForward(ctx, source, live, settles, signal) {
    const tags = restoredTags(source.tags, originOf(source), `copied forward: ${live.why}`, {
        ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
        ...(settles ? { settles } : {})
    });
    const expiry = expiresOn(new Date(), ctx.rotation.expiresDays);
    await copyForward(ctx.vault, ctx.secretName, source.version, tags, expiry, signal);
}
/** This VM's versions of the secret, newest first. */
async function versionsNow(ctx, signal) {
    const all = await listVersions(ctx.vault, ctx.secretName, signal);
    return versionsOfVm(all, ctx.vm.vmId);
}
/** Gives the stored version a new state, and why; a refused one is disabled too. */
function tag(ctx, stored, state, why, signal) {
    const tags = withState(stored.tags, state, why);
    const change = isEnabledIn(state) ? { tags } : { tags, enabled: false };
    return setTags(ctx.vault, stored.name, stored.version, change, signal);
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/rotation/settle.ts
// After the reset: record the VM's outcome on the pending version, tag the
// others truthfully and make the latest version the password the VM has.
// A vault write that fails stops none of the others: each one that lands
// keeps readers right or tells the next run what happened.




/**
 * Records the VM's outcome on the pending version, tags the others
 * truthfully and makes the latest version the live password; a refused
 * password is disabled. Never blind: an unknown outcome is tagged so at
 * once, then asked of the VM's record for a while (not after a provisioning
 * timeout, whose record will say no more); if still unknown the new version
 * stays the latest. Never throws for the vault: what failed is `problem`.
 */
async function settleRotation(ctx, begun, result, signal) {
    const { stored } = begun;
    let applied = result.applied;
    if (applied === 'unknown') {
        const timedOut = result.timedOut === true;
        // Tagged first, so that a run killed while it waits leaves a true
        // state behind and no claim on the VM.
        const why = timedOut ? timedOutLive(stored, begun.liveBefore) : likelyLive;
        const tagUnknown = () => tryWrite(() => tag(ctx, stored, 'unknown', { reason: why.why, timedOut }, signal));
        let tagged = await tagUnknown();
        // A timed-out version must say so, or its Failed record would later
        // read as a refusal.
        if (timedOut && !tagged.ok)
            tagged = await tagUnknown();
        if (!timedOut)
            applied = await waitForRecord(ctx, stored, signal);
        if (applied === 'unknown') {
            const live = timedOut ? why : { ...why, version: stored.version };
            const record = passwordRecord(ctx, stored, 'unknown', live);
            return withProblem(record, tagged.error, tagged.ok);
        }
    }
    return applied === 'no'
        ? settleKnown(ctx, begun, { refused: true, failure: result.failure }, signal)
        : settleKnown(ctx, begun, { refused: false }, signal);
}
async function settleKnown(ctx, begun, known, signal) {
    const { stored } = begun;
    const state = known.refused ? 'failed' : 'active';
    const why = known.refused && known.failure ? { failure: known.failure } : {};
    const live = known.refused
        ? begun.liveBefore
        : {
            version: stored.version,
            why: 'VMAccess applied it in this run',
            certain: true
        };
    const tagStored = () => tryWrite(() => tag(ctx, stored, state, why, signal));
    const repairVault = () => tryWrite(async () => repair(ctx, await versionsNow(ctx, signal), live, {
        ...(known.refused ? { refused: stored.version } : {}),
        leave: new Set([stored.version]),
        // This run's own version holds no claim once its reset is over.
        ended: new Set([stored.version]),
        settles: stored.version
    }, signal));
    let tagged = await tagStored();
    let repaired = await repairVault();
    // Once more, after the rest: a refusal that passes (a 403 while a role
    // assignment propagates, a 404 or 409 from a replica behind) must not
    // leave the version pending or the latest wrong.
    if (!tagged.ok)
        tagged = await tagStored();
    if (!repaired.ok)
        repaired = await repairVault();
    const record = passwordRecord(ctx, stored, state, live, repaired.value);
    return withProblem(record, tagged.error ?? repaired.error, tagged.ok);
}
// Every write of settling is tried even when one before it failed, so the
// failure is kept as a value, not thrown.
async function tryWrite(write) {
    try {
        return { ok: true, value: await write() };
    }
    catch (error) {
        return { ok: false, error };
    }
}
const likelyLive = {
    why: 'the run stopped before Azure said whether VMAccess applied it; it is the likely live password'
};
function timedOutLive(stored, before) {
    const otherwise = before.version
        ? `; if it did not, the VM still has version ${before.version}`
        : '';
    return {
        why: `VMAccess timed out (VMExtensionProvisioningTimeout) applying version ${stored.version}: Azure stopped waiting for the guest, which may or may not have set it${otherwise}`
    };
}
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
function passwordRecord(ctx, stored, state, live, latest) {
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
    };
}
/** The record with the vault failure that remained, and whether the version's own tag landed. */
function withProblem(record, error, tagged) {
    if (error === undefined)
        return record;
    return { ...record, problem: { error, tagged } };
}

;// CONCATENATED MODULE: ./src/rotation/begin.ts
// Before the VM is touched: refuse a secret that is another VM's, refuse
// while another run rotates this VM, make the vault agree with the VM's
// record, store the new password as pending, and give way to a run that
// started at the same moment.







/**
 * Refuses a secret that is another VM's, refuses while another run rotates
 * this VM, makes the vault agree with the VM's record, stores the password
 * as pending and checks that no other run started at the same moment.
 * Throws with the VM untouched.
 */
async function beginRotation(ctx, password, signal) {
    const all = await listVersions(ctx.vault, ctx.secretName, signal);
    const foreign = foreignLatest(all, ctx.vm);
    if (foreign)
        throw secretOfAnotherVm(ctx, foreign);
    const versions = versionsOfVm(all, ctx.vm.vmId);
    const verdict = readRecord(ctx.vm.applied, versions);
    const ended = endedRuns(versions, evidenceOf(ctx, verdict));
    const busy = versions.find((v) => isInFlight(v, new Date(), ended));
    if (busy)
        throw rotationInProgress(ctx, busy);
    const liveBefore = findLive(verdict, versions);
    const refused = verdict.kind === 'refused' ? verdict.version : undefined;
    await repair(ctx, versions, liveBefore, { refused, ended }, signal);
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
// A pending version whose outcome the VM's record shows belongs to a run
// that is past its PUT: its outcome is known, so it holds no claim.
function evidenceOf(ctx, verdict) {
    const finished = verdict.kind === 'applied' ||
        verdict.kind === 'refused' ||
        verdict.kind === 'timed-out'
        ? verdict.version
        : undefined;
    return {
        ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
        ...(finished ? { finished } : {})
    };
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
    const ended = endedRuns(after, evidenceOf(ctx, { kind: 'none' }));
    const inFlight = (v) => isInFlight(v, new Date(), ended);
    const ours = after.find((v) => v.version === stored.version);
    const rival = ours && after.find((v) => inFlight(v) && isFirst(v, ours));
    if (!rival)
        return;
    const reason = `never sent to the VM: run ${rival.tags[Tag.runUrl] ?? '(unknown)'} was rotating it`;
    await tag(ctx, stored, 'superseded', { reason }, signal);
    // A rival that goes on makes its password the latest when it settles.
    // If none is left in flight (it settled, or gave way too), this run
    // must, since it wrote the latest version and never touched the VM.
    const now = await versionsNow(ctx, signal);
    if (!now.some(inFlight)) {
        const live = liveByTags(now, stored.version);
        await ensureLatest(ctx, live, { ended, settles: stored.version }, signal);
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
function secretOfAnotherVm(ctx, theirs) {
    const { vmName, resourceGroup } = ctx.vm.target;
    const where = theirs.tags[Tag.providerAddress] ?? '(no ProviderAddress tag)';
    return new errors/* AzureError */.M6(`Secret '${ctx.secretName}' in Key Vault ${ctx.rotation.vaultUrl} belongs to another VM: its latest version ${theirs.version} is tagged vm-id ${theirs.tags[Tag.vmId] ?? ''} (${where}), not VM '${vmName}' in resource group '${resourceGroup}' (vm-id ${ctx.vm.vmId}). Rotating it here would leave a latest version that works on one of the two VMs only.`, 'Give each VM its own secret: leave secret-name empty (the default name is per VM and resource group), or set a secret-name that no other VM uses. Nothing was stored. (A VM recreated under the same resource group and name takes its secret over by itself.)', { code: 'SecretOfAnotherVm' });
}
function rotationInProgress(ctx, pending) {
    const run = pending.tags[Tag.runUrl] ?? 'a run without a URL';
    const until = pending.tags[Tag.pendingUntil] ?? '(unknown)';
    return new errors/* AzureError */.M6(`Another run is rotating the password of VM '${ctx.vm.target.vmName}': version ${pending.version} of secret '${ctx.secretName}' is pending until ${until} (${run}).`, `Wait for that run to finish, then re-run; give the workflow a concurrency group per VM so that runs queue instead (README, "Rotate the password on a schedule"). If that run has already ended (Key Vault refused its last writes), re-run it (Re-run jobs): a later attempt of the same run repairs the vault at once.`, { code: 'RotationInProgress' });
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
    const record = await settleRotation(ctx, begun, result, signal);
    if (!record.problem)
        return { section: passwordSection(record) };
    const { error } = record.problem;
    const problem = error instanceof errors/* AzureError */.M6
        ? error
        : new errors/* AzureError */.M6(String(error), 'Re-run the workflow.', { cause: error });
    return {
        section: unsettledSection(record, result),
        error: new errors/* AzureError */.M6(`${problem.message} The vault may not name the password the VM has: ${stateAfter(result, stored.version)}`, `${problem.fix} ${nextRunText(record)}`, { code: problem.code, cause: error })
    };
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
