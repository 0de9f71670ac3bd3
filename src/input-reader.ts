// Reads raw inputs rule by rule and collects every problem instead of
// stopping at the first, so one run shows every typo.
import { InputError } from './errors.ts'
import type { InputName } from './settings.ts'
import { checkPrintable, quote, type Check } from './validation.ts'

/** Every input as the runner passed it ('' when absent). */
export type RawInputs = Record<InputName, string>

/** Reads inputs by rule and collects what is wrong instead of stopping. */
export class InputReader {
  readonly #raw: RawInputs
  readonly #errors: InputError[]

  constructor(raw: RawInputs, errors: InputError[]) {
    this.#raw = raw
    this.#errors = errors
  }

  /** The value if set and valid; records the problem otherwise. */
  optional(name: InputName, check?: Check): string | undefined {
    const value = this.#raw[name]
    if (!value) return undefined
    const problem = checkPrintable(value) ?? check?.(value)
    if (problem) {
      this.#errors.push(new InputError(name, problem.problem, problem.fix))
      return undefined
    }
    return value
  }

  /** Like optional(), and records a missing value as a problem. */
  required(
    name: InputName,
    check: Check | undefined,
    purpose: string
  ): string | undefined {
    if (!this.#raw[name]) {
      this.#errors.push(
        new InputError(
          name,
          `is required ${/^(for|with) /.test(purpose) ? purpose : `(${purpose})`}`,
          `Set ${name} in the step's with: block.`
        )
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
      this.#errors.push(
        new InputError(
          name,
          `${quote(value)} is not one of ${allowed.join(', ')}`,
          `Use one of: ${allowed.join(', ')}.`
        )
      )
    }
    return match
  }

  /** Records a problem when an input is given that the chosen mode ignores. */
  notFor(name: InputName, problem: string, fix: string): void {
    if (this.#raw[name]) this.#errors.push(new InputError(name, problem, fix))
  }
}
