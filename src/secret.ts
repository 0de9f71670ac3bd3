// Secrets, and the one gate through which this process writes text: every
// log line, output, summary and error passes the Redactor on its way out.
import * as core from '@actions/core'
import { derivedForms } from './secret-forms.ts'

/**
 * A secret that prints as `***` wherever it slips into a string, a log or
 * JSON. reveal() is for the code that hands the value to an SDK or a check.
 */
export class Secret {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  /** The clear text: for an SDK call, a Windows password rule, or Redactor.mask. */
  reveal(): string {
    return this.#value
  }

  toString(): string {
    return '***'
  }

  toJSON(): string {
    return '***'
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '***'
  }
}

// The runner reads a line as a command when, after leading white space, it
// starts with '::' (or the older '##['); U+200B is not white space to it.
function neutraliseCommands(text: string): string {
  return text.replace(/^([ \t]*)(::|##\[)/gm, '$1\u200b$2')
}

/** The shortest start of a secret that a clip's '…' is taken to have cut. */
const minCutStart = 4

/** The forms by their first characters, to find a start a clip left; and the longest form. */
interface CutStarts {
  byStart: Map<string, string[]>
  longest: number
}

function cutStartsOf(forms: readonly string[]): CutStarts {
  const byStart = new Map<string, string[]>()
  let longest = 0
  for (const form of forms) {
    if (form.length <= minCutStart) continue
    const key = form.slice(0, minCutStart)
    byStart.set(key, [...(byStart.get(key) ?? []), form])
    longest = Math.max(longest, form.length)
  }
  return { byStart, longest }
}

/**
 * Knows every secret of the run, because each is masked through it, and is
 * the only writer of logs, outputs, the summary and the failure.
 */
export class Redactor {
  readonly #masked = new Set<string>()
  readonly #forms = new Set<string>()
  // Longest first, so that no shorter form cuts a longer one in two; sorted
  // once per new secret, not per line (a fleet's rotation masks hundreds).
  #longestFirst: string[] = []
  #cutStarts: CutStarts | undefined

  /** Masks `value` in the runner's log and redacts its forms from all we write. */
  mask(value: string | Secret): void {
    const text = value instanceof Secret ? value.reveal() : value
    if (text.trim() === '' || this.#masked.has(text)) return
    this.#masked.add(text)
    core.setSecret(text)
    for (const [, form] of derivedForms(text)) {
      // A blank form would redact every run of spaces.
      if (form.trim() !== '') this.#forms.add(form)
    }
    this.#longestFirst = [...this.#forms].sort((a, b) => b.length - a.length)
    this.#cutStarts = undefined
  }

  /**
   * `text` with every form of every masked secret replaced by `***`, and
   * the start of one that a clip cut off before its '…' too.
   */
  redact(text: string): string {
    const whole = this.#longestFirst.reduce(
      (clean, form) =>
        clean.includes(form) ? clean.split(form).join('***') : clean,
      text
    )
    return whole.includes('…') ? this.#redactCutStarts(whole) : whole
  }

  // Text is clipped (markup.ts clip, byte-limits.ts clipBytes) before it
  // reaches the writers, with '…' where it was cut: a secret cut there
  // shows only its start, which no whole form matches.
  #redactCutStarts(text: string): string {
    return text.replace(/([^…]*)…/g, (match, before: string) => {
      const cut = this.#longestCutStart(before)
      return cut === 0 ? match : `${before.slice(0, -cut)}***…`
    })
  }

  // The length of the longest start of a form (4 characters or more, not
  // the whole form) that `before` ends with; 0 when none does. The forms are
  // indexed once per new secret, when a text first needs them.
  #longestCutStart(before: string): number {
    this.#cutStarts ??= cutStartsOf(this.#longestFirst)
    const { byStart, longest } = this.#cutStarts
    const last = before.length - minCutStart
    for (let at = Math.max(0, before.length - longest); at <= last; at++) {
      const forms = byStart.get(before.slice(at, at + minCutStart))
      const tail = forms && before.slice(at)
      if (
        tail &&
        forms.some((f) => f.length > tail.length && f.startsWith(tail))
      ) {
        return tail.length
      }
    }
    return 0
  }

  /**
   * A line of the step's log. A line that would start a workflow command
   * (`::warning::`, `::add-mask::`, `##[…]`), as text from the guest or the
   * server can, is shown as text: a zero-width space goes before it.
   */
  info(line: string): void {
    core.info(neutraliseCommands(this.redact(line)))
  }

  /** A line shown only with debug logging on (RUNNER_DEBUG=1). */
  debug(line: string): void {
    core.debug(this.redact(line))
  }

  /** A notice annotation on the run: worth knowing, not a failure. */
  notice(line: string): void {
    core.notice(neutraliseCommands(this.redact(line)))
  }

  /** A warning annotation on the run. */
  warn(line: string): void {
    core.warning(neutraliseCommands(this.redact(line)))
  }

  /** One of the step's outputs. */
  setOutput(name: string, value: string): void {
    core.setOutput(name, this.redact(value))
  }

  /**
   * The job summary, written once. A runner without job summaries (no
   * GITHUB_STEP_SUMMARY: older GHES, some self-hosted runners) gets none,
   * and the step's outcome stays what it was.
   */
  async writeSummary(html: string): Promise<void> {
    try {
      await core.summary.addRaw(this.redact(html)).write()
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error)
      core.debug(this.redact(`No job summary written: ${why}`))
    }
  }

  /** Fails the step with `message`. */
  fail(message: string): void {
    core.setFailed(this.redact(message))
  }
}
