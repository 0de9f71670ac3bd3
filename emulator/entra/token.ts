import type { EmulatorRequest, Reply } from '../http-io.ts'
import type { Scenario } from '../scenario.ts'
import type { SigningKey } from '../signing-keys.ts'
import {
  issueAccessToken,
  resourceOfScope,
  type AccessToken
} from './access-token.ts'
import {
  authenticateApp,
  readClientCredential,
  type TrustedIssuer
} from './client-auth.ts'
import {
  aadstsReply,
  applicationNotFound,
  type AadstsError,
  invalidScope,
  tenantNotFound,
  unsupportedGrant
} from './errors.ts'

/** What the Entra token endpoint needs. */
export interface EntraContext {
  scenario: Scenario
  /** `https://127.0.0.1:PORT` of the Entra server (known once it listens). */
  authorityHost: () => string
  /** Signs access tokens; ARM verifies with the same key. */
  key: SigningKey
  /** The GitHub OIDC issuer, whose tokens are accepted as client assertions. */
  trusted: TrustedIssuer
  /** Every token issued, so tests can scan logs for them. */
  issuedTokens: string[]
}

/** True when the URL's tenant segment names the scenario's tenant (id or domain). */
export function isKnownTenant(scenario: Scenario, tenant: string): boolean {
  const t = tenant.toLowerCase()
  return (
    t === scenario.tenant.id.toLowerCase() ||
    t === scenario.tenant.domain.toLowerCase()
  )
}

/** A granted token, or the AADSTS error the request gets. */
export type Grant =
  | { ok: true; token: AccessToken; resource: string }
  | { ok: false; error: AadstsError }

/**
 * The client credentials grant every token endpoint shares: grant type,
 * client id, then the secret or assertion; the token's audience is `resource`.
 */
export async function grantClientCredentials(
  context: EntraContext,
  form: URLSearchParams,
  resource: () => string | AadstsError
): Promise<Grant> {
  const grantType = form.get('grant_type') ?? ''
  if (grantType !== 'client_credentials')
    return { ok: false, error: unsupportedGrant(grantType) }
  const app = context.scenario.appRegistration
  const clientId = form.get('client_id') ?? ''
  if (clientId.toLowerCase() !== app.clientId.toLowerCase()) {
    return {
      ok: false,
      error: applicationNotFound(clientId, context.scenario.tenant.domain)
    }
  }
  const audience = resource()
  if (typeof audience !== 'string') return { ok: false, error: audience }
  const result = await authenticateApp(
    app,
    readClientCredential(form),
    context.trusted
  )
  if (!result.ok) return result
  const token = await issueAccessToken(
    context.key,
    context.scenario.tenant.id,
    result.principal,
    audience
  )
  context.issuedTokens.push(token.token)
  return { ok: true, token, resource: audience }
}

/**
 * `POST /{tenant}/oauth2/v2.0/token` for `client_credentials`, with a client
 * secret or a jwt-bearer client assertion (auth.md, hop 2). The scope names
 * the resource: `https://management.core.windows.net//.default` gives a token
 * for `https://management.core.windows.net/`.
 */
export async function respondToTokenRequest(
  context: EntraContext,
  tenant: string,
  req: EmulatorRequest
): Promise<Reply> {
  const fail = (error: AadstsError): Reply =>
    aadstsReply(context.authorityHost(), error)
  if (!isKnownTenant(context.scenario, tenant))
    return fail(tenantNotFound(tenant))
  const form = new URLSearchParams(req.body)
  const scope = form.get('scope') ?? ''
  const grant = await grantClientCredentials(
    context,
    form,
    () => resourceOfScope(scope) ?? invalidScope(scope)
  )
  if (!grant.ok) return fail(grant.error)
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store, no-cache' },
    body: {
      token_type: 'Bearer',
      expires_in: grant.token.expiresInSeconds,
      ext_expires_in: grant.token.expiresInSeconds,
      access_token: grant.token.token
    }
  }
}
