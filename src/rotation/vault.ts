// Keeps rotated passwords in Key Vault: every call the rotation makes.
import type { SecretClient } from '@azure/keyvault-secrets'
import { AzureError } from '../errors.ts'
import type { Secret } from '../secret.ts'
import {
  lastActiveVersion,
  restoredTags,
  withState,
  type RotationState
} from './tags.ts'

/** The slice of the Key Vault SDK the rotation uses. */
export type VaultApi = Pick<
  SecretClient,
  | 'setSecret'
  | 'getSecret'
  | 'updateSecretProperties'
  | 'listPropertiesOfSecretVersions'
>

/** One stored version of the password. */
export interface StoredVersion {
  name: string
  version: string
  /** The versioned secret id, https://<vault>/secrets/<name>/<version>. */
  id: string
  tags: Record<string, string>
}

/** Stores the password as a new version; the VM is not touched if this fails. */
export async function storePassword(
  vault: VaultApi,
  name: string,
  password: Secret,
  tags: Record<string, string>,
  expiresOn: Date | undefined,
  abortSignal: AbortSignal
): Promise<StoredVersion> {
  try {
    const stored = await vault.setSecret(name, password.reveal(), {
      contentType: 'password',
      tags,
      ...(expiresOn ? { expiresOn } : {}),
      abortSignal
    })
    return {
      name,
      version: stored.properties.version ?? '',
      id: stored.properties.id ?? '',
      tags
    }
  } catch (error) {
    throw vaultError(
      error,
      `store the new password as secret '${name}'`,
      'Nothing was sent to the VM'
    )
  }
}

/** Tags a version with its rotation state (and the failure, if any). */
export async function markVersion(
  vault: VaultApi,
  stored: StoredVersion,
  state: RotationState,
  abortSignal: AbortSignal,
  failure?: string
): Promise<void> {
  try {
    await vault.updateSecretProperties(stored.name, stored.version, {
      tags: withState(stored.tags, state, failure),
      abortSignal
    })
  } catch (error) {
    throw vaultError(
      error,
      `tag version ${stored.version} of '${stored.name}' as ${state}`,
      'The VM already has the outcome shown above'
    )
  }
}

/**
 * Makes the last password known to be live the secret's latest version again,
 * so that a reader never gets a password the VM refused. Returns the version
 * it copied, or undefined when there was none.
 */
export async function restoreLastActive(
  vault: VaultApi,
  failed: StoredVersion,
  abortSignal: AbortSignal
): Promise<string | undefined> {
  try {
    const versions = []
    for await (const p of vault.listPropertiesOfSecretVersions(failed.name, {
      abortSignal
    })) {
      versions.push({
        version: p.version ?? '',
        createdOn: p.createdOn,
        tags: p.tags
      })
    }
    const live = lastActiveVersion(versions, failed.version)
    if (!live) return undefined
    const previous = await vault.getSecret(failed.name, {
      version: live.version,
      abortSignal
    })
    await vault.setSecret(failed.name, previous.value ?? '', {
      contentType: previous.properties.contentType,
      tags: restoredTags(live.tags ?? {}, live.version),
      ...(previous.properties.expiresOn
        ? { expiresOn: previous.properties.expiresOn }
        : {}),
      abortSignal
    })
    return live.version
  } catch (error) {
    throw vaultError(
      error,
      `restore the previous password of '${failed.name}'`,
      'The VM refused the new password'
    )
  }
}

function vaultError(error: unknown, what: string, state: string): AzureError {
  const e = error as { statusCode?: number; code?: string; message?: string }
  const forbidden = e.statusCode === 403 || e.code === 'Forbidden'
  return new AzureError(
    `Key Vault refused to ${what}${statusOf(e)}: ${e.message ?? String(error)}. ${state}.`,
    forbidden
      ? "Give the signed-in identity the 'Key Vault Secrets Officer' role on the vault (az role assignment create --role 'Key Vault Secrets Officer' --scope <vault id>), then re-run."
      : 'Check key-vault-url and that the runner can reach the vault, then re-run.',
    { code: e.code ?? 'KeyVault', cause: error }
  )
}

// " (HTTP 403, Forbidden)", " (HTTP 500)", or nothing when neither is known.
function statusOf(e: { statusCode?: number; code?: string }): string {
  const parts = [e.statusCode && `HTTP ${e.statusCode}`, e.code].filter(Boolean)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}
