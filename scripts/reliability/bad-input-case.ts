// What a bad-input case is, the valid run it changes, and the builders the
// catalogue files share.
import type { InputName } from '../../src/settings.ts'
import { longestInput, repeatTo, type InputLength } from './env-limits.ts'

/** An input the message must name, and the rule it must state. */
export interface Refusal {
  input: InputName
  rule: RegExp
}

/** One bad input (or set of inputs) and how the action must refuse it. */
export interface BadInputCase {
  /** Reads after "refuses": e.g. 'a missing subscription-id'. */
  name: string
  /**
   * Changes to a valid reset-password run of vm-web-01 (OIDC sign-in);
   * `undefined` removes an input.
   */
  inputs: Partial<Record<InputName, string | undefined>>
  /** Changes to the runner's environment. */
  env?: Record<string, string>
  refuses: Refusal[]
  /** Values besides password and client-secret that must never be shown. */
  secrets?: string[]
  notes?: string[]
  /** Why the action does not hold this case yet. */
  knownGap?: string
}

/** The valid password of the base run; a case that echoes it leaks it. */
export const validPassword = 'Bad-Input-Passw0rd!7431'

/** A client secret for client-secret runs; nothing reaches Entra to check it. */
export const validClientSecret = 'Bad-Input-Client-Secret~9f3K'

/** A well-formed GUID, for values that break only one rule. */
export const guid = 'ee9c7700-e9a2-4a86-ac6e-7299bfd7524b'
/** Inputs that switch the base run to auth-type client-secret. */
export const clientSecretAuth = {
  'auth-type': 'client-secret',
  'client-secret': validClientSecret
} as const

// The rules as the action states them, shared by several catalogue files.
/** A required input that is absent or blank. */
export const required = /is required/
/** A word outside an input's fixed set. */
export const notOneOf = /is not one of/
/** A value that is not a GUID. */
export const notGuid = /is not a GUID/
/** A line break or another control character. */
export const controlCharacter =
  /contains a line break or another control character/
/** An input that mode reset-rdp refuses. */
export const resetRdpOnly = /is not used by mode reset-rdp/

/** One refusal: `input` must be named with `rule`. */
export function refusing(input: InputName, rule: RegExp): Refusal[] {
  return [{ input, rule }]
}

/** `input` left out of the base run (plus `given`). */
export function missing(
  input: InputName,
  given: BadInputCase['inputs'] = {}
): BadInputCase {
  const forAuth = given['auth-type']
    ? ` with auth-type ${given['auth-type']}`
    : ''
  return {
    name: `a missing ${input}${forAuth}`,
    inputs: { ...given, [input]: undefined },
    refuses: refusing(input, required)
  }
}

/** `input` given as whitespace only, which the runner trims to nothing. */
export function blank(
  input: InputName,
  value: string,
  given: BadInputCase['inputs'] = {}
): BadInputCase {
  return {
    name: `a ${input} of only ${JSON.stringify(value)}`,
    inputs: { ...given, [input]: value },
    refuses: refusing(input, required)
  }
}

/** `input` of 1 MB, or of the longest value spawn accepts (see env-limits.ts). */
export function oversized(
  input: InputName,
  given: BadInputCase['inputs'] = {}
): BadInputCase {
  const megabyte = 1024 * 1024
  const size: InputLength = longestInput(input, megabyte)
  const value = repeatTo('Big-Value-0k!', size.length)
  return {
    name: `a 1 MB ${input}`,
    inputs: { ...given, [input]: value },
    refuses: refusing(
      input,
      new RegExp(`is ${size.length} characters long; no input may exceed`)
    ),
    ...(size.note ? { notes: [size.note] } : {})
  }
}
