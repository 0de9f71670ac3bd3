import type { Reply } from '../http-io.ts'
import { aadstsReply, tenantNotFound } from './errors.ts'
import { isKnownTenant, type EntraContext } from './token.ts'

/**
 * `GET /{tenant}/v2.0/.well-known/openid-configuration`: the metadata MSAL reads
 * before its first token request (shape: Azure/azure-workload-identity#682).
 */
export function openIdConfiguration(
  context: EntraContext,
  tenant: string
): Reply {
  const host = context.authorityHost()
  if (!isKnownTenant(context.scenario, tenant))
    return aadstsReply(host, tenantNotFound(tenant))
  const tenantId = context.scenario.tenant.id
  const base = `${host}/${tenantId}`
  return {
    status: 200,
    body: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic'
      ],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: [
        'code',
        'id_token',
        'code id_token',
        'id_token token'
      ],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'nbf',
        'tid',
        'oid'
      ],
      tenant_region_scope: 'EU',
      cloud_instance_name: new URL(host).host,
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com'
    }
  }
}

/**
 * `GET /common/discovery/instance`: MSAL's instance discovery, only called when
 * `disableInstanceDiscovery` is off. Every alias is the emulator itself.
 */
export function instanceDiscovery(
  context: EntraContext,
  authorizationEndpoint: string | null
): Reply {
  const host = new URL(context.authorityHost()).host
  const tenant =
    /\/([^/]+)\/oauth2\//.exec(authorizationEndpoint ?? '')?.[1] ??
    context.scenario.tenant.id
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${context.authorityHost()}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [
        { preferred_network: host, preferred_cache: host, aliases: [host] }
      ]
    }
  }
}

/** `GET /{tenant}/discovery/v2.0/keys`: the public key that signs access tokens. */
export function signingKeys(context: EntraContext): Reply {
  return { status: 200, body: { keys: [context.key.publicJwk] } }
}
