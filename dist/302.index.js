export const id = 302;
export const ids = [302];
export const modules = {

/***/ 3302:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createSignIn: () => (/* binding */ createSignIn),
/* harmony export */   readClaims: () => (/* binding */ readClaims)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8179);
/* harmony import */ var _azure_identity__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5563);
// auth-type → a TokenCredential from @azure/identity. Every token it receives
// or hands out is masked through the run's redactor before the SDK can log it.


// A GitHub token with this much life left is still good for an assertion;
// an older one is replaced, so a long run never presents an expired one.
const idTokenMarginMs = 60_000;
/** Builds the credential that `auth` names, for the authority of `cloud`. */
function createSignIn(auth, cloud, redactor, 
/** A GitHub OIDC token already on its way (oidc only). */
firstIdToken) {
    const gitHub = gitHubAssertion(redactor, firstIdToken);
    const options = {
        authorityHost: cloud.authorityHost,
        // MSAL would ask the public cloud to vouch for an unknown authority
        // (the emulator, a private authority) and fail with endpoints_resolution_error.
        disableInstanceDiscovery: !cloud.isKnownAuthority
    };
    const credential = chooseCredential(auth, options, gitHub.assertion);
    return {
        credential: guarded(credential, redactor),
        lastOidcClaims: gitHub.lastClaims
    };
}
/** The credential class for `auth.kind`. */
function chooseCredential(auth, options, gitHubAssertion) {
    switch (auth.kind) {
        case 'oidc':
            return new _azure_identity__WEBPACK_IMPORTED_MODULE_1__/* .ClientAssertionCredential */ .XI(auth.tenantId, auth.clientId, () => gitHubAssertion(auth.audience), options);
        case 'client-secret':
            return new _azure_identity__WEBPACK_IMPORTED_MODULE_1__/* .ClientSecretCredential */ .HC(auth.tenantId, auth.clientId, auth.clientSecret.reveal(), options);
        case 'managed-identity':
            return auth.clientId
                ? new _azure_identity__WEBPACK_IMPORTED_MODULE_1__/* .ManagedIdentityCredential */ .NC({ clientId: auth.clientId })
                : new _azure_identity__WEBPACK_IMPORTED_MODULE_1__/* .ManagedIdentityCredential */ .NC();
        case 'azure-cli':
            return new _azure_identity__WEBPACK_IMPORTED_MODULE_1__/* .AzureCliCredential */ .nG(auth.tenantId ? { tenantId: auth.tenantId } : {});
        default: {
            const unknown = auth;
            throw new Error(`unknown auth type ${JSON.stringify(unknown)}`);
        }
    }
}
/**
 * GitHub OIDC tokens for client assertions. GitHub's tokens live minutes:
 * one is asked for whenever the last is near expiry (AADSTS700024), not kept
 * for the run. MSAL asks twice per sign-in; the second ask reuses the first
 * answer.
 */
function gitHubAssertion(redactor, firstIdToken) {
    let pendingIdToken = firstIdToken;
    let claims;
    let idToken;
    const assertion = async (audience) => {
        const expiresMs = (claims?.exp ?? 0) * 1000;
        if (idToken && expiresMs - Date.now() > idTokenMarginMs)
            return idToken;
        idToken = await (pendingIdToken ?? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(audience));
        pendingIdToken = undefined;
        redactor.mask(idToken);
        claims = readClaims(idToken);
        return idToken;
    };
    return { assertion, lastClaims: () => claims };
}
/**
 * Wraps a credential so that every access token is masked in the log, and
 * a request's abort (a cancel, the timeout) ends the wait for a token: MSAL's
 * requests to Entra and GitHub's token request take no signal, so a sign-in
 * that hangs would otherwise outlive the runner's SIGKILL.
 */
function guarded(inner, redactor) {
    return {
        async getToken(scopes, options) {
            const signal = options?.abortSignal;
            const token = await untilAborted(inner.getToken(scopes, options), signal);
            if (token)
                redactor.mask(token.token);
            return token;
        }
    };
}
/** `work`, or its signal's abort as an AbortError, whichever comes first. */
function untilAborted(work, signal) {
    if (!signal)
        return work;
    return new Promise((resolve, reject) => {
        const stop = () => {
            const error = new Error('The sign-in was stopped before it finished.');
            error.name = 'AbortError';
            reject(error);
        };
        if (signal.aborted)
            return stop();
        signal.addEventListener('abort', stop, { once: true });
        // A token that comes after the abort is nobody's; so is its failure.
        void work
            .then(resolve, reject)
            .finally(() => signal.removeEventListener('abort', stop));
    });
}
/** Reads the display claims of a JWT without trusting it. */
function readClaims(jwt) {
    try {
        const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
        if (typeof payload !== 'object' || payload === null)
            return {};
        const { sub, iss, aud, exp } = payload;
        return {
            sub: typeof sub === 'string' ? sub : undefined,
            iss: typeof iss === 'string' ? iss : undefined,
            aud: typeof aud === 'string' ? aud : undefined,
            exp: typeof exp === 'number' ? exp : undefined
        };
    }
    catch {
        // Not a JWT: there is nothing to show, and the sign-in error says why.
        return {};
    }
}


/***/ })

};
