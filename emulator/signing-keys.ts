import { randomUUID } from 'node:crypto'
import {
  errors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload
} from 'jose'

/** An RS256 key pair that signs one issuer's JWTs. */
export interface SigningKey {
  kid: string
  /** Public key as a JWK, for JWKS endpoints. */
  publicJwk: JWK
  /** Signs the claims as an RS256 JWT with this key's `kid`. */
  sign: (claims: JWTPayload) => Promise<string>
  /** Verifies signature and time claims; see {@link TokenCheck}. */
  verify: (token: string) => Promise<TokenCheck>
}

/** Outcome of checking a JWT against one key. */
export type TokenCheck =
  | { ok: true; claims: JWTPayload }
  | { ok: false; reason: 'malformed' | 'bad-signature' }
  | { ok: false; reason: 'expired' | 'not-yet-valid'; claims: JWTPayload }

/** Generates a fresh key pair; nothing is read from or written to disk. */
export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', {
    extractable: true
  })
  const kid = randomUUID()
  const publicJwk = {
    ...(await exportJWK(publicKey)),
    kid,
    use: 'sig',
    alg: 'RS256'
  }
  return {
    kid,
    publicJwk,
    sign: (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .sign(privateKey),
    verify: (token) => verifyWith(publicKey, token)
  }
}

async function verifyWith(key: CryptoKey, token: string): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['RS256'] })
    return { ok: true, claims: payload }
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      return { ok: false, reason: 'expired', claims: error.payload }
    }
    if (
      error instanceof errors.JWTClaimValidationFailed &&
      error.claim === 'nbf'
    ) {
      return { ok: false, reason: 'not-yet-valid', claims: error.payload }
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return { ok: false, reason: 'bad-signature' }
    }
    return { ok: false, reason: 'malformed' }
  }
}
