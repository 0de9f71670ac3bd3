import type { EmulatorRequest, Reply } from '../http-io.ts'
import type { Scenario } from '../scenario.ts'
import type { SigningKey } from '../signing-keys.ts'
import { issueAccessToken, resourceOfScope } from './access-token.ts'
import {
  authenticateApp,
  readClientCredential,
  type TrustedIssuer
} from './client-auth.ts'
import {
  aadstsReply,
  applicationNotFound,
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

/**
 * `POST /{tenant}/oauth2/v2.0/token` for `client_credentials`, with a client
 * secret or a jwt-bearer client assertion (auth.md, hop 2).
 */
export async function respondToTokenRequest(
  context: EntraContext,
  tenant: string,
  req: EmulatorRequest
): Promise<Reply> {
  const fail = (error: Parameters<typeof aadstsReply>[1]): Reply =>
    aadstsReply(context.authorityHost(), error)
  if (!isKnownTenant(context.scenario, tenant))
    return fail(tenantNotFound(tenant))
  const form = new URLSearchParams(req.body)
  const grantType = form.get('grant_type') ?? ''
  if (grantType !== 'client_credentials')
    return fail(unsupportedGrant(grantType))
  const app = context.scenario.appRegistration
  const clientId = form.get('client_id') ?? ''
  if (clientId.toLowerCase() !== app.clientId.toLowerCase()) {
    return fail(applicationNotFound(clientId, context.scenario.tenant.domain))
  }
  const scope = form.get('scope') ?? ''
  const resource = resourceOfScope(scope)
  if (resource === undefined) return fail(invalidScope(scope))
  const result = await authenticateApp(
    app,
    readClientCredential(form),
    context.trusted
  )
  if (!result.ok) return fail(result.error)
  const issued = await issueAccessToken(
    context.key,
    context.scenario.tenant.id,
    result.principal,
    resource
  )
  context.issuedTokens.push(issued.token)
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store, no-cache' },
    body: {
      token_type: 'Bearer',
      expires_in: issued.expiresInSeconds,
      ext_expires_in: issued.expiresInSeconds,
      access_token: issued.token
    }
  }
}
