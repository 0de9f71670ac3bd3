// Reads raw inputs by rule and collects every problem instead of stopping
// at the first, so one run shows every typo.
import { InputError } from './errors.ts'
import { RunnerDefaults, type InputName } from './settings.ts'
import { checkPrintable, quote, type Check } from './validation.ts'

/** Every input as the runner passed it ('' when absent). */
export type RawInputs = Record<InputName, string>

// Room for a couple of thousand resource-group/vm-name lines.
const maxListLength = 200_000

/** Reads inputs by rule and collects what is wrong instead of stopping. */
export class InputReader {
  readonly #raw: RawInputs
  /** Every problem found so far, in the order of the reads. */
  readonly errors: InputError[] = []

  constructor(raw: RawInputs) {
    this.#raw = raw
  }

  /** Records a problem found outside the rules of one value. */
  report(name: InputName, problem: string, fix: string): void {
    this.errors.push(new InputError(name, problem, fix))
  }

  /** The value if set and valid; records the problem otherwise. */
  optional(name: InputName, check?: Check): string | undefined {
    const value = this.#raw[name]
    if (!value) return undefined
    const problem = checkPrintable(value) ?? check?.(value)
    if (problem) {
      this.report(name, problem.problem, problem.fix)
      return undefined
    }
    return value
  }

  /**
   * The items of a list input (one per line, or comma-separated), each
   * checked, duplicates kept; records every bad item.
   */
  list(name: InputName, check: Check): string[] {
    const value = this.#raw[name]
    if (value.length > maxListLength) {
      this.report(
        name,
        `is ${value.length} characters long; a list may not exceed ${maxListLength}`,
        'Split the VMs over several steps, or select them with vm-tag.'
      )
      return []
    }
    const items = value
      .split(/[\r\n,]+/)
      .map((item) => item.trim())
      .filter(Boolean)
    if (value !== '' && items.length === 0) {
      this.report(
        name,
        'lists nothing: it holds only commas, spaces or blank lines',
        `Write at least one item (one per line, or comma-separated), or remove ${name}.`
      )
    }
    return items.filter((item) => {
      const problem = checkPrintable(item) ?? check(item)
      if (problem) this.report(name, problem.problem, problem.fix)
      return !problem
    })
  }

  /** Whether the input was given at all. */
  has(name: InputName): boolean {
    return this.#raw[name] !== ''
  }

  /** Like optional(), and records a missing value as a problem. */
  required(
    name: InputName,
    check: Check | undefined,
    purpose: string
  ): string | undefined {
    if (!this.#raw[name]) {
      this.report(
        name,
        `is required ${/^(for|with) /.test(purpose) ? purpose : `(${purpose})`}`,
        `Set ${name} in the step's with: block.`
      )
      return undefined
    }
    return this.optional(name, check)
  }

  /** One of a fixed set of words, matched without regard to case. */
  oneOf<T extends string>(
    name: InputName,
    allowed: readonly T[],
    fallback: T
  ): T | undefined {
    const value = this.optional(name)
    if (value === undefined) return this.#raw[name] ? undefined : fallback
    const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase())
    if (!match) {
      this.report(
        name,
        `${quote(value)} is not one of ${allowed.join(', ')}`,
        `Use one of: ${allowed.join(', ')}.`
      )
    }
    return match
  }

  /**
   * Records a problem when the user gave an input that the chosen mode
   * ignores. The runner's own default is not the user's doing: GitHub
   * passes it for every step that leaves the input out.
   */
  notFor(name: InputName, problem: string, fix: string): void {
    const value = this.#raw[name]
    if (value && value !== RunnerDefaults[name]) this.report(name, problem, fix)
  }
}
