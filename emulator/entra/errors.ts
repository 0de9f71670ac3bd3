import { randomUUID } from 'node:crypto'
import type { Reply } from '../http-io.ts'

/** An Entra OAuth error, e.g. `invalid_client` with AADSTS70021. */
export interface AadstsError {
  status: number
  error: string
  code: number
  description: string
}

/**
 * The body Entra's token endpoint sends, as seen in
 * Azure/azure-workload-identity#616 and microsoft/Agents#202:
 * `error_description` ends with Trace ID, Correlation ID and Timestamp lines.
 */
export function aadstsReply(authorityHost: string, e: AadstsError): Reply {
  const traceId = randomUUID()
  const correlationId = randomUUID()
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
  return {
    status: e.status,
    body: {
      error: e.error,
      error_description: `AADSTS${e.code}: ${e.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [e.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${authorityHost}/error?code=${e.code}`
    }
  }
}

/** AADSTS90002: the tenant in the URL is neither the tenant id nor its domain. */
export function tenantNotFound(tenant: string): AadstsError {
  return {
    status: 400,
    error: 'invalid_tenant',
    code: 90002,
    description:
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into ` +
      'the correct cloud. Check with your subscription administrator, this may happen if there are no active ' +
      'subscriptions for the tenant.'
  }
}

/** AADSTS700016: no app registration with this client id (Azure/login#561). */
export function applicationNotFound(
  clientId: string,
  tenant: string
): AadstsError {
  return {
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    description:
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if ` +
      'the application has not been installed by the administrator of the tenant or consented to by any user in ' +
      'the tenant. You may have sent your authentication request to the wrong tenant.'
  }
}

/** AADSTS7000215: wrong client secret (MicrosoftDocs/azure-docs#33356). */
export function invalidClientSecret(clientId: string): AadstsError {
  return {
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    description:
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
      `not the client secret ID, for a secret added to app '${clientId}'.`
  }
}

/** AADSTS70021: no federated credential matches (issuer, subject, audience); matching is case-sensitive. */
export function noMatchingFederatedCredential(claims: {
  iss: string
  sub: string
  aud: string
}): AadstsError {
  return {
    status: 400,
    error: 'invalid_request',
    code: 70021,
    description:
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${claims.iss}'. ` +
      `Assertion Subject: '${claims.sub}'. Assertion Audience: '${claims.aud}'. ` +
      'https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation'
  }
}

/** AADSTS700024: the assertion is expired or not yet valid. */
export function assertionOutOfTime(
  now: Date,
  notBefore: Date | undefined,
  expiry: Date | undefined
): AadstsError {
  return {
    status: 400,
    error: 'invalid_client',
    code: 700024,
    description:
      `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, assertion valid ` +
      `from ${notBefore?.toISOString() ?? 'unknown'}, expiry time of assertion ${expiry?.toISOString() ?? 'unknown'}. ` +
      'Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .'
  }
}

/** AADSTS50013: the assertion's signature does not verify against the issuer's keys. */
export function assertionSignatureInvalid(): AadstsError {
  return {
    status: 400,
    error: 'invalid_client',
    code: 50013,
    description:
      'Assertion failed signature validation. [Reason - The key was not found.]'
  }
}

/** AADSTS7000218: neither client_secret nor client_assertion was sent. */
export function missingClientCredential(): AadstsError {
  return {
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    description:
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."
  }
}

/** AADSTS1002012: client credentials need a `<resource>/.default` scope. */
export function invalidScope(scope: string): AadstsError {
  return {
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    description:
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with ` +
      '/.default suffixed to the resource identifier (application ID URI).'
  }
}

/** AADSTS70003: only client_credentials is emulated. */
export function unsupportedGrant(grantType: string): AadstsError {
  return {
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    description: `The app requested an unsupported grant type '${grantType}'.`
  }
}

/** AADSTS700211: the assertion's issuer matches no federated credential. */
export function unknownAssertionIssuer(issuer: string): AadstsError {
  return {
    status: 400,
    error: 'invalid_request',
    code: 700211,
    description:
      `No matching federated identity record found for presented assertion issuer '${issuer}'. Please check your ` +
      'federated identity credential Subject, Audience and Issuer against the presented assertion. ' +
      'https://learn.microsoft.com/entra/workload-id/workload-identity-federation'
  }
}

/** AADSTS50027: the assertion is not a JWT. */
export function malformedAssertion(): AadstsError {
  return {
    status: 400,
    error: 'invalid_request',
    code: 50027,
    description: 'JWT token is invalid or malformed.'
  }
}

/** AADSTS900144: a required form parameter (v1's `resource`) is missing. */
export function missingParameter(name: string): AadstsError {
  return {
    status: 400,
    error: 'invalid_request',
    code: 900144,
    description: `The request body must contain the following parameter: '${name}'.`
  }
}
