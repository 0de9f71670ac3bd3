import type { SecretVersion, StoredSecret } from './vault.ts'

// A soft-delete vault with 90-day retention, the usual pairing (keyvault.md).
const recovery = {
  recoveryLevel: 'Recoverable+Purgeable',
  recoverableDays: 90
}

/** `SecretAttributes` on the wire: times in whole Unix seconds. */
export function attributesOf(v: SecretVersion): Record<string, unknown> {
  return {
    enabled: v.enabled,
    ...(v.notBeforeSeconds !== undefined ? { nbf: v.notBeforeSeconds } : {}),
    ...(v.expiresSeconds !== undefined ? { exp: v.expiresSeconds } : {}),
    created: Math.floor(v.createdMs / 1000),
    updated: Math.floor(v.updatedMs / 1000),
    ...recovery
  }
}

/**
 * `https://127.0.0.1:PORT/secrets/<name>/<version>`: the SDK takes the vault
 * URL, name and version from this id, so it must echo our own origin.
 */
export function secretId(
  vaultUrl: string,
  secret: StoredSecret,
  v: SecretVersion
): string {
  return `${vaultUrl}/secrets/${secret.name}/${v.version}`
}

/** A `SecretItem`, as listing shows it: everything but the value. */
export function secretItem(
  vaultUrl: string,
  secret: StoredSecret,
  v: SecretVersion
): Record<string, unknown> {
  return {
    id: secretId(vaultUrl, secret, v),
    attributes: attributesOf(v),
    ...(Object.keys(v.tags).length > 0 ? { tags: v.tags } : {}),
    ...(v.contentType !== undefined ? { contentType: v.contentType } : {})
  }
}

/** A `SecretBundle`; the value only where Azure sends it (set and get, not update). */
export function secretBundle(
  vaultUrl: string,
  secret: StoredSecret,
  v: SecretVersion,
  options: { withValue: boolean }
): Record<string, unknown> {
  return {
    ...(options.withValue ? { value: v.value } : {}),
    ...secretItem(vaultUrl, secret, v)
  }
}
