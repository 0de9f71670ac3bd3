import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** A salted scrypt hash; the emulator never keeps a password's clear text. */
export interface PasswordHash {
  salt: string
  hash: string
}

// One salt per emulator process: two hashes of one password are equal, so a
// guest can check a password that arrived hashed (a protected Run Command
// parameter) against an account's hash without either clear text.
const processSalt = randomBytes(16)

/** Hashes a password with the process's salt. */
export function hashPassword(password: string): PasswordHash {
  return {
    salt: processSalt.toString('base64'),
    hash: scryptSync(password, processSalt, 32).toString('base64')
  }
}

/** True when `password` is the one that produced `stored`. */
export function isSamePassword(
  stored: PasswordHash,
  password: string
): boolean {
  const expected = Buffer.from(stored.hash, 'base64')
  const actual = scryptSync(password, Buffer.from(stored.salt, 'base64'), 32)
  return timingSafeEqual(expected, actual)
}

/** True when two hashes were made from one password (same salt, same hash). */
export function isSameHash(a: PasswordHash, b: PasswordHash): boolean {
  const left = Buffer.from(a.hash, 'base64')
  const right = Buffer.from(b.hash, 'base64')
  return (
    a.salt === b.salt &&
    left.length === right.length &&
    timingSafeEqual(left, right)
  )
}
