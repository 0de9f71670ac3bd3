import { randomBytes } from 'node:crypto'
import type { SigningKey } from '../signing-keys.ts'

/** The principal an access token is issued to. */
export interface Principal {
  appId: string
  objectId: string
  /** How it proved itself: `appidacr` 1 = secret, 2 = assertion or managed identity. */
  credential: 'secret' | 'assertion' | 'managed-identity'
}

/** An issued access token. */
export interface AccessToken {
  token: string
  expiresInSeconds: number
  expiresOnSeconds: number
}

// Entra's usual lifetime for app tokens; the SDKs refresh well before it ends.
const lifetimeSeconds = 3599

/**
 * Signs a v1 access token like the ones ARM accepts: `aud` is the resource
 * (the scope without `/.default`), plus tid, oid, appid, iat/nbf/exp.
 */
export async function issueAccessToken(
  key: SigningKey,
  tenantId: string,
  principal: Principal,
  resource: string
): Promise<AccessToken> {
  const now = Math.floor(Date.now() / 1000)
  const issuer = `https://sts.windows.net/${tenantId}/`
  const token = await key.sign({
    aud: resource,
    iss: issuer,
    iat: now,
    nbf: now,
    exp: now + lifetimeSeconds,
    appid: principal.appId,
    appidacr: principal.credential === 'secret' ? '1' : '2',
    idp: issuer,
    oid: principal.objectId,
    sub: principal.objectId,
    tid: tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '1.0'
  })
  return {
    token,
    expiresInSeconds: lifetimeSeconds,
    expiresOnSeconds: now + lifetimeSeconds
  }
}

/** The resource a `.default` scope names: `https://x/.default` → `https://x`. */
export function resourceOfScope(scope: string): string | undefined {
  const match = scope
    .split(' ')
    .map((s) => s.trim())
    .find((s) => s.endsWith('/.default'))
  return match?.slice(0, -'/.default'.length)
}
