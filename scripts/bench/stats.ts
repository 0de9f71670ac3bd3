// Small statistics for a handful of runs.

/** Min, median and max of a sample. */
export interface Spread {
  n: number
  min: number
  median: number
  max: number
}

/** The spread of `values`; the median of an even count is the mean of the middle two. */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return { n, min: NaN, median: NaN, max: NaN }
  const middle = Math.floor(n / 2)
  const median =
    n % 2 === 1
      ? (sorted[middle] ?? NaN)
      : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
  return {
    n,
    min: sorted[0] ?? NaN,
    median,
    max: sorted[n - 1] ?? NaN
  }
}
