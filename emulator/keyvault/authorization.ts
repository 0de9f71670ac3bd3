import type { KeyVaultOperationId } from './routes.ts'

/** The secret data actions the emulator checks; `denyKeyVault('setSecret')` withholds one. */
export type KeyVaultSecretAction =
  'getSecret' | 'setSecret' | 'update' | 'readMetadata'

/** Every secret action, for `denyKeyVault()` without arguments. */
export const keyVaultSecretActions: readonly KeyVaultSecretAction[] = [
  'getSecret',
  'setSecret',
  'update',
  'readMetadata'
]

/** `setSecret` → `Microsoft.KeyVault/vaults/secrets/setSecret/action`, as RBAC names it. */
export function secretDataAction(action: KeyVaultSecretAction): string {
  return `Microsoft.KeyVault/vaults/secrets/${action}/action`
}

/**
 * The data action Key Vault's RBAC checks per operation. Listing versions
 * needs only metadata; "Key Vault Secrets User" has getSecret alone, and
 * "Key Vault Secrets Officer" has all four.
 */
export const actionFor: Record<KeyVaultOperationId, string> = {
  KeyVault_SetSecret: secretDataAction('setSecret'),
  KeyVault_GetSecret: secretDataAction('getSecret'),
  KeyVault_UpdateSecret: secretDataAction('update'),
  KeyVault_GetSecretVersions: secretDataAction('readMetadata')
}
