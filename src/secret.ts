/**
 * A secret that prints as `***` wherever it slips into a string, a log or
 * JSON. Only the code that hands it to an SDK calls reveal().
 */
export class Secret {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  /** The clear text; call it only where the SDK needs the raw value. */
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
