import { randomUUID } from 'node:crypto'
import { headerValue, type EmulatorRequest, type Reply } from '../http-io.ts'
import type { Route, ServiceDefinition } from '../server.ts'
import { issueAccessToken } from './access-token.ts'
import type { EntraContext } from './token.ts'

/** Path of the identity endpoint; `IDENTITY_ENDPOINT` points here. */
export const identityPath = '/msi/token'

/**
 * The App Service managed identity protocol that @azure/msal-node 7 (under
 * @azure/identity 4.14.1) selects when IDENTITY_ENDPOINT and IDENTITY_HEADER
 * are set: `GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=…[&client_id=…]`
 * with header `X-IDENTITY-HEADER`. Served over HTTPS, like the other services.
 */
export function managedIdentityService(
  context: EntraContext,
  identityHeader: string
): ServiceDefinition {
  return {
    service: 'msi',
    route(req): Route {
      if (req.method === 'GET' && req.url.pathname === identityPath) {
        return {
          operationId: 'ManagedIdentity_Token',
          respond: (r) => respond(context, identityHeader, r)
        }
      }
      return { respond: () => error(404, `No route ${req.url.pathname}`) }
    },
    renderFault: (fault) => ({
      ...error(
        fault.status,
        fault.message ?? `Injected fault: HTTP ${fault.status}.`
      ),
      ...(fault.retryAfterSeconds === undefined
        ? {}
        : { headers: { 'Retry-After': String(fault.retryAfterSeconds) } })
    })
  }
}

async function respond(
  context: EntraContext,
  identityHeader: string,
  req: EmulatorRequest
): Promise<Reply> {
  if (headerValue(req.headers, 'x-identity-header') !== identityHeader) {
    return error(
      401,
      'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.'
    )
  }
  const resource = req.url.searchParams.get('resource')
  if (!resource)
    return error(400, "The 'resource' query parameter is required.")
  const identity = findIdentity(context, req.url.searchParams)
  if (!identity) {
    return error(
      400,
      'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.'
    )
  }
  const issued = await issueAccessToken(
    context.key,
    context.scenario.tenant.id,
    {
      appId: identity.clientId,
      objectId: identity.principalId,
      credential: 'managed-identity'
    },
    resource
  )
  context.issuedTokens.push(issued.token)
  return {
    status: 200,
    body: {
      access_token: issued.token,
      expires_on: String(issued.expiresOnSeconds),
      resource,
      token_type: 'Bearer',
      client_id: identity.clientId
    }
  }
}

/** System-assigned without an id; user-assigned by client_id, object_id or mi_res_id. */
function findIdentity(
  context: EntraContext,
  query: URLSearchParams
): EntraContext['scenario']['managedIdentities'][number] | undefined {
  const identities = context.scenario.managedIdentities
  const clientId = query.get('client_id')?.toLowerCase()
  const objectId = query.get('object_id')?.toLowerCase()
  const resourceId = query.get('mi_res_id')?.toLowerCase()
  if (clientId)
    return identities.find(
      (i) => i.kind === 'user-assigned' && i.clientId.toLowerCase() === clientId
    )
  if (objectId)
    return identities.find(
      (i) =>
        i.kind === 'user-assigned' && i.principalId.toLowerCase() === objectId
    )
  if (resourceId) {
    return identities.find(
      (i) =>
        i.kind === 'user-assigned' &&
        resourceId.endsWith(`/userassignedidentities/${i.name.toLowerCase()}`)
    )
  }
  return identities.find((i) => i.kind === 'system-assigned')
}

function error(status: number, message: string): Reply {
  return {
    status,
    body: { statusCode: status, message, correlationId: randomUUID() }
  }
}
