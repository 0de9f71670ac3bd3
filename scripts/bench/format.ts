// How figures are written in the report.
import type { Spread } from './stats.ts'

/** `640 ms` below a second, `1.24 s` above. */
export function formatMs(ms: number): string {
  if (Number.isNaN(ms)) return 'n/a'
  return Math.abs(ms) < 1000
    ? `${Math.round(ms)} ms`
    : `${(ms / 1000).toFixed(2)} s`
}

/** `min / median / max` of a spread, in the unit `format` writes. */
export function formatSpread(s: Spread, format: (n: number) => string): string {
  if (s.n === 0) return 'n/a'
  return `${format(s.min)} / ${format(s.median)} / ${format(s.max)}`
}

/** `4.10 MB` from bytes (decimal, as `ls -lh --si` shows them). */
export function formatBytes(bytes: number): string {
  return bytes >= 1e6
    ? `${(bytes / 1e6).toFixed(2)} MB`
    : `${Math.round(bytes / 1e3)} kB`
}

/** `95.3 MiB`. */
export function formatMib(mib: number): string {
  return Number.isNaN(mib) ? 'n/a' : `${mib.toFixed(1)} MiB`
}

/**
 * `password, Retry-After 1 s` / `rdp, no Retry-After, verify: false` /
 * `password on a domain controller (Run Command), Retry-After 1 s`.
 */
export function formatCondition(c: {
  mode: string
  retryAfterSeconds: number
  verify?: boolean
  route?: string
}): string {
  const mode = c.mode.replace(/^reset-/, '')
  const route =
    c.route === 'run-command' ? ' on a domain controller (Run Command)' : ''
  const pace =
    c.retryAfterSeconds > 0
      ? `Retry-After ${c.retryAfterSeconds} s`
      : 'no Retry-After'
  return `${mode}${route}, ${pace}${c.verify === false ? ', verify: false' : ''}`
}
