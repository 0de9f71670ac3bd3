export const id = 31;
export const ids = [31];
export const modules = {

/***/ 2031:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createPasswordKeeper: () => (/* binding */ createPasswordKeeper)
});

// EXTERNAL MODULE: ./src/markup.ts
var markup = __webpack_require__(3031);
// EXTERNAL MODULE: ./src/settings.ts
var settings = __webpack_require__(8750);
;// CONCATENATED MODULE: ./src/rotation/report.ts
// Pure: where a rotated password is, for the outputs and the job summary.


/** The secret-id and secret-version outputs and the "Where the password is" section. */
function passwordSection(p) {
    return {
        outputs: { [settings/* Output */.k7.secretId]: p.id, [settings/* Output */.k7.secretVersion]: p.version },
        html: renderPasswordRecord(p)
    };
}
function renderPasswordRecord(p) {
    const lines = [
        `Key Vault ${(0,markup/* code */.a)(p.vaultUrl)}, secret ${(0,markup/* code */.a)(p.name)}, version ${(0,markup/* code */.a)(p.version)}, tagged ${(0,markup/* code */.a)(`rotation-state=${p.state}`)}.`,
        `Read it with ${(0,markup/* code */.a)(`az keyvault secret show --id ${p.id} --query value -o tsv`)} (needs the Key Vault Secrets User role).`
    ];
    if (p.state === 'failed') {
        lines.push(p.restoredFrom
            ? `The VM did not confirm the new password, so the secret's latest version is again the last password known to work (copied from version ${(0,markup/* code */.a)(p.restoredFrom)}). The new one is kept in case the guest applied it anyway.`
            : 'The VM did not confirm the new password and no earlier version is tagged active: the latest version is this unconfirmed password, kept in case the guest applied it anyway.');
    }
    if (p.warning)
        lines.push(`⚠️ ${(0,markup/* escapeHtml */.Z)(p.warning)}`);
    return `<h3>Where the password is</h3>\n<ul>\n${lines.map((l) => `<li>${l}</li>`).join('\n')}\n</ul>`;
}

;// CONCATENATED MODULE: ./src/rotation/tags.ts
// Pure: how a rotated password is kept in Key Vault: the secret's name, its
// tags at each step, and which earlier version was the last one live.
// The tags CredentialId, ProviderAddress and ValidityPeriodDays are those of
// Microsoft's Key Vault rotation samples, so a near-expiry event can drive
// the next rotation.
/** `<vm-name>-<username>` with every other character turned into '-'. */
function defaultSecretName(vmName, username) {
    return `${vmName}-${username}`
        .replace(/[^0-9a-zA-Z-]+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 127);
}
/** The tags of a freshly stored version, before the VM has it. */
function pendingTags(f) {
    return {
        'rotation-state': 'pending',
        'vm-id': f.vmId,
        username: f.username,
        ...(f.runUrl ? { 'run-url': f.runUrl } : {}),
        CredentialId: f.username,
        ProviderAddress: f.vmResourceId,
        ValidityPeriodDays: String(f.expiresDays)
    };
}
// Key Vault refuses tag values over 256 characters.
const maxTagValue = 256;
/** `tags` with a new state, and the failure message when there is one. */
function withState(tags, state, failure) {
    const next = { ...tags, 'rotation-state': state };
    if (failure)
        next['failure'] = failure.slice(0, maxTagValue);
    return next;
}
/** The tags of a live password copied forward after a failed rotation. */
function restoredTags(tags, fromVersion) {
    const kept = Object.entries(tags).filter(([key]) => key !== 'failure');
    return {
        ...Object.fromEntries(kept),
        'rotation-state': 'active',
        'restored-from': fromVersion
    };
}
/** The newest version tagged active, other than `except`. */
function lastActiveVersion(versions, except) {
    return versions
        .filter((v) => v.version !== except && v.tags?.['rotation-state'] === 'active')
        .sort((a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0))[0];
}
/** When the version expires, or undefined for never. */
function expiresOn(now, days) {
    return days > 0 ? new Date(now.getTime() + days * 86_400_000) : undefined;
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/rotation/vault.ts


/** Stores the password as a new version; the VM is not touched if this fails. */
async function storePassword(vault, name, password, tags, expiresOn, abortSignal) {
    try {
        const stored = await vault.setSecret(name, password.reveal(), {
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
/** Tags a version with its rotation state (and the failure, if any). */
async function markVersion(vault, stored, state, abortSignal, failure) {
    try {
        await vault.updateSecretProperties(stored.name, stored.version, {
            tags: withState(stored.tags, state, failure),
            abortSignal
        });
    }
    catch (error) {
        throw vaultError(error, `tag version ${stored.version} of '${stored.name}' as ${state}`, 'The VM already has the outcome shown above');
    }
}
/**
 * Makes the last password known to be live the secret's latest version again,
 * so that a reader never gets a password the VM refused. Returns the version
 * it copied, or undefined when there was none.
 */
async function restoreLastActive(vault, failed, abortSignal) {
    try {
        const versions = [];
        for await (const p of vault.listPropertiesOfSecretVersions(failed.name, {
            abortSignal
        })) {
            versions.push({
                version: p.version ?? '',
                createdOn: p.createdOn,
                tags: p.tags
            });
        }
        const live = lastActiveVersion(versions, failed.version);
        if (!live)
            return undefined;
        const previous = await vault.getSecret(failed.name, {
            version: live.version,
            abortSignal
        });
        await vault.setSecret(failed.name, previous.value ?? '', {
            contentType: previous.properties.contentType,
            tags: restoredTags(live.tags ?? {}, live.version),
            ...(previous.properties.expiresOn
                ? { expiresOn: previous.properties.expiresOn }
                : {}),
            abortSignal
        });
        return live.version;
    }
    catch (error) {
        throw vaultError(error, `restore the previous password of '${failed.name}'`, 'The VM refused the new password');
    }
}
function vaultError(error, what, state) {
    const e = error;
    const forbidden = e.statusCode === 403 || e.code === 'Forbidden';
    return new errors/* AzureError */.M6(`Key Vault refused to ${what}${statusOf(e)}: ${e.message ?? String(error)}. ${state}.`, forbidden
        ? "Give the signed-in identity the 'Key Vault Secrets Officer' role on the vault (az role assignment create --role 'Key Vault Secrets Officer' --scope <vault id>), then re-run."
        : 'Check key-vault-url and that the runner can reach the vault, then re-run.', { code: e.code ?? 'KeyVault', cause: error });
}
// " (HTTP 403, Forbidden)", " (HTTP 500)", or nothing when neither is known.
function statusOf(e) {
    const parts = [e.statusCode && `HTTP ${e.statusCode}`, e.code].filter(Boolean);
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

;// CONCATENATED MODULE: ./src/rotation/steps.ts


// Settling must finish even after timeout-minutes or a cancel fired: the
// run's own signal is spent by then.
const settleBudgetMs = 60_000;
/** Stores the password as a pending version; throws (VM untouched) if it can't. */
async function storeNewPassword(vault, rotation, password, target, signal) {
    const name = rotation.secretName ?? defaultSecretName(target.vmName, target.username);
    const tags = pendingTags({ ...target, expiresDays: rotation.expiresDays });
    const expiry = expiresOn(new Date(), rotation.expiresDays);
    return storePassword(vault, name, password, tags, expiry, signal);
}
/**
 * Marks the version active when the VM took the password; otherwise marks it
 * failed and makes the last live password the latest version again.
 */
async function settleRotation(vault, vaultUrl, stored, failure) {
    const record = {
        vaultUrl,
        name: stored.name,
        version: stored.version,
        id: stored.id,
        state: failure === undefined ? 'active' : 'failed'
    };
    const signal = AbortSignal.timeout(settleBudgetMs);
    try {
        await markVersion(vault, stored, record.state, signal, failure);
        if (failure !== undefined) {
            record.restoredFrom = await restoreLastActive(vault, stored, signal);
        }
    }
    catch (error) {
        record.warning = error instanceof Error ? error.message : String(error);
    }
    return record;
}

// EXTERNAL MODULE: ./node_modules/@azure/keyvault-secrets/dist/esm/index.js + 35 modules
var esm = __webpack_require__(2952);
;// CONCATENATED MODULE: ./src/rotation/vault-client.ts

// Hosts of Azure's vaults in every cloud. The SDK checks that a vault's 401
// challenge names a resource of the vault's own domain; any other host (the
// local emulator, a private endpoint alias) must switch that check off.
const azureVaultSuffixes = [
    '.vault.azure.net',
    '.vault.azure.cn',
    '.vault.usgovcloudapi.net',
    '.managedhsm.azure.net',
    '.managedhsm.azure.cn',
    '.managedhsm.usgovcloudapi.net'
];
/** True for a vault URL on one of Azure's Key Vault domains. */
function isAzureVaultHost(vaultUrl) {
    const host = new URL(vaultUrl).hostname;
    return azureVaultSuffixes.some((suffix) => host.endsWith(suffix));
}
/** Builds the Key Vault client for `vaultUrl` with the run's credential. */
function createVaultClient(vaultUrl, credential) {
    return new esm/* SecretClient */._V(vaultUrl, credential, {
        disableChallengeResourceVerification: !isAzureVaultHost(vaultUrl)
    });
}

;// CONCATENATED MODULE: ./src/rotation/index.ts



/**
 * A PasswordKeeper that stores each new password as a pending version of a
 * Key Vault secret, then tags it active, or failed with the last live
 * password copied forward.
 */
function createPasswordKeeper(rotation, credential, { log, runUrl }) {
    const vault = createVaultClient(rotation.vaultUrl, credential);
    return {
        async keep(credentials, vm, signal) {
            log(`Storing the new password in Key Vault ${rotation.vaultUrl}…`);
            const target = { ...vm, username: credentials.username, runUrl };
            const stored = await storeNewPassword(vault, rotation, credentials.password, target, signal);
            return {
                async settle(failure) {
                    log(`Recording the outcome on secret '${stored.name}' version ${stored.version}…`);
                    const record = await settleRotation(vault, rotation.vaultUrl, stored, failure);
                    return passwordSection(record);
                }
            };
        }
    };
}


/***/ })

};
