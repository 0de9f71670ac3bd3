import type { Route, ServiceDefinition } from '../server.ts'
import { aadstsReply } from './errors.ts'
import { matchLegacyRoute } from './legacy-routes.ts'
import {
  instanceDiscovery,
  openIdConfiguration,
  signingKeys
} from './openid.ts'
import { respondToTokenRequest, type EntraContext } from './token.ts'

const openIdPath = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/
const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/
const keysPath = /^\/([^/]+)\/discovery\/v2\.0\/keys$/

/** Entra ID: OpenID metadata, instance discovery, keys, the v2 and v1 token endpoints, and an AD FS authority. */
export function entraService(context: EntraContext): ServiceDefinition {
  return {
    service: 'entra',
    route(req): Route {
      const legacy = matchLegacyRoute(context, req)
      if (legacy) return legacy
      const path = req.url.pathname
      const token = tokenPath.exec(path)
      if (token?.[1] && req.method === 'POST') {
        const tenant = decodeURIComponent(token[1])
        return {
          operationId: 'Entra_Token',
          respond: (r) => respondToTokenRequest(context, tenant, r)
        }
      }
      if (req.method === 'GET') {
        const openId = openIdPath.exec(path)
        if (openId?.[1]) {
          const tenant = decodeURIComponent(openId[1])
          return {
            operationId: 'Entra_OpenIdConfiguration',
            respond: () => openIdConfiguration(context, tenant)
          }
        }
        if (keysPath.test(path))
          return {
            operationId: 'Entra_Keys',
            respond: () => signingKeys(context)
          }
        if (path === '/common/discovery/instance') {
          const endpoint = req.url.searchParams.get('authorization_endpoint')
          return {
            operationId: 'Entra_InstanceDiscovery',
            respond: () => instanceDiscovery(context, endpoint)
          }
        }
      }
      return {
        respond: () => ({
          status: 404,
          body: { error: 'not_found', error_description: `No route ${path}` }
        })
      }
    },
    renderFault(fault) {
      const transient = fault.status === 429 || fault.status >= 500
      const reply = aadstsReply(context.authorityHost(), {
        status: fault.status,
        error:
          fault.code ??
          (transient ? 'temporarily_unavailable' : 'invalid_request'),
        code: transient ? 90033 : 90000,
        description:
          fault.message ?? 'A transient error has occurred. Please try again.'
      })
      return fault.retryAfterSeconds === undefined
        ? reply
        : {
            ...reply,
            headers: { 'Retry-After': String(fault.retryAfterSeconds) }
          }
    }
  }
}
