/**
 * The secret operations the emulator serves, named after the Key Vault REST
 * operations `@azure/keyvault-secrets` 4.12.0 calls (keyvault.md "Operations").
 */
export type KeyVaultOperationId =
  | 'KeyVault_SetSecret'
  | 'KeyVault_GetSecret'
  | 'KeyVault_UpdateSecret'
  | 'KeyVault_GetSecretVersions'

/** A request matched to a secret operation. */
export interface SecretTarget {
  operationId: KeyVaultOperationId
  /** Percent-decoded as sent; the service validates it. */
  name: string
  /** '' means the latest version, as `GET /secrets/{name}/` asks. */
  version: string
}

// /secrets/{name}, /secrets/{name}/ (the SDK's getSecret without a version),
// /secrets/{name}/{version} and /secrets/{name}/versions.
const secretPath = /^\/secrets\/([^/]*)(?:\/([^/]*))?$/

/** Matches method + path to a secret operation; undefined when none applies. */
export function matchSecretRoute(
  method: string,
  url: URL
): SecretTarget | undefined {
  const match = secretPath.exec(url.pathname)
  if (!match) return undefined
  const name = decode(match[1] ?? '')
  const tail = match[2]
  const version = decode(tail ?? '')
  switch (method) {
    case 'PUT':
      return version === ''
        ? { operationId: 'KeyVault_SetSecret', name, version }
        : undefined
    case 'PATCH':
      return tail === undefined
        ? undefined
        : { operationId: 'KeyVault_UpdateSecret', name, version }
    case 'GET':
      return version.toLowerCase() === 'versions'
        ? { operationId: 'KeyVault_GetSecretVersions', name, version: '' }
        : { operationId: 'KeyVault_GetSecret', name, version }
    default:
      return undefined
  }
}

// A malformed escape stays as sent; the name rule then rejects it.
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
