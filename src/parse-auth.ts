// Pure: the sign-in (auth-type and its inputs) and the cloud's endpoints
// (environment, resource-manager-endpoint, the runner's authority host).
import { resolveCloud } from './clouds.ts'
import type { InputReader } from './input-reader.ts'
import { Secret } from './secret.ts'
import {
  Defaults,
  Environments,
  Input,
  type Auth,
  type AuthType,
  type Cloud
} from './settings.ts'
import {
  checkAudience,
  checkAuthorityHost,
  checkDnsSuffix,
  checkGuid,
  checkHttpsEndpoint,
  checkTenant
} from './validation.ts'

/**
 * The cloud's endpoints, from environment, the endpoint input and the runner
 * (authorityHost: its AZURE_AUTHORITY_HOST).
 */
export function readCloud(
  reader: InputReader,
  authorityHost: string | undefined
): Cloud | undefined {
  const environment = reader.oneOf(
    Input.environment,
    Environments,
    Defaults.environment
  )
  const endpoint = reader.optional(
    Input.resourceManagerEndpoint,
    checkHttpsEndpoint
  )
  const vaultSuffix = reader.optional(Input.keyVaultDnsSuffix, checkDnsSuffix)
  const authorityProblem = authorityHost && checkAuthorityHost(authorityHost)
  if (authorityProblem) {
    reader.report(
      Input.environment,
      `cannot be used: the runner's AZURE_AUTHORITY_HOST ${authorityProblem.problem}`,
      'Set AZURE_AUTHORITY_HOST to the https URL of the Entra authority, or unset it.'
    )
  }
  return environment && !authorityProblem
    ? resolveCloud(environment, endpoint, authorityHost, vaultSuffix)
    : undefined
}

/** auth-type and the inputs it needs → how the run signs in. */
export function readAuth(
  kind: AuthType,
  reader: InputReader
): Auth | undefined {
  const forAuth = `for auth-type ${kind}`
  switch (kind) {
    case 'oidc': {
      reader.notFor(
        Input.clientSecret,
        `is only used with auth-type client-secret, not ${kind}`,
        'Remove client-secret, or set auth-type: client-secret.'
      )
      const tenantId = reader.required(Input.tenantId, checkTenant, forAuth)
      const clientId = reader.required(Input.clientId, checkGuid, forAuth)
      const audience =
        reader.optional(Input.audience, checkAudience) ?? Defaults.audience
      return tenantId && clientId
        ? { kind, tenantId, clientId, audience }
        : undefined
    }
    case 'client-secret': {
      const tenantId = reader.required(Input.tenantId, checkTenant, forAuth)
      const clientId = reader.required(Input.clientId, checkGuid, forAuth)
      const secret = reader.required(Input.clientSecret, undefined, forAuth)
      return tenantId && clientId && secret
        ? { kind, tenantId, clientId, clientSecret: new Secret(secret) }
        : undefined
    }
    case 'managed-identity': {
      reader.notFor(
        Input.clientSecret,
        `is not used with auth-type ${kind}`,
        'Remove client-secret.'
      )
      const clientId = reader.optional(Input.clientId, checkGuid)
      return clientId ? { kind, clientId } : { kind }
    }
    case 'azure-cli': {
      reader.notFor(
        Input.clientSecret,
        `is not used with auth-type ${kind}`,
        'Remove client-secret; azure/login already signed in.'
      )
      const tenantId = reader.optional(Input.tenantId, checkTenant)
      return tenantId ? { kind, tenantId } : { kind }
    }
  }
}
