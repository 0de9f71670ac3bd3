// An `/adfs` authority, as Azure Stack Hub's AD FS identity provider serves
// it. MSAL treats such an authority as known and skips instance discovery,
// which MSAL Python before azure-cli 2.51 (no `core.instance_discovery`)
// always sends to login.microsoftonline.com; so a CLI that cannot reach the
// internet signs in to the emulator through this door. Tokens are the same
// Entra tokens (the scenario's tenant), signed with the same key.
import type { Reply } from '../http-io.ts'
import type { EntraContext } from './token.ts'

/** The path prefix of the AD FS authority. */
export const adfsPrefix = '/adfs'

/** `GET /adfs/.well-known/openid-configuration`, the AD FS 2016+ discovery document (subset). */
export function adfsOpenIdConfiguration(context: EntraContext): Reply {
  const base = `${context.authorityHost()}${adfsPrefix}`
  return {
    status: 200,
    body: {
      issuer: base,
      authorization_endpoint: `${base}/oauth2/authorize/`,
      token_endpoint: `${base}/oauth2/token/`,
      jwks_uri: `${base}/discovery/keys`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'client_secret_basic',
        'private_key_jwt'
      ],
      response_types_supported: ['code', 'id_token', 'code id_token'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      grant_types_supported: ['authorization_code', 'client_credentials'],
      subject_types_supported: ['pairwise'],
      scopes_supported: ['openid', 'profile', 'email'],
      id_token_signing_alg_values_supported: ['RS256'],
      access_token_issuer: `${base}/services/trust`,
      end_session_endpoint: `${base}/oauth2/logout`
    }
  }
}
