// The inputs a step hands the action, exactly as GitHub's runner passes them:
// what the step's `with:` sets, plus action.yml's `default:` of every input
// it leaves out, each as INPUT_<NAME>. Whatever starts the action in tests,
// `npm run local`, the bench or the reliability run goes through here, so
// a default that breaks a mode breaks the tests too.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

/** A step's `with:` block; `undefined` leaves an input out, as not writing it does. */
export type StepWith = Record<string, string | undefined>

/** action.yml, the manifest GitHub reads. */
export const actionYmlPath = fileURLToPath(
  new URL('../action.yml', import.meta.url)
)

interface ManifestInput {
  default?: string | number | boolean
}

let cachedDefaults: Record<string, string> | undefined

/** Every input of action.yml that has a `default:`, as the string the runner passes. */
export function actionDefaults(): Record<string, string> {
  if (cachedDefaults) return cachedDefaults
  const manifest = parse(readFileSync(actionYmlPath, 'utf8')) as {
    inputs?: Record<string, ManifestInput | null>
  }
  const defaults: Record<string, string> = {}
  for (const [name, input] of Object.entries(manifest.inputs ?? {})) {
    // YAML reads `default: false` as a boolean; the runner passes the text.
    if (input?.default !== undefined) defaults[name] = String(input.default)
  }
  cachedDefaults = defaults
  return defaults
}

/** The inputs the action receives for `stepWith`: the step's values over the defaults. */
export function withDefaults(stepWith: StepWith): Record<string, string> {
  const given = Object.entries(stepWith).filter(
    (entry): entry is [string, string] => entry[1] !== undefined
  )
  return { ...actionDefaults(), ...Object.fromEntries(given) }
}

/** INPUT_<NAME> as the runner spells it: upper case, spaces to '_', hyphens kept. */
export function inputVariables(
  inputs: Record<string, string>
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [
      `INPUT_${k.replace(/ /g, '_').toUpperCase()}`,
      v
    ])
  )
}

/** The INPUT_* variables of a step that writes `stepWith`, defaults filled. */
export function runnerInputVariables(
  stepWith: StepWith
): Record<string, string> {
  return inputVariables(withDefaults(stepWith))
}
