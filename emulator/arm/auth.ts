import type { Reply } from '../http-io.ts'
import type { TokenCheck } from '../signing-keys.ts'
import { cloudError } from './errors.ts'

/** Who called ARM, from the access token's claims. */
export interface Caller {
  appId: string
  objectId: string
  tenantId: string
}

/**
 * The public Resource Manager resource ids every ARM accepts a token for, in
 * the order its InvalidAuthenticationTokenAudience message lists them.
 */
export const publicArmAudiences = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com'
] as const

/** What ARM trusts: the emulator's Entra key, its audiences, its tenant. */
export interface ArmAuthConfig {
  verify: (token: string) => Promise<TokenCheck>
  /** Audiences ARM accepts: the public ids and its own origin, each with and without a trailing slash. */
  audiences: () => string[]
  tenantId: string
  authorityHost: string
}

/** Either the caller or the 401 ARM answers. */
export type AuthResult =
  { ok: true; caller: Caller } | { ok: false; reply: Reply }

/** Checks the `Authorization: Bearer` header the way ARM's front door does. */
export async function authenticate(
  authorization: string | undefined,
  config: ArmAuthConfig
): Promise<AuthResult> {
  const reject = (
    code: string,
    message: string,
    description: string
  ): AuthResult => ({
    ok: false,
    reply: cloudError(401, code, message, {
      headers: {
        'WWW-Authenticate':
          `Bearer authorization_uri="${config.authorityHost}/", error="invalid_token", ` +
          `error_description="${description}"`
      }
    })
  })
  if (authorization === undefined || authorization === '') {
    return reject(
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      "The authentication failed because of missing 'Authorization' header."
    )
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization)
  const invalid = (): AuthResult =>
    reject(
      'InvalidAuthenticationToken',
      'The access token is invalid.',
      'The access token is invalid.'
    )
  if (!match?.[1]) return invalid()
  const check = await config.verify(match[1])
  if (!check.ok) {
    if (check.reason !== 'expired') return invalid()
    const expiry = new Date(Number(check.claims.exp) * 1000).toISOString()
    return reject(
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${new Date().toISOString()}'.`,
      'The access token has expired.'
    )
  }
  const { aud, tid, appid, oid } = check.claims
  const audience = typeof aud === 'string' ? aud : String(aud)
  if (!config.audiences().includes(audience)) {
    const allowed = config
      .audiences()
      .map((a) => `'${a}'`)
      .join(',')
    const message =
      `The access token has been obtained for wrong audience or resource '${audience}'. ` +
      `It should exactly match with one of the allowed audiences ${allowed}.`
    return reject('InvalidAuthenticationTokenAudience', message, message)
  }
  if (tid !== config.tenantId) {
    const message =
      `The access token is from the wrong issuer '${String(check.claims.iss)}'. It must match the tenant ` +
      `'${config.authorityHost}/${config.tenantId}/' associated with this subscription.`
    return reject('InvalidAuthenticationTokenTenant', message, message)
  }
  if (typeof appid !== 'string' || typeof oid !== 'string') return invalid()
  return { ok: true, caller: { appId: appid, objectId: oid, tenantId: tid } }
}
