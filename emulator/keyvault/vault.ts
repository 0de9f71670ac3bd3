import { randomBytes } from 'node:crypto'

/** One version of a secret. The value is kept: reading it back is the vault's job. */
export interface SecretVersion {
  /** 32 lower-case hex characters, like Azure's. */
  version: string
  value: string
  contentType?: string
  tags: Record<string, string>
  enabled: boolean
  /** `nbf` and `exp` as sent: Unix seconds. */
  notBeforeSeconds?: number
  expiresSeconds?: number
  /** Epoch ms; the wire carries whole seconds. */
  createdMs: number
  updatedMs: number
}

/** A secret and its versions, oldest first. */
export interface StoredSecret {
  /** The name as first written; lookups ignore case. */
  name: string
  versions: SecretVersion[]
}

/** The emulated vault: where it lives in ARM, and its secrets. */
export interface Vault {
  name: string
  subscriptionId: string
  resourceGroup: string
  location: string
  secrets: StoredSecret[]
}

/** Key Vault's rule for object names (keyvault.md "Secret names"). */
export const secretNamePattern = /^[0-9a-zA-Z-]{1,127}$/

/** The ARM id of a secret, the scope RBAC checks and the 403 text names. */
export function secretResourceId(vault: Vault, name: string): string {
  return (
    `/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}` +
    `/providers/Microsoft.KeyVault/vaults/${vault.name}/secrets/${name}`
  )
}

/** Finds a secret by name, ignoring case (Key Vault names are case-insensitive). */
export function findSecret(
  vault: Vault,
  name: string
): StoredSecret | undefined {
  const wanted = name.toLowerCase()
  return vault.secrets.find((s) => s.name.toLowerCase() === wanted)
}

/** The named version, or the newest one when `version` is ''. */
export function findVersion(
  secret: StoredSecret,
  version: string
): SecretVersion | undefined {
  if (version === '') return secret.versions.at(-1)
  const wanted = version.toLowerCase()
  return secret.versions.find((v) => v.version === wanted)
}

/** A fresh version id. */
export function newVersionId(): string {
  return randomBytes(16).toString('hex')
}

/** Appends a version, creating the secret on its first write. */
export function addVersion(
  vault: Vault,
  name: string,
  version: SecretVersion
): StoredSecret {
  let secret = findSecret(vault, name)
  if (!secret) {
    secret = { name, versions: [] }
    vault.secrets.push(secret)
  }
  secret.versions.push(version)
  return secret
}
