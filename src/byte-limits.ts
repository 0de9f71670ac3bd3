// Pure: GitHub's size limits on what a step writes, counted in bytes, and
// text cut to a number of bytes. A character of Japanese text from a
// localized guest is 3 bytes in UTF-8, so a budget in characters lets a
// summary reach three times its limit.

/**
 * GitHub drops a step's job summary over 1 MiB ("each step is restricted to
 * a maximum size of 1MiB"): https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#step-isolation-and-limits
 */
export const summaryLimitBytes = 1_048_576
/** What the summary may use: its limit less room for the redactor and core's newline. */
export const summaryBudgetBytes = 1_000_000

/**
 * "Outputs can be a maximum of 1 MB per job … Size is approximated based
 * on UTF-16 encoding": https://docs.github.com/en/actions/using-jobs/defining-outputs-for-jobs
 * (github/docs#36846). All the outputs of a step together stay under it.
 */
export const outputsLimitBytes = 1_000_000
/** What the outputs of a step may use together: 10% under the limit, for the output names and the file's delimiters. */
export const outputsBudgetBytes = 900_000

/** The bytes `text` takes in UTF-8, as the summary file holds it. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/**
 * The bytes an output counts for: GitHub approximates in UTF-16 (2 bytes
 * for ASCII too), the output file holds UTF-8 (3 for Japanese); the larger.
 */
export function outputBytes(text: string): number {
  return Math.max(utf8Bytes(text), 2 * text.length)
}

/** `text` cut to at most `maxBytes` bytes of UTF-8 (with its '…'), never inside a character. */
export function clipBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text
  let bytes = utf8Bytes('…')
  let end = 0
  for (const char of text) {
    const size = utf8Bytes(char)
    if (bytes + size > maxBytes) break
    bytes += size
    end += char.length
  }
  return `${text.slice(0, end)}…`
}

/**
 * The sections, in order, that fit together in `budgetBytes` of UTF-8
 * (joined by newlines), and how many did not.
 */
export function fitSections(
  sections: readonly string[],
  budgetBytes: number
): { html: string; left: number } {
  let left = budgetBytes
  const kept = sections.filter((section) => {
    const size = utf8Bytes(section) + 1
    if (size > left) return false
    left -= size
    return true
  })
  return { html: kept.join('\n'), left: sections.length - kept.length }
}

/** How many of `items`, from the first, fit in a JSON array of `budgetBytes` output bytes. */
export function firstThatFit(
  items: readonly unknown[],
  budgetBytes: number
): number {
  let left = budgetBytes - outputBytes('[]')
  let kept = 0
  for (const item of items) {
    left -= outputBytes(JSON.stringify(item)) + outputBytes(',')
    if (left < 0) break
    kept += 1
  }
  return kept
}

/** The bytes outputs take together, names and values, as outputBytes counts them. */
export function bytesOf(outputs: Partial<Record<string, string>>): number {
  return Object.entries(outputs).reduce(
    (n, [name, value]) => n + outputBytes(name) + outputBytes(value ?? ''),
    0
  )
}
