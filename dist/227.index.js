export const id = 227;
export const ids = [227];
export const modules = {

/***/ 9227:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createVaultClient: () => (/* binding */ createVaultClient),
/* harmony export */   isAzureVaultHost: () => (/* binding */ isAzureVaultHost)
/* harmony export */ });
/* harmony import */ var _azure_keyvault_secrets__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2952);

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
    return new _azure_keyvault_secrets__WEBPACK_IMPORTED_MODULE_0__/* .SecretClient */ ._V(vaultUrl, credential, {
        disableChallengeResourceVerification: !isAzureVaultHost(vaultUrl)
    });
}


/***/ })

};
