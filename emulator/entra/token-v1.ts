// The v1 token endpoint, `POST /{tenant}/oauth2/token`, which names the
// audience with `resource=` (as ADAL-era clients and `az account
// get-access-token --resource` ask), and the AD FS form of it behind an
// `/adfs` authority (adfs.ts). v1 answers its numbers as strings.
import type { EmulatorRequest, Reply } from '../http-io.ts'
import { resourceOfScope } from './access-token.ts'
import {
  aadstsReply,
  invalidScope,
  missingParameter,
  tenantNotFound,
  type AadstsError
} from './errors.ts'
import {
  grantClientCredentials,
  isKnownTenant,
  type EntraContext
} from './token.ts'

/** `POST /{tenant}/oauth2/token`: client credentials for `resource`, the token's audience verbatim. */
export async function respondToV1TokenRequest(
  context: EntraContext,
  tenant: string,
  req: EmulatorRequest
): Promise<Reply> {
  if (!isKnownTenant(context.scenario, tenant))
    return aadstsReply(context.authorityHost(), tenantNotFound(tenant))
  const form = new URLSearchParams(req.body)
  return v1Reply(context, form, () => {
    const resource = form.get('resource')
    return resource === null || resource === ''
      ? missingParameter('resource')
      : resource
  })
}

/**
 * AD FS's token endpoint takes either: MSAL sends `scope=<resource>/.default`,
 * older clients `resource=`.
 */
export async function respondToAdfsTokenRequest(
  context: EntraContext,
  req: EmulatorRequest
): Promise<Reply> {
  const form = new URLSearchParams(req.body)
  return v1Reply(context, form, () => {
    const resource = form.get('resource')
    if (resource !== null && resource !== '') return resource
    const scope = form.get('scope') ?? ''
    return resourceOfScope(scope) ?? invalidScope(scope)
  })
}

async function v1Reply(
  context: EntraContext,
  form: URLSearchParams,
  resource: () => string | AadstsError
): Promise<Reply> {
  const grant = await grantClientCredentials(context, form, resource)
  if (!grant.ok) return aadstsReply(context.authorityHost(), grant.error)
  const { token, expiresInSeconds, expiresOnSeconds } = grant.token
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store, no-cache' },
    body: {
      token_type: 'Bearer',
      expires_in: String(expiresInSeconds),
      ext_expires_in: String(expiresInSeconds),
      expires_on: String(expiresOnSeconds),
      not_before: String(expiresOnSeconds - expiresInSeconds),
      resource: grant.resource,
      access_token: token
    }
  }
}
