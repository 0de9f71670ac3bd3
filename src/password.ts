// New admin passwords from node:crypto's CSPRNG, meeting Azure's Windows
// rules with all four character classes (windows-credentials.ts).
import { randomInt } from 'node:crypto'

const lower = 'abcdefghijklmnopqrstuvwxyz'
const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const digits = '0123456789'
// No quotes, backslash, backtick or space: they break scripts and RDP clients
// that the operator pastes the password into.
const special = '!#$%&()*+,-./:;<=>?@[]^_{|}~'

/** The classes every generated password holds at least one of. */
export const passwordClasses = [lower, upper, digits, special] as const

const alphabet = passwordClasses.join('')

/** Picks a uniform character of `chars`; `pick` defaults to the CSPRNG. */
type Pick = (max: number) => number

/**
 * A password of `length` characters: one of each class, the rest uniform over
 * all of them, shuffled so the forced characters sit anywhere.
 */
export function generatePassword(
  length: number,
  pick: Pick = randomInt
): string {
  const chars = [
    ...passwordClasses.map((set) => set[pick(set.length)] ?? ''),
    ...Array.from(
      { length: length - passwordClasses.length },
      () => alphabet[pick(alphabet.length)] ?? ''
    )
  ]
  // Fisher-Yates with the same source of randomness.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = pick(i + 1)
    ;[chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? '']
  }
  return chars.join('')
}
