// Builds the Key Vault client. The SDK loads only for a rotation, because
// main.ts imports src/rotation/ lazily (start-up cost, see npm run bench).
import type { TokenCredential } from '@azure/core-auth'
import { SecretClient } from '@azure/keyvault-secrets'
import type { VaultApi } from './vault.ts'

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
]

/** True for a vault URL on one of Azure's Key Vault domains. */
export function isAzureVaultHost(vaultUrl: string): boolean {
  const host = new URL(vaultUrl).hostname
  return azureVaultSuffixes.some((suffix) => host.endsWith(suffix))
}

/** Builds the Key Vault client for `vaultUrl` with the run's credential. */
export function createVaultClient(
  vaultUrl: string,
  credential: TokenCredential
): VaultApi {
  return new SecretClient(vaultUrl, credential, {
    disableChallengeResourceVerification: !isAzureVaultHost(vaultUrl),
    // A write that records which password the VM has must not give up after
    // the SDK's 3 retries; the caller's signal (the run's, or the 60 s
    // settle budget) ends the tries instead.
    retryOptions: {
      maxRetries: 12,
      retryDelayInMs: 500,
      maxRetryDelayInMs: 5000
    }
  })
}
