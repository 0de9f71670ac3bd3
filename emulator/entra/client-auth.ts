import { timingSafeEqual } from 'node:crypto'
import { decodeJwt } from 'jose'
import type { Scenario } from '../scenario.ts'
import type { TokenCheck } from '../signing-keys.ts'
import type { Principal } from './access-token.ts'
import {
  assertionOutOfTime,
  assertionSignatureInvalid,
  invalidClientSecret,
  malformedAssertion,
  missingClientCredential,
  noMatchingFederatedCredential,
  unknownAssertionIssuer,
  type AadstsError
} from './errors.ts'

/** The issuer whose tokens Entra can verify: the emulator's GitHub OIDC service. */
export interface TrustedIssuer {
  issuer: string
  verify: (token: string) => Promise<TokenCheck>
}

/** How the client proved who it is, from the token request form. */
export type ClientCredential =
  | { kind: 'secret'; secret: string }
  | { kind: 'assertion'; assertion: string }
  | { kind: 'none' }

/** Reads client_secret or a jwt-bearer client_assertion from the form. */
export function readClientCredential(form: URLSearchParams): ClientCredential {
  const secret = form.get('client_secret')
  if (secret !== null) return { kind: 'secret', secret }
  const assertion = form.get('client_assertion')
  const type = form.get('client_assertion_type')
  if (
    assertion !== null &&
    type === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
  ) {
    return { kind: 'assertion', assertion }
  }
  return { kind: 'none' }
}

/** Authenticates the app registration; AADSTS errors as Entra words them. */
export async function authenticateApp(
  app: Scenario['appRegistration'],
  credential: ClientCredential,
  trusted: TrustedIssuer
): Promise<
  { ok: true; principal: Principal } | { ok: false; error: AadstsError }
> {
  const principal = (kind: Principal['credential']): Principal => ({
    appId: app.clientId,
    objectId: app.servicePrincipalId,
    credential: kind
  })
  switch (credential.kind) {
    case 'secret':
      return isSameSecret(app.clientSecret, credential.secret)
        ? { ok: true, principal: principal('secret') }
        : { ok: false, error: invalidClientSecret(app.clientId) }
    case 'assertion': {
      const error = await checkAssertion(
        app.federatedCredentials,
        credential.assertion,
        trusted
      )
      return error
        ? { ok: false, error }
        : { ok: true, principal: principal('assertion') }
    }
    case 'none':
      return { ok: false, error: missingClientCredential() }
  }
}

/**
 * Checks a federated assertion: issuer known, signature, time window, then an
 * exact (case-sensitive) match of issuer, subject and audience on a credential.
 */
async function checkAssertion(
  credentials: Scenario['appRegistration']['federatedCredentials'],
  assertion: string,
  trusted: TrustedIssuer
): Promise<AadstsError | undefined> {
  let unverified: ReturnType<typeof decodeJwt>
  try {
    unverified = decodeJwt(assertion)
  } catch {
    return malformedAssertion()
  }
  if (unverified.iss !== trusted.issuer)
    return unknownAssertionIssuer(String(unverified.iss))
  const check = await trusted.verify(assertion)
  if (!check.ok) {
    if (check.reason === 'expired' || check.reason === 'not-yet-valid') {
      return assertionOutOfTime(
        new Date(),
        secondsToDate(check.claims.nbf),
        secondsToDate(check.claims.exp)
      )
    }
    return assertionSignatureInvalid()
  }
  const iss = String(check.claims.iss)
  const sub = String(check.claims.sub)
  const audiences = Array.isArray(check.claims.aud)
    ? check.claims.aud
    : [String(check.claims.aud)]
  const match = credentials.some(
    (c) =>
      c.issuer === iss &&
      c.subject === sub &&
      audiences.some((aud) => c.audiences.includes(aud))
  )
  return match
    ? undefined
    : noMatchingFederatedCredential({ iss, sub, aud: audiences.join(', ') })
}

function secondsToDate(seconds: unknown): Date | undefined {
  return typeof seconds === 'number' ? new Date(seconds * 1000) : undefined
}

function isSameSecret(expected: string, actual: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(actual)
  return a.length === b.length && timingSafeEqual(a, b)
}
