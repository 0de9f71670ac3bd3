// Counts secrets in everything a person or a later step can read of a run:
// the shown log, stderr, the outputs and the job summary.
import type { StepResult } from '../runner.ts'
import { htmlToText, visibleStdout } from './step-view.ts'

/** A value that must never be shown, and what to call it in a report. */
export interface NamedSecret {
  label: string
  value: string
}

/** Where a secret was found, without the secret itself. */
export interface SecretHit {
  label: string
  form: string
  place: string
}

/** The forms a leak takes: clear, trimmed, URL-encoded and base64. */
function formsOf(value: string): [form: string, text: string][] {
  const trimmed = value.trim()
  const forms: [string, string][] = [
    ['clear', value],
    ['trimmed', trimmed],
    ['URL-encoded', encodeURIComponent(value)],
    ['base64', Buffer.from(value).toString('base64')],
    ['base64 of trimmed', Buffer.from(trimmed).toString('base64')]
  ]
  const seen = new Set<string>()
  // Very short values would match by chance; no secret of ours is that short.
  return forms.filter(([, text]) => {
    if (text.length < 6 || seen.has(text)) return false
    seen.add(text)
    return true
  })
}

/** Every form of every secret found in the places a reader sees. */
export function findSecrets(
  step: StepResult,
  secrets: readonly NamedSecret[]
): SecretHit[] {
  const places: [string, string][] = [
    ['stdout', visibleStdout(step.stdout)],
    ['stderr', step.stderr],
    ['outputs', JSON.stringify(step.outputs)],
    ['outputs (raw)', Object.values(step.outputs).join('\n')],
    ['summary', step.summary],
    ['summary (as rendered)', htmlToText(step.summary)]
  ]
  const hits: SecretHit[] = []
  for (const { label, value } of secrets) {
    for (const [form, text] of formsOf(value)) {
      for (const [place, content] of places) {
        if (content.includes(text)) hits.push({ label, form, place })
      }
    }
  }
  return hits
}

/** One line per hit, e.g. `password (base64) in summary`. */
export function describeHits(hits: readonly SecretHit[]): string[] {
  return hits.map((h) => `${h.label} (${h.form}) in ${h.place}`)
}
