import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** A salted scrypt hash; the emulator never keeps a password's clear text. */
export interface PasswordHash {
  salt: string
  hash: string
}

/** Hashes a password with a fresh random salt. */
export function hashPassword(password: string): PasswordHash {
  const salt = randomBytes(16)
  return {
    salt: salt.toString('base64'),
    hash: scryptSync(password, salt, 32).toString('base64')
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
