// Reads Retry-After the way RFC 9110 §10.2.3 defines it: delay-seconds or an
// HTTP-date. core-lro and the SDK's retry policy read both forms.

/** The wait a raw HTTP header block asks for, in ms; undefined without Retry-After. */
export function retryAfterMs(
  headerBlock: string,
  nowMs: number
): number | undefined {
  const line = headerBlock
    .split('\r\n')
    .find((l) => /^retry-after\s*:/i.test(l))
  if (line === undefined) return undefined
  const value = line.slice(line.indexOf(':') + 1).trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}
