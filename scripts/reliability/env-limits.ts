// How long one input can be when the runner passes it as INPUT_<NAME>.
// Linux caps each environment string (NAME=value plus its NUL) at 32 pages,
// MAX_ARG_STRLEN = 128 KiB: a 1 MiB value makes spawn fail with E2BIG
// before the action runs, so the case sends the longest value that fits.
import { spawnSync } from 'node:child_process'
import { inputVariables } from '../action-inputs.ts'

const maxArgStrlen = 128 * 1024

/** A value length that spawn accepts, and why it differs from the one wanted. */
export interface InputLength {
  length: number
  note?: string
}

function spawnAccepts(variable: string, length: number): boolean {
  const result = spawnSync(process.execPath, ['-e', ''], {
    env: { [variable]: 'x'.repeat(length) },
    stdio: 'ignore'
  })
  return result.error === undefined
}

const cache = new Map<string, InputLength>()

/** The longest value up to `wanted` that input `name` can carry to a child. */
export function longestInput(name: string, wanted: number): InputLength {
  const variable = Object.keys(inputVariables({ [name]: '' }))[0] ?? name
  const key = `${variable}:${wanted}`
  const known = cache.get(key)
  if (known) return known
  let length = wanted
  if (!spawnAccepts(variable, length)) {
    length = Math.min(wanted, maxArgStrlen - variable.length - 2)
    while (length > 1024 && !spawnAccepts(variable, length)) {
      length = Math.floor(length / 2)
    }
  }
  const found: InputLength =
    length === wanted
      ? { length }
      : {
          length,
          note: `${variable} of ${wanted.toLocaleString('en')} characters fails with E2BIG (Linux MAX_ARG_STRLEN caps one environment string at 128 KiB); sent ${length.toLocaleString('en')}, the longest that spawns.`
        }
  cache.set(key, found)
  return found
}

/** `unit` repeated to exactly `length` characters. */
export function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
}
