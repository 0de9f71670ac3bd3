export const id = 41;
export const ids = [41,173];
export const modules = {

/***/ 8173:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   armClientOptions: () => (/* binding */ armClientOptions),
/* harmony export */   createComputeClient: () => (/* binding */ createComputeClient),
/* harmony export */   userAgentPrefix: () => (/* binding */ userAgentPrefix)
/* harmony export */ });
/* harmony import */ var _azure_arm_compute__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2280);
/* harmony import */ var _azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1818);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9809);



/** The user agent prefix Azure's activity logs show for our calls. */
const userAgentPrefix = 'azure-vm-access-reset/1';
// Retries stop when timeout-minutes aborts the run's signal.
const unboundedRetries = Number.MAX_SAFE_INTEGER;
/**
 * Builds the one Compute client of the run, shared by every VM's worker (one
 * token, one pace), pointed at the cloud the settings name.
 */
function createComputeClient(credential, settings, pacer) {
    return new _azure_arm_compute__WEBPACK_IMPORTED_MODULE_0__/* .ComputeManagementClient */ .Kx(credential, settings.subscriptionId, armClientOptions(settings, pacer));
}
/** What every Resource Manager client of the run is built with: cloud, retries, pace. */
function armClientOptions(settings, pacer) {
    return {
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
                // A busy VM is waited for within a budget of its own, not the run's.
                policy: (0,_azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_1__/* .retryPolicy */ .Jb)([(0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .conflictRetryStrategy */ .I2)((0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .busyWaitMs */ .n7)(settings.timeoutMs))], {
                    maxRetries: unboundedRetries
                }),
                position: 'perCall'
            },
            // Every try, retries included, waits for the run's shared pace.
            { policy: pacer.policy, position: 'perRetry' }
        ]
    };
}


/***/ }),

/***/ 4041:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createNetworkClient: () => (/* binding */ createNetworkClient)
/* harmony export */ });
/* harmony import */ var _azure_arm_network__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2163);
/* harmony import */ var _arm_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8173);


/** The run's one Network client, pointed at the cloud the settings name. */
function createNetworkClient(credential, settings, pacer) {
    return new _azure_arm_network__WEBPACK_IMPORTED_MODULE_0__/* .NetworkManagementClient */ .D76(credential, settings.subscriptionId, (0,_arm_client_js__WEBPACK_IMPORTED_MODULE_1__.armClientOptions)(settings, pacer));
}


/***/ })

};
