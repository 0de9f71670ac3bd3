// Counts secrets in everything a person or a later step can read of a run:
// the shown log, stderr, the outputs and the job summary.
import { derivedForms, type DerivedForm } from '../../src/secret-forms.ts'
import type { StepResult } from '../runner.ts'
import { displayedLog, htmlToText, visibleStdout } from './step-view.ts'

/** A value that must never be shown, and what to call it in a report. */
export interface NamedSecret {
  label: string
  value: string
}

/** Where a secret was found, without the secret itself. */
export interface SecretHit {
  label: string
  /** stdout, stderr, outputs or summary: one hit per secret and place. */
  place: string
  /** How it was found there, e.g. `base64, as the runner displays it`. */
  how: string
}

/** The forms a leak takes: those the product's Redactor removes (src/secret-forms.ts). */
function formsOf(value: string): DerivedForm[] {
  const seen = new Set<string>()
  // Very short values would match by chance; no secret of ours is that short.
  return derivedForms(value).filter(([, text]) => {
    if (text.length < 6 || seen.has(text)) return false
    seen.add(text)
    return true
  })
}

/** Each secret found in stdout, stderr, outputs or summary, once per place. */
export function findSecrets(
  step: StepResult,
  secrets: readonly NamedSecret[]
): SecretHit[] {
  const views: [place: string, view: string, content: string][] = [
    ['stdout', 'as printed', visibleStdout(step.stdout)],
    ['stdout', 'as the runner displays it', displayedLog(step.stdout)],
    ['stderr', 'as printed', step.stderr],
    ['outputs', 'as written', Object.values(step.outputs).join('\n')],
    ['outputs', 'as JSON', JSON.stringify(step.outputs)],
    ['summary', 'as HTML', step.summary],
    ['summary', 'as rendered', htmlToText(step.summary)]
  ]
  const hits: SecretHit[] = []
  for (const { label, value } of secrets) {
    const forms = formsOf(value)
    for (const place of new Set(views.map(([p]) => p))) {
      const found = views
        .filter(([p]) => p === place)
        .flatMap(([, view, content]) =>
          forms
            .filter(([, text]) => content.includes(text))
            .map(([form]) => `${form}, ${view}`)
        )[0]
      if (found) hits.push({ label, place, how: found })
    }
  }
  return hits
}

/** One line per hit, e.g. `password in summary (base64, as HTML)`. */
export function describeHits(hits: readonly SecretHit[]): string[] {
  return hits.map((h) => `${h.label} in ${h.place} (${h.how})`)
}
