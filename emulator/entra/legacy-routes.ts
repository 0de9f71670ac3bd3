import type { EmulatorRequest } from '../http-io.ts'
import type { Route } from '../server.ts'
import { adfsOpenIdConfiguration, adfsPrefix } from './adfs.ts'
import { signingKeys } from './openid.ts'
import type { EntraContext } from './token.ts'
import {
  respondToAdfsTokenRequest,
  respondToV1TokenRequest
} from './token-v1.ts'

const v1TokenPath = /^\/([^/]+)\/oauth2\/token\/?$/
const adfsOpenIdPath = `${adfsPrefix}/.well-known/openid-configuration`
const adfsKeysPath = `${adfsPrefix}/discovery/keys`

/**
 * Routes beside the v2 endpoints: the v1 token endpoint and the AD FS
 * authority (adfs.ts). Undefined for any other request. They share the v2
 * operation ids, so a queued `Entra_Token` fault hits whichever comes first.
 */
export function matchLegacyRoute(
  context: EntraContext,
  req: EmulatorRequest
): Route | undefined {
  const path = req.url.pathname
  const token = v1TokenPath.exec(path)
  if (token?.[1] && req.method === 'POST') {
    const tenant = decodeURIComponent(token[1])
    return {
      operationId: 'Entra_Token',
      respond: (r) =>
        tenant.toLowerCase() === adfsPrefix.slice(1)
          ? respondToAdfsTokenRequest(context, r)
          : respondToV1TokenRequest(context, tenant, r)
    }
  }
  if (req.method !== 'GET') return undefined
  if (path === adfsOpenIdPath)
    return {
      operationId: 'Entra_OpenIdConfiguration',
      respond: () => adfsOpenIdConfiguration(context)
    }
  if (path === adfsKeysPath)
    return { operationId: 'Entra_Keys', respond: () => signingKeys(context) }
  return undefined
}
