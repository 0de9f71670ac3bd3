// Builds the Key Vault client. The SDK loads only for a rotation, because
// main.ts imports src/rotation/ lazily (start-up cost, see npm run bench).
import type { TokenCredential } from '@azure/core-auth'
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets'
import type { Rotation } from '../settings.ts'
import type { VaultApi } from './vault.ts'

/**
 * The client's options. The SDK checks that a vault's 401 challenge names a
 * resource in the vault's own domain, so a host that is not a vault cannot
 * ask for another audience's token (Resource Manager's, say). The check is
 * off only for the local emulator's loopback vault (parse-rotation.ts).
 */
export function vaultClientOptions(rotation: Rotation): SecretClientOptions {
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
  }
}

/** Builds the Key Vault client for the rotation's vault with the run's credential. */
export function createVaultClient(
  rotation: Rotation,
  credential: TokenCredential
): VaultApi {
  return new SecretClient(
    rotation.vaultUrl,
    credential,
    vaultClientOptions(rotation)
  )
}
