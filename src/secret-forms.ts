// Pure: the forms in which a secret can be written back to us, the one list
// that the Redactor (src/secret.ts) removes and the reliability secret scan
// (scripts/reliability/secret-scan.ts) looks for.
import { escapeHtml } from './markup.ts'

/** A way a secret's text can be written: clear, URL-encoded, base64, escaped. */
export type DerivedForm = [form: string, text: string]

/**
 * The forms in which a secret can reach a log, an output or the summary:
 * each encoding a server or the guest may echo it in, as echoed, then
 * JSON-escaped (a JSON output such as `results` escapes it again) and
 * HTML-escaped (the summary escapes text before it is redacted). The
 * Redactor removes each of them; the reliability scan looks for each.
 */
export function derivedForms(value: string): DerivedForm[] {
  const trimmed = value.trim()
  const echoes = [
    ...encodingsOf(value, ''),
    ...(trimmed === value ? [] : encodingsOf(trimmed, ' of trimmed'))
  ]
  const then = (form: string, how: string): string =>
    form === 'clear' ? how : `${form}, ${how}`
  const forms = echoes.flatMap(([form, text]): DerivedForm[] => [
    [form, text],
    [then(form, 'JSON-escaped'), jsonEscape(text)],
    [then(form, 'HTML-escaped'), escapeHtml(text)]
  ])
  // The first name of a text is kept: 'JSON-escaped', not 'clear, JSON-escaped'.
  const named = new Map<string, string>()
  for (const [form, text] of forms) if (!named.has(text)) named.set(text, form)
  return [...named].map(([text, form]) => [form, text])
}

// How a server or the guest may write `text` back. `of` names the source
// when it is not the value as given (` of trimmed`).
function encodingsOf(text: string, of: string): DerivedForm[] {
  const forms: DerivedForm[] = [
    ['clear', text],
    ['URL-encoded', encodeURIComponent(text)],
    ['form-encoded', formEncode(text)],
    ['JSON-escaped', jsonEscape(text)],
    ['.NET JSON-escaped', dotnetJsonEscape(text)],
    ['HTML entities', htmlEntities(text)],
    ['base64', Buffer.from(text).toString('base64')],
    // What PowerShell's -EncodedCommand carries.
    ['UTF-16LE base64', Buffer.from(text, 'utf16le').toString('base64')],
    ...base64Inside(Buffer.from(text), 'base64 inside a longer blob'),
    ...base64Inside(
      Buffer.from(text, 'utf16le'),
      'UTF-16LE base64 inside a longer blob'
    )
  ]
  return forms.map(([form, encoded]) => [
    form === 'clear' && of !== '' ? 'trimmed' : `${form}${of}`,
    encoded
  ])
}

/** `text` as a JSON string's content (JSON.stringify without the quotes). */
function jsonEscape(text: string): string {
  return JSON.stringify(text).slice(1, -1)
}

// application/x-www-form-urlencoded: a space is '+', and !'()~ are encoded.
function formEncode(text: string): string {
  return new URLSearchParams({ v: text }).toString().slice('v='.length)
}

const shortJsonEscapes: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f'
}

// System.Text.Json's default encoder writes HTML-sensitive characters and
// all non-ASCII as \uXXXX (upper-case hex): `+` is \u002B, `<` is \u003C.
// https://learn.microsoft.com/dotnet/standard/serialization/system-text-json/character-encoding
function dotnetJsonEscape(text: string): string {
  return text.replace(
    /[^\x20-\x7e]|["&'+<>`\\]/g,
    (c) =>
      shortJsonEscapes[c] ??
      `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  )
}

const namedEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

// HTML encoding as servers write it (.NET's WebUtility.HtmlEncode).
function htmlEntities(text: string): string {
  return text.replace(/[&<>"']/g, (c) => namedEntities[c] ?? c)
}

// A base64 blob that holds the secret among other bytes encodes it in one
// of three ways, by its offset modulo 3. For each, the characters that
// depend only on the secret's bits; shorter than 6, they would match by chance.
function base64Inside(bytes: Buffer, form: string): DerivedForm[] {
  return [0, 1, 2].flatMap((offset): DerivedForm[] => {
    const blob = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    const first = Math.ceil((offset * 8) / 6)
    const end = Math.floor(((offset + bytes.length) * 8) / 6)
    const inner = blob.slice(first, end)
    return inner.length >= 6 ? [[`${form} (offset ${offset})`, inner]] : []
  })
}
