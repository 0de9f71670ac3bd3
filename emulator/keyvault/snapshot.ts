import { findSecret, findVersion, type Vault } from './vault.ts'

/** A stored version for assertions; the value only through `secretValue`. */
export interface SecretVersionSnapshot {
  version: string
  /** Epoch ms (the wire rounds it down to seconds). */
  createdOn: number
  tags: Record<string, string>
  contentType?: string
  /** Epoch ms; absent when the version never expires. */
  expiresOn?: number
  enabled: boolean
}

/** Every version of a secret, oldest first; [] when there is no such secret. */
export function snapshotSecretVersions(
  vault: Vault,
  name: string
): SecretVersionSnapshot[] {
  return (findSecret(vault, name)?.versions ?? []).map((v) => ({
    version: v.version,
    createdOn: v.createdMs,
    tags: { ...v.tags },
    ...(v.contentType !== undefined ? { contentType: v.contentType } : {}),
    ...(v.expiresSeconds !== undefined
      ? { expiresOn: v.expiresSeconds * 1000 }
      : {}),
    enabled: v.enabled
  }))
}

/** The value of a version (the latest without one). Throws when there is none. */
export function readSecretValue(
  vault: Vault,
  name: string,
  version?: string
): string {
  const secret = findSecret(vault, name)
  const found = secret && findVersion(secret, version ?? '')
  if (!found) {
    const what = version ? `version '${version}' of secret` : 'secret'
    throw new Error(
      `the emulator's Key Vault '${vault.name}' has no ${what} '${name}'`
    )
  }
  return found.value
}
