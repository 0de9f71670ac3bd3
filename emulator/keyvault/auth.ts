import { headerValue, type EmulatorRequest, type Reply } from '../http-io.ts'
import type { TokenCheck } from '../signing-keys.ts'
import { keyVaultError } from './errors.ts'

/** The resource Key Vault names in its challenge; tokens must carry it as `aud`. */
export const keyVaultResource = 'https://vault.azure.net'

/** What the vault trusts: the emulator's Entra key and tenant. */
export interface KeyVaultAuthConfig {
  verify: (token: string) => Promise<TokenCheck>
  tenantId: string
  /** The emulator's Entra origin: the challenge's `authorization` URL starts with it. */
  authorityHost: string
}

/** Who called, from the access token's claims. */
export interface KeyVaultCaller {
  appId: string
  objectId: string
  tenantId: string
  issuer: string
}

/**
 * `Bearer authorization="<authority>/<tenant>", resource="https://vault.azure.net"`.
 * keyvault-common 2.1.0 splits the header on `/,? +/` and takes the tenant from
 * the authorization URL's path, so no quoted value may hold a space and the
 * URL must end at the tenant (keyvault.md "Auth").
 */
export function challengeHeader(config: KeyVaultAuthConfig): string {
  return `Bearer authorization="${config.authorityHost}/${config.tenantId}", resource="${keyVaultResource}"`
}

/**
 * The 401 for a request without a bearer token. The SDK's first request is
 * such a request, sent without its body, so this answer comes before any
 * other check (and before faults).
 */
export function challengeUnauthenticated(
  req: EmulatorRequest,
  config: KeyVaultAuthConfig
): Reply | undefined {
  const authorization = headerValue(req.headers, 'authorization') ?? ''
  if (/^Bearer\s+\S/i.test(authorization)) return undefined
  return unauthorized(
    config,
    'AKV10000: Request is missing a Bearer or PoP token.'
  )
}

/** Checks the bearer token: the emulator's Entra signed it, it is current, it is for Key Vault. */
export async function authenticate(
  req: EmulatorRequest,
  config: KeyVaultAuthConfig
): Promise<{ ok: true; caller: KeyVaultCaller } | { ok: false; reply: Reply }> {
  const reject = (message: string): { ok: false; reply: Reply } => ({
    ok: false,
    reply: unauthorized(config, message)
  })
  const authorization = headerValue(req.headers, 'authorization') ?? ''
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? ''
  const check = await config.verify(token)
  if (!check.ok) {
    // AKV10046 is what Azure says for a key it cannot find (Azure-Samples/azuresandbox#188);
    // the expiry wording is an approximation.
    if (check.reason === 'expired')
      return reject('Error validating token: the token is expired.')
    return reject(
      'AKV10046: Unable to resolve the key used for signature validation.'
    )
  }
  const { aud, tid, appid, oid, iss } = check.claims
  const audience = Array.isArray(aud) ? aud.join(', ') : String(aud)
  if (audience !== keyVaultResource && audience !== `${keyVaultResource}/`) {
    return reject(
      `AKV10022: Invalid audience. Expected ${keyVaultResource}, found: ${audience}.`
    )
  }
  if (tid !== config.tenantId) {
    return reject(
      `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${config.tenantId}/, found: ${String(iss)}.`
    )
  }
  if (typeof appid !== 'string' || typeof oid !== 'string')
    return reject('The access token has no appid or oid claim.')
  return {
    ok: true,
    caller: {
      appId: appid,
      objectId: oid,
      tenantId: config.tenantId,
      issuer: String(iss)
    }
  }
}

// Every 401 carries the challenge, so a client can (re)authenticate from it.
function unauthorized(config: KeyVaultAuthConfig, message: string): Reply {
  return keyVaultError(401, 'Unauthorized', message, {
    headers: { 'WWW-Authenticate': challengeHeader(config) }
  })
}
