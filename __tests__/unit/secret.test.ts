// A Secret that slips into a string, a log line or JSON prints as ***; the
// Redactor removes every form of every masked secret from what we write.
import { inspect, format } from 'node:util'
import { clipBytes } from '../../src/byte-limits.ts'
import { clip, escapeHtml } from '../../src/markup.ts'
import { Redactor, Secret } from '../../src/secret.ts'
import { derivedForms } from '../../src/secret-forms.ts'
import { captureStdout, maskQuietly, quietRedactor } from './quiet-redactor.ts'

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

describe('Redactor', () => {
  const secret = ' Zebra "Quartz"/Kettle+42&<\\ '

  it.each([
    ['as is', secret],
    ['trimmed', secret.trim()],
    ['URL-encoded', encodeURIComponent(secret)],
    ['base64-encoded', Buffer.from(secret).toString('base64')],
    [
      'base64-encoded when trimmed',
      Buffer.from(secret.trim()).toString('base64')
    ],
    ['JSON-escaped', ' Zebra \\"Quartz\\"/Kettle+42&<\\\\ '],
    ['HTML-escaped', ' Zebra &#34;Quartz&#34;/Kettle+42&#38;&#60;&#92; '],
    [
      'JSON-escaped, then HTML-escaped',
      escapeHtml(JSON.stringify(secret).slice(1, -1))
    ]
  ])('removes the secret %s', (_, form) => {
    const redactor = quietRedactor(secret)

    const clean = redactor.redact(`before ${form} after ${form}`)

    expect(clean).not.toContain('Kettle')
  })

  it.each([["Ze_bra*Qu'artz-42"], ['Ze_bra"Qu\\artz-42']])(
    'removes an echo of %s from the summary, URL-encoded or JSON-escaped, then HTML-escaped',
    (password) => {
      const redactor = quietRedactor(password)
      const summary = escapeHtml(
        `url ${encodeURIComponent(password)} json ${JSON.stringify(password)}`
      )

      const clean = redactor.redact(summary)

      expect(clean).not.toContain('artz')
    }
  )

  it('removes every secret it masked', () => {
    const redactor = quietRedactor('Zebra-Quartz-42', 'cs8Q~Lantern')

    const clean = redactor.redact(
      'password Zebra-Quartz-42, client secret cs8Q~Lantern'
    )

    expect(clean).toBe('password ***, client secret ***')
  })

  it('removes a longer secret whole when a shorter one is inside it', () => {
    const redactor = quietRedactor('Quartz-42', 'Zebra-Quartz-42-Kettle')

    const clean = redactor.redact('token Zebra-Quartz-42-Kettle')

    expect(clean).toBe('token ***')
  })

  it.each([[''], ['   ']])('ignores a blank secret %j', (blank) => {
    const { redactor, printed } = maskQuietly([blank])

    const clean = redactor.redact('web-01   rg-prod')

    expect(clean).toBe('web-01   rg-prod')
    expect(printed).toBe('')
  })

  it('masks each value once in the runner log', () => {
    const { printed } = maskQuietly(['Zebra-Quartz-42', 'Zebra-Quartz-42'])

    expect(printed.match(/::add-mask::/g)).toHaveLength(1)
  })

  it('masks a Secret by its value', () => {
    const redactor = new Redactor()

    const printed = captureStdout(() => redactor.mask(new Secret(value)))

    expect(printed).toContain(`::add-mask::${value}`)
    expect(redactor.redact(`password ${value}`)).toBe('password ***')
  })
})

describe('Redactor, on what a server or the guest echoes', () => {
  const secret = `Ze bra+"Qu<artz>&'Kettle42`

  it.each([
    ['form-encoded (+ for a space)', 'Ze+bra%2B%22Qu%3Cartz%3E%26%27Kettle42'],
    [
      'JSON-escaped the .NET way (\\u002B, \\u003C)',
      'Ze bra\\u002B\\u0022Qu\\u003Cartz\\u003E\\u0026\\u0027Kettle42'
    ],
    [
      'HTML-encoded with named entities',
      'Ze bra+&quot;Qu&lt;artz&gt;&amp;&#39;Kettle42'
    ],
    [
      'base64 of UTF-16LE (PowerShell -EncodedCommand)',
      Buffer.from(secret, 'utf16le').toString('base64')
    ],
    [
      'JSON-escaped twice (a JSON output of a JSON echo)',
      JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1)
    ],
    [
      'HTML-encoded with named entities, then escaped for the summary',
      escapeHtml('Ze bra+&quot;Qu&lt;artz&gt;&amp;&#39;Kettle42')
    ]
  ])('removes the secret %s', (_, form) => {
    const redactor = quietRedactor(secret)

    const clean = redactor.redact(`Bad password: ${form}.`)

    expect(clean).toBe('Bad password: ***.')
  })

  it.each([
    ['UTF-8', 0, 'utf8'],
    ['UTF-8', 1, 'utf8'],
    ['UTF-8', 2, 'utf8'],
    ['UTF-16LE', 0, 'utf16le'],
    ['UTF-16LE', 1, 'utf16le'],
    ['UTF-16LE', 2, 'utf16le']
  ] as const)(
    'removes the secret from a longer %s base64 blob, %i character(s) further in',
    (_, offset, encoding) => {
      const script = `${'x'.repeat(offset)}net user azureadmin '${secret}' /y`
      const blob = Buffer.from(script, encoding).toString('base64')
      const redactor = quietRedactor(secret)

      const clean = redactor.redact(`-EncodedCommand ${blob}`)

      const left = Buffer.from(clean.slice(16), 'base64').toString(encoding)
      expect(clean).toContain('***')
      expect(left).not.toContain('artz')
    }
  )

  it('leaves a base64 blob alone when the secret is not in it', () => {
    const blob = Buffer.from(`net user azureadmin 'Other-Pa55word' /y`)
    const redactor = quietRedactor(secret)

    const clean = redactor.redact(blob.toString('base64'))

    expect(clean).toBe(blob.toString('base64'))
  })
})

describe('derivedForms', () => {
  it('names each form the redactor removes and the secret scan looks for', () => {
    const forms = derivedForms('a b"')

    expect(forms).toStrictEqual([
      ['clear', 'a b"'],
      ['JSON-escaped', 'a b\\"'],
      ['HTML-escaped', 'a b&#34;'],
      ['URL-encoded', 'a%20b%22'],
      ['form-encoded', 'a+b%22'],
      ['JSON-escaped, JSON-escaped', 'a b\\\\\\"'],
      ['JSON-escaped, HTML-escaped', 'a b&#92;&#34;'],
      ['.NET JSON-escaped', 'a b\\u0022'],
      ['.NET JSON-escaped, JSON-escaped', 'a b\\\\u0022'],
      ['.NET JSON-escaped, HTML-escaped', 'a b&#92;u0022'],
      ['HTML entities', 'a b&quot;'],
      ['HTML entities, HTML-escaped', 'a b&#38;quot;'],
      ['base64', 'YSBiIg=='],
      ['UTF-16LE base64', 'YQAgAGIAIgA='],
      ['UTF-16LE base64 inside a longer blob (offset 0)', 'YQAgAGIAIg'],
      ['UTF-16LE base64 inside a longer blob (offset 1)', 'EAIABiACIA'],
      ['UTF-16LE base64 inside a longer blob (offset 2)', 'hACAAYgAiA']
    ])
  })

  it('names the forms of a secret with spaces around it by its trimmed value too', () => {
    const names = derivedForms(" ab'cd ").map(([form]) => form)

    expect(names).toEqual(
      expect.arrayContaining(['trimmed', 'form-encoded of trimmed'])
    )
  })
})

describe('Redactor.info', () => {
  it.each([
    ['::warning::from the guest'],
    ['  ::add-mask::x'],
    ['##[error]old style']
  ])('shows %j as text, not as a workflow command', (line) => {
    const printed = captureStdout(() =>
      new Redactor().info(`Could not read the status:\n${line}`)
    )

    const lines = printed.split(/\r?\n/)
    expect(lines.some((l) => /^\s*(::|##\[)/.test(l))).toBe(false)
    expect(printed).toContain(line.trim())
  })
})

describe('Redactor, on a secret a clip cut in two', () => {
  const password = 'Zebra-Quartz-42-Kettle'

  it('redacts the start a clip left before its …', () => {
    const redactor = quietRedactor(password)
    const said = clip(`The server said: ${password} is wrong`, 25)

    expect(said).toBe('The server said: Zebra-Q…')
    expect(redactor.redact(said)).toBe('The server said: ***…')
  })

  it('redacts a cut start of an encoded form too (JSON-escaped, byte-clipped)', () => {
    const secret = 'Ze"bra\\Quartz-42'
    const redactor = quietRedactor(secret)
    const echoed = `{"password":${JSON.stringify(secret)}}`

    const said = clipBytes(echoed, 22)

    expect(redactor.redact(said)).toBe('{"password":"***…')
  })

  it('leaves text before a … alone when it is no start of a secret, or under 4 characters of one', () => {
    const redactor = quietRedactor(password)

    expect(redactor.redact('Waiting for the VM…')).toBe('Waiting for the VM…')
    expect(redactor.redact('Ze…')).toBe('Ze…')
    expect(redactor.redact('a whole Zebra-Quartz-42-Kettle…')).toBe(
      'a whole ***…'
    )
  })
})
