// Cases describe inputs and environments as changes to a valid run.

/** `base` with `changes` applied; an undefined change removes the key. */
export function withChanges(
  base: Record<string, string>,
  changes: Record<string, string | undefined> = {}
): Record<string, string> {
  const result = { ...base }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete result[key]
    else result[key] = value
  }
  return result
}
