// auth-type → a TokenCredential from @azure/identity. Every token it receives
// or hands out is masked through the run's redactor before the SDK can log it.
import * as core from '@actions/core'
import type {
  AccessToken,
  GetTokenOptions,
  TokenCredential
} from '@azure/core-auth'
import {
  AzureCliCredential,
  ClientAssertionCredential,
  ClientSecretCredential,
  ManagedIdentityCredential
} from '@azure/identity'
import type { Redactor } from './secret.ts'
import type { Auth, Cloud } from './settings.ts'

/** The claims of a GitHub OIDC token that a remedy may show (never the token). */
export interface OidcClaims {
  sub?: string
  iss?: string
  aud?: string
  /** Expiry, seconds since the epoch. */
  exp?: number
}

// A GitHub token with this much life left is still good for an assertion;
// an older one is replaced, so a long run never presents an expired one.
const idTokenMarginMs = 60_000

/** A credential, and what it learnt about the GitHub token it used. */
export interface SignIn {
  credential: TokenCredential
  lastOidcClaims: () => OidcClaims | undefined
}

/** Builds the credential that `auth` names, for the authority of `cloud`. */
export function createSignIn(
  auth: Auth,
  cloud: Cloud,
  redactor: Redactor,
  /** A GitHub OIDC token already on its way (oidc only). */
  firstIdToken?: Promise<string>
): SignIn {
  const gitHub = gitHubAssertion(redactor, firstIdToken)
  const options = {
    authorityHost: cloud.authorityHost,
    // MSAL would ask the public cloud to vouch for an unknown authority
    // (the emulator, a private authority) and fail with endpoints_resolution_error.
    disableInstanceDiscovery: !cloud.isKnownAuthority
  }
  const credential = chooseCredential(auth, options, gitHub.assertion)
  return {
    credential: guarded(credential, redactor),
    lastOidcClaims: gitHub.lastClaims
  }
}

/** What @azure/identity's credentials take besides the account. */
interface CredentialOptions {
  authorityHost: string
  disableInstanceDiscovery: boolean
}

/** The credential class for `auth.kind`. */
function chooseCredential(
  auth: Auth,
  options: CredentialOptions,
  gitHubAssertion: (audience: string) => Promise<string>
): TokenCredential {
  switch (auth.kind) {
    case 'oidc':
      return new ClientAssertionCredential(
        auth.tenantId,
        auth.clientId,
        () => gitHubAssertion(auth.audience),
        options
      )
    case 'client-secret':
      return new ClientSecretCredential(
        auth.tenantId,
        auth.clientId,
        auth.clientSecret.reveal(),
        options
      )
    case 'managed-identity':
      return auth.clientId
        ? new ManagedIdentityCredential({ clientId: auth.clientId })
        : new ManagedIdentityCredential()
    case 'azure-cli':
      return new AzureCliCredential(
        auth.tenantId ? { tenantId: auth.tenantId } : {}
      )
    default: {
      const unknown: never = auth
      throw new Error(`unknown auth type ${JSON.stringify(unknown)}`)
    }
  }
}

/**
 * GitHub OIDC tokens for client assertions. GitHub's tokens live minutes:
 * one is asked for whenever the last is near expiry (AADSTS700024), not kept
 * for the run. MSAL asks twice per sign-in; the second ask reuses the first
 * answer.
 */
function gitHubAssertion(
  redactor: Redactor,
  firstIdToken: Promise<string> | undefined
): {
  assertion: (audience: string) => Promise<string>
  lastClaims: () => OidcClaims | undefined
} {
  let pendingIdToken = firstIdToken
  let claims: OidcClaims | undefined
  let idToken: string | undefined
  const assertion = async (audience: string): Promise<string> => {
    const expiresMs = (claims?.exp ?? 0) * 1000
    if (idToken && expiresMs - Date.now() > idTokenMarginMs) return idToken
    idToken = await (pendingIdToken ?? core.getIDToken(audience))
    pendingIdToken = undefined
    redactor.mask(idToken)
    claims = readClaims(idToken)
    return idToken
  }
  return { assertion, lastClaims: () => claims }
}

/**
 * Wraps a credential so that every access token is masked in the log, and
 * a request's abort (a cancel, the timeout) ends the wait for a token: MSAL's
 * requests to Entra and GitHub's token request take no signal, so a sign-in
 * that hangs would otherwise outlive the runner's SIGKILL.
 */
function guarded(inner: TokenCredential, redactor: Redactor): TokenCredential {
  return {
    async getToken(
      scopes: string | string[],
      options?: GetTokenOptions
    ): Promise<AccessToken | null> {
      const signal = options?.abortSignal as AbortSignal | undefined
      const token = await untilAborted(inner.getToken(scopes, options), signal)
      if (token) redactor.mask(token.token)
      return token
    }
  }
}

/** `work`, or its signal's abort as an AbortError, whichever comes first. */
function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined
): Promise<T> {
  if (!signal) return work
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => {
      const error = new Error('The sign-in was stopped before it finished.')
      error.name = 'AbortError'
      reject(error)
    }
    if (signal.aborted) return stop()
    signal.addEventListener('abort', stop, { once: true })
    // A token that comes after the abort is nobody's; so is its failure.
    void work
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', stop))
  })
}

/** Reads the display claims of a JWT without trusting it. */
export function readClaims(jwt: string): OidcClaims {
  try {
    const payload: unknown = JSON.parse(
      Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')
    )
    if (typeof payload !== 'object' || payload === null) return {}
    const { sub, iss, aud, exp } = payload as Record<string, unknown>
    return {
      sub: typeof sub === 'string' ? sub : undefined,
      iss: typeof iss === 'string' ? iss : undefined,
      aud: typeof aud === 'string' ? aud : undefined,
      exp: typeof exp === 'number' ? exp : undefined
    }
  } catch {
    // Not a JWT: there is nothing to show, and the sign-in error says why.
    return {}
  }
}
