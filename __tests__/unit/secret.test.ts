// A Secret that slips into a string, a log line or JSON prints as ***.
import { inspect, format } from 'node:util'
import { Secret } from '../../src/secret.ts'

const value = 'Zebra-Quartz-Kettle-42'

describe('Secret', () => {
  it.each([
    ['String()', (s: Secret) => String(s)],
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- the slip under test
    ['a template literal', (s: Secret) => `password=${s}`],
    ['Array.join', (s: Secret) => ['password', s].join('=')],
    ['JSON.stringify', (s: Secret) => JSON.stringify({ password: s })],
    ['util.inspect', (s: Secret) => inspect(s)],
    [
      'util.inspect of a holder',
      (s: Secret) => inspect({ mode: { password: s } })
    ],
    ['util.format %s', (s: Secret) => format('%s', s)],
    ['util.format %o', (s: Secret) => format('%o', s)],
    ['util.format %j', (s: Secret) => format('%j', { password: s })],
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- the slip under test
    ['an error message', (s: Secret) => new Error(`bad ${s}`).message]
  ])('prints *** through %s', (_, print) => {
    const secret = new Secret(value)

    const printed = print(secret)

    expect(printed).toContain('***')
    expect(printed).not.toContain(value)
  })

  const exactly: [string, (s: Secret) => string, string][] = [
    ['String()', (s) => String(s), '***'],
    ['JSON.stringify', (s) => JSON.stringify(s), '"***"'],
    ['util.inspect', (s) => inspect(s), '***']
  ]

  it.each(exactly)('prints exactly *** through %s', (_, print, expected) => {
    const secret = new Secret(value)

    const printed = print(secret)

    expect(printed).toBe(expected)
  })

  it('has no enumerable field that holds the value', () => {
    const secret = new Secret(value)

    const fields = Object.values(secret) as unknown[]

    expect(fields).toEqual([])
  })

  it('reveals the value it holds', () => {
    const secret = new Secret(`  ${value}\n`)

    const revealed = secret.reveal()

    expect(revealed).toBe(`  ${value}\n`)
  })
})
