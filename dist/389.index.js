export const id = 389;
export const ids = [389];
export const modules = {

/***/ 1389:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createComputeClient: () => (/* binding */ createComputeClient),
  userAgentPrefix: () => (/* binding */ userAgentPrefix)
});

// EXTERNAL MODULE: ./node_modules/@azure/arm-compute/dist/esm/index.js + 141 modules
var esm = __webpack_require__(8821);
// EXTERNAL MODULE: ./node_modules/@azure/core-rest-pipeline/dist/esm/index.js + 37 modules
var dist_esm = __webpack_require__(1818);
;// CONCATENATED MODULE: ./src/retry.ts
/** Longest wait between tries when the server gives no Retry-After. */
const maxConflictDelayMs = 30_000;
/**
 * Retries 409 Conflict ("another operation is in progress") until the run's
 * signal ends it, except the one 409 no wait can fix: a VM that is not
 * running. See ../shared/azure-specs/README.md ("Errors users hit").
 */
function conflictRetryStrategy() {
    return {
        name: 'vm-access-conflict',
        retry({ response, retryCount }) {
            if (response?.status !== 409)
                return { skipStrategy: true };
            if (/not running/i.test(response.bodyAsText ?? '')) {
                return { skipStrategy: true };
            }
            const seconds = Number(response.headers.get('retry-after'));
            const retryAfterInMs = Number.isFinite(seconds) && seconds > 0
                ? seconds * 1000
                : Math.min(2000 * 2 ** retryCount, maxConflictDelayMs);
            return { retryAfterInMs };
        }
    };
}

;// CONCATENATED MODULE: ./src/arm-client.ts



/** The user agent prefix Azure's activity logs show for our calls. */
const userAgentPrefix = 'azure-vm-access-reset/1';
// Retries stop when timeout-minutes aborts the run's signal.
const unboundedRetries = Number.MAX_SAFE_INTEGER;
/** Builds the one Compute client, pointed at the cloud the settings name. */
function createComputeClient(credential, settings) {
    return new esm/* ComputeManagementClient */.Kx(credential, settings.target.subscriptionId, {
        endpoint: settings.cloud.resourceManagerEndpoint,
        // Without this the client asks for a public-cloud token whatever the
        // endpoint, and every other cloud answers 401.
        credentials: { scopes: [settings.cloud.resourceManagerScope] },
        userAgentOptions: { userAgentPrefix },
        // Throttling, 5xx and dropped connections are retried at the server's
        // pace (Retry-After). The SDK's 3 retries are too few for a throttled
        // subscription: the run's timeout signal, not a count, ends an outage.
        retryOptions: {
            maxRetries: unboundedRetries,
            retryDelayInMs: 1000,
            maxRetryDelayInMs: 30_000
        },
        additionalPolicies: [
            {
                policy: (0,dist_esm/* retryPolicy */.Jb)([conflictRetryStrategy()], {
                    maxRetries: unboundedRetries
                }),
                position: 'perCall'
            }
        ]
    });
}


/***/ })

};
