// Tag names compare without case as Azure compares them (.NET's
// OrdinalIgnoreCase), not with JavaScript's Unicode case folding.
import { ordinalUpper } from '../../src/fleet/select.ts'

describe('ordinalUpper', () => {
  it.each([
    ['rotate', 'ROTATE'],
    ['Rotate', 'rOTATE'],
    ['Équipe', 'éQUIPE']
  ])('matches the tag name %j with %j', (a, b) => {
    expect(ordinalUpper(a)).toBe(ordinalUpper(b))
  })

  it.each([
    ['the Kelvin sign (U+212A)', '\u212aind', 'kind'],
    ['the dotted capital I (U+0130)', 'l\u0130nux', 'linux'],
    ['ß', 'stra\u00dfe', 'STRASSE']
  ])('does not take %s for another letter', (_, a, b) => {
    expect(ordinalUpper(a)).not.toBe(ordinalUpper(b))
  })
})
