import { isRecord, parseJson, type Reply } from '../http-io.ts'
import { badParameter } from './errors.ts'

/** What a PUT (`SecretSetParameters`) or PATCH (`SecretUpdateParameters`) carries. */
export interface SecretChanges {
  value?: string
  contentType?: string
  tags?: Record<string, string>
  enabled?: boolean
  notBeforeSeconds?: number
  expiresSeconds?: number
}

// Limits from Azure's Key Vault docs ("About secrets", "Azure tags"); not
// checked against a live vault. A value is at most 25 KB.
const limits = { valueBytes: 25 * 1024, tags: 15, tagName: 512, tagValue: 256 }

/**
 * Reads a PUT or PATCH body. `value` is required on PUT; PATCH ignores it, as
 * the update operation has no such property. Read-only attributes are ignored.
 */
export function readSecretBody(
  text: string,
  operation: 'set' | 'update'
): { ok: true; changes: SecretChanges } | { ok: false; reply: Reply } {
  const fail = (message: string): { ok: false; reply: Reply } => ({
    ok: false,
    reply: badParameter(message)
  })
  const body = parseJson(text)
  if (!isRecord(body)) return fail('The request body must be a JSON object.')
  const changes: SecretChanges = {}
  if (operation === 'set') {
    if (typeof body['value'] !== 'string')
      return fail("Property 'value' is required and must be a string.")
    if (Buffer.byteLength(body['value']) > limits.valueBytes)
      return fail('The secret value exceeds the maximum size of 25 KB.')
    changes.value = body['value']
  }
  const contentType = body['contentType']
  if (contentType !== undefined && typeof contentType !== 'string')
    return fail("Property 'contentType' must be a string.")
  if (contentType !== undefined) changes.contentType = contentType
  const tags = readTags(body['tags'])
  if (typeof tags === 'string') return fail(tags)
  if (tags) changes.tags = tags
  const problem = readAttributes(body['attributes'], changes)
  return problem ? fail(problem) : { ok: true, changes }
}

/** The tags, undefined when absent, or a message saying what is wrong. */
function readTags(raw: unknown): Record<string, string> | undefined | string {
  if (raw === undefined) return undefined
  if (!isRecord(raw)) return "Property 'tags' must be an object of strings."
  const entries = Object.entries(raw)
  if (entries.length > limits.tags)
    return `A secret can have at most ${limits.tags} tags; the request has ${entries.length}.`
  for (const [name, value] of entries) {
    if (typeof value !== 'string')
      return `Tag '${name}' must have a string value.`
    if (name.length > limits.tagName || value.length > limits.tagValue) {
      return `Tag '${name.slice(0, 64)}' is too long: names are limited to ${limits.tagName} characters and values to ${limits.tagValue}.`
    }
  }
  return Object.fromEntries(entries) as Record<string, string>
}

/** Copies enabled/nbf/exp into `changes`; returns a message when one is wrong. */
function readAttributes(
  raw: unknown,
  changes: SecretChanges
): string | undefined {
  if (raw === undefined) return undefined
  if (!isRecord(raw)) return "Property 'attributes' must be an object."
  const { enabled, nbf, exp } = raw
  if (enabled !== undefined && typeof enabled !== 'boolean')
    return "Property 'attributes.enabled' must be a boolean."
  if (enabled !== undefined) changes.enabled = enabled
  for (const [key, value] of [
    ['nbf', nbf],
    ['exp', exp]
  ] as const) {
    if (value === undefined) continue
    // The wire carries Unix seconds as integers (keyvault.md "Operations").
    if (typeof value !== 'number' || !Number.isInteger(value))
      return `Property 'attributes.${key}' must be whole Unix seconds.`
    if (key === 'nbf') changes.notBeforeSeconds = value
    else changes.expiresSeconds = value
  }
  return undefined
}
