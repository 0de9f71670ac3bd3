// Every Key Vault call the rotation makes, each turned into an AzureError
// that names the secret and the state the run leaves behind.
import type { SecretClient } from '@azure/keyvault-secrets'
import { AzureError } from '../errors.ts'
import { oneLine } from '../markup.ts'
import type { Secret } from '../secret.ts'
import type { VersionInfo } from './tags.ts'

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
        ...(p.enabled === false ? { enabled: false } : {}),
        tags: p.tags ?? {}
      })
    }
    return versions
  } catch (error) {
    if (isNotFound(error)) return []
    throw vaultError(error, `list the versions of secret '${name}'`)
  }
}

/** What readers of the secret without a version get. */
export type Latest =
  | { kind: 'none' }
  /** The latest version is disabled: Key Vault answers 403 SecretDisabled, no password. */
  | { kind: 'disabled' }
  | { kind: 'readable'; version: string }

/** The secret's latest version, as readers get it. */
export async function readLatest(
  { client, mask }: VaultAccess,
  name: string,
  abortSignal: AbortSignal
): Promise<Latest> {
  try {
    const latest = await client.getSecret(name, { abortSignal })
    if (latest.value) mask(latest.value)
    return { kind: 'readable', version: latest.properties.version ?? '' }
  } catch (error) {
    if (isNotFound(error)) return { kind: 'none' }
    if (isDisabled(error)) return { kind: 'disabled' }
    throw vaultError(error, `read the latest version of secret '${name}'`)
  }
}

/** Replaces a version's tags; `enabled: false` also disables it. */
export async function setTags(
  { client }: VaultAccess,
  name: string,
  version: string,
  change: { tags: Record<string, string>; enabled?: boolean },
  abortSignal: AbortSignal
): Promise<void> {
  try {
    await client.updateSecretProperties(name, version, {
      ...change,
      abortSignal
    })
  } catch (error) {
    const what = change.enabled === false ? 'tag and disable' : 'tag'
    throw vaultError(error, `${what} version ${version} of secret '${name}'`)
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

// A GET of a disabled version: 403 Forbidden, inner code SecretDisabled,
// "Operation get is not allowed on a disabled secret." (keyvault.md "Errors";
// Azure/azure-sdk-for-js#24756 shows it for a GET of the latest version).
function isDisabled(error: unknown): boolean {
  const e = error as {
    statusCode?: number
    details?: { error?: { innerError?: { code?: string } } }
  }
  return (
    e.statusCode === 403 &&
    e.details?.error?.innerError?.code === 'SecretDisabled'
  )
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
