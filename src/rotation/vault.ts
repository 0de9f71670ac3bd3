// Every Key Vault call the rotation makes, each turned into an AzureError
// that names the secret and the state the run leaves behind.
import type { SecretClient } from '@azure/keyvault-secrets'
import { AzureError } from '../errors.ts'
import { oneLine } from '../markup.ts'
import type { Secret } from '../secret.ts'
import type { VersionInfo } from './reconcile.ts'

/** The slice of the Key Vault SDK the rotation uses. */
export type VaultApi = Pick<
  SecretClient,
  | 'setSecret'
  | 'getSecret'
  | 'updateSecretProperties'
  | 'listPropertiesOfSecretVersions'
>

/** The vault, and how a value read back from it is masked. */
export interface VaultAccess {
  client: VaultApi
  /** Masks a password read from the vault before anything can print it. */
  mask: (value: string) => void
}

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
  { client }: VaultAccess,
  name: string,
  password: Secret,
  tags: Record<string, string>,
  expiresOn: Date | undefined,
  abortSignal: AbortSignal
): Promise<StoredVersion> {
  try {
    const stored = await client.setSecret(name, password.reveal(), {
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

/** Every version of the secret, without values; none when it does not exist yet. */
export async function listVersions(
  { client }: VaultAccess,
  name: string,
  abortSignal: AbortSignal
): Promise<VersionInfo[]> {
  try {
    const versions: VersionInfo[] = []
    for await (const p of client.listPropertiesOfSecretVersions(name, {
      abortSignal
    })) {
      versions.push({
        version: p.version ?? '',
        ...(p.createdOn ? { createdOn: p.createdOn } : {}),
        tags: p.tags ?? {}
      })
    }
    return versions
  } catch (error) {
    if (isNotFound(error)) return []
    throw vaultError(error, `list the versions of secret '${name}'`)
  }
}

/** The id of the secret's latest version, which readers get; none when it does not exist. */
export async function latestVersion(
  { client, mask }: VaultAccess,
  name: string,
  abortSignal: AbortSignal
): Promise<string | undefined> {
  try {
    const latest = await client.getSecret(name, { abortSignal })
    if (latest.value) mask(latest.value)
    return latest.properties.version
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw vaultError(error, `read the latest version of secret '${name}'`)
  }
}

/** Replaces a version's tags. */
export async function setTags(
  { client }: VaultAccess,
  name: string,
  version: string,
  tags: Record<string, string>,
  abortSignal: AbortSignal
): Promise<void> {
  try {
    await client.updateSecretProperties(name, version, { tags, abortSignal })
  } catch (error) {
    throw vaultError(error, `tag version ${version} of secret '${name}'`)
  }
}

/** Stores the password of version `from` again, as the latest; returns the new version. */
export async function copyForward(
  vault: VaultAccess,
  name: string,
  from: string,
  tags: Record<string, string>,
  expiresOn: Date | undefined,
  abortSignal: AbortSignal
): Promise<string> {
  try {
    const previous = await vault.client.getSecret(name, {
      version: from,
      abortSignal
    })
    if (previous.value) vault.mask(previous.value)
    const copy = await vault.client.setSecret(name, previous.value ?? '', {
      contentType: previous.properties.contentType,
      tags,
      ...(expiresOn ? { expiresOn } : {}),
      abortSignal
    })
    return copy.properties.version ?? ''
  } catch (error) {
    throw vaultError(
      error,
      `copy version ${from} of secret '${name}' forward as the latest`
    )
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { statusCode?: number; code?: string }
  return e.statusCode === 404 || e.code === 'SecretNotFound'
}

function vaultError(error: unknown, what: string, state?: string): Error {
  // The run's own stop (cancel, timeout) is told as such by the remedies.
  if (error instanceof Error && error.name === 'AbortError') return error
  const e = error as { statusCode?: number; code?: string; message?: string }
  const forbidden = e.statusCode === 403 || e.code === 'Forbidden'
  // Key Vault's 403 text spans several lines; one line reads better in a log.
  const said = oneLine(e.message ?? String(error))
  return new AzureError(
    `Key Vault refused to ${what}${statusOf(e)}: ${said}${state ? `. ${state}.` : ''}`,
    forbidden
      ? "Give the signed-in identity the 'Key Vault Secrets Officer' role on the vault (az role assignment create --assignee <client-id> --role 'Key Vault Secrets Officer' --scope <vault resource id>), then re-run."
      : 'Check key-vault-url and that the runner can reach the vault, then re-run.',
    { code: e.code ?? 'KeyVault', cause: error }
  )
}

// " (HTTP 403, Forbidden)", " (HTTP 500)", or nothing when neither is known.
function statusOf(e: { statusCode?: number; code?: string }): string {
  const parts = [e.statusCode && `HTTP ${e.statusCode}`, e.code].filter(Boolean)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}
