// Rotation into Key Vault, the entry the rest of src/ loads (lazily, so the
// Key Vault SDK costs nothing to a run that does not rotate). Everything
// that knows a Key Vault type lives in this folder.
import type { TokenCredential } from '@azure/core-auth'
import type { PasswordKeeper } from '../operation.ts'
import type { Rotation } from '../settings.ts'
import { passwordSection } from './report.ts'
import { settleRotation, storeNewPassword } from './steps.ts'
import { createVaultClient } from './vault-client.ts'

/** What the keeper needs of the run besides the vault. */
export interface KeeperContext {
  log: (line: string) => void
  /** Recorded in each version's tags. */
  runUrl?: string
}

/**
 * A PasswordKeeper that stores each new password as a pending version of a
 * Key Vault secret, then tags it active, or failed with the last live
 * password copied forward.
 */
export function createPasswordKeeper(
  rotation: Rotation,
  credential: TokenCredential,
  { log, runUrl }: KeeperContext
): PasswordKeeper {
  const vault = createVaultClient(rotation.vaultUrl, credential)
  return {
    async keep(credentials, vm, signal) {
      log(`Storing the new password in Key Vault ${rotation.vaultUrl}…`)
      const target = { ...vm, username: credentials.username, runUrl }
      const stored = await storeNewPassword(
        vault,
        rotation,
        credentials.password,
        target,
        signal
      )
      return {
        async settle(failure) {
          log(
            `Recording the outcome on secret '${stored.name}' version ${stored.version}…`
          )
          const record = await settleRotation(
            vault,
            rotation.vaultUrl,
            stored,
            failure
          )
          return passwordSection(record)
        }
      }
    }
  }
}
