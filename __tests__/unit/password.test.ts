import { generatePassword, passwordClasses } from '../../src/password.ts'
import { checkPassword } from '../../src/windows-credentials.ts'

const alphabet = passwordClasses.join('')
const samples = Array.from({ length: 10_000 }, () => generatePassword(24))

describe('generatePassword', () => {
  it('makes 10,000 passwords that all pass Azure’s Windows rules', () => {
    const refused = samples.filter((p) => checkPassword(p, 'azureadmin'))

    expect(refused).toEqual([])
  })

  it('puts every character class in every password', () => {
    const missing = samples.filter((p) =>
      passwordClasses.some((set) => ![...p].some((c) => set.includes(c)))
    )

    expect(missing).toEqual([])
  })

  it.each([14, 24, 123])('makes a password of exactly %i characters', (n) => {
    expect(generatePassword(n)).toHaveLength(n)
  })

  it('uses only the alphabet: no quotes, backslash, backtick or space', () => {
    const used = new Set(samples.join(''))

    expect([...used].filter((c) => !alphabet.includes(c))).toEqual([])
    expect(used.size).toBe(alphabet.length)
  })

  it('shows no bias beyond the one forced character per class (chi-square)', () => {
    // Each password: one uniform pick per class, then 20 over the alphabet.
    const counts = new Map<string, number>()
    for (const c of samples.join('')) counts.set(c, (counts.get(c) ?? 0) + 1)
    const free = 24 - passwordClasses.length
    let chiSquare = 0
    for (const set of passwordClasses) {
      for (const c of set) {
        const expected =
          samples.length * (1 / set.length + free / alphabet.length)
        chiSquare += ((counts.get(c) ?? 0) - expected) ** 2 / expected
      }
    }

    // 89 degrees of freedom: 160 is beyond the 1-in-a-million tail.
    expect(chiSquare).toBeLessThan(160)
  })

  it('shuffles the forced characters instead of leaving them in front', () => {
    const lowerFirst =
      samples.filter((p) => /^[a-z]/.test(p)).length / samples.length

    // P = 1/24 (the forced lower slot) + 20/24 × 26/90 ≈ 0.282.
    expect(lowerFirst).toBeGreaterThan(0.25)
    expect(lowerFirst).toBeLessThan(0.32)
  })

  it('draws every character from the given source of randomness', () => {
    const first = (max: number): number => max - 1

    expect(generatePassword(8, first)).toBe(generatePassword(8, first))
  })
})
