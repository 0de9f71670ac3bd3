// The only file that reads core.getInput and process.env: everything after
// this works on the typed Settings it returns.
import * as core from '@actions/core'
import type { RawInputs } from './input-reader.ts'
import { generatePassword } from './password.ts'
import { parseSettings, type RunnerEnv } from './parse-settings.ts'
import { Secret } from './secret.ts'
import { Input, type InputName, type Settings } from './settings.ts'

const secretInputs: readonly InputName[] = [Input.password, Input.clientSecret]

/** Reads the inputs, masking the secret ones before anything can print them. */
export function readRawInputs(): RawInputs {
  const raw = {} as RawInputs
  for (const name of Object.values(Input)) {
    const isSecret = secretInputs.includes(name)
    // Secrets keep their spaces: trimming would change the password.
    const value = core.getInput(name, { trimWhitespace: !isSecret })
    if (isSecret && value) core.setSecret(value)
    raw[name] = isSecret && value.trim() === '' ? '' : value
  }
  return raw
}

/** Reads the environment the action honours. */
export function readRunnerEnv(): RunnerEnv {
  const authorityHost = process.env['AZURE_AUTHORITY_HOST']?.trim()
  return authorityHost ? { authorityHost } : {}
}

/** Reads, masks and validates every input into Settings. */
export function readSettings(): Settings {
  return parseSettings(readRawInputs(), readRunnerEnv(), newMaskedPassword)
}

/** Makes a new password with the CSPRNG and masks it the moment it exists. */
export function newMaskedPassword(length: number): Secret {
  const password = generatePassword(length)
  core.setSecret(password)
  return new Secret(password)
}

/** The link to this workflow run, when the runner provides one. */
export async function readRunUrl(): Promise<string | undefined> {
  // Loaded late: @actions/github brings Octokit, which start-up can skip.
  const { context } = await import('@actions/github')
  const repository = process.env['GITHUB_REPOSITORY']
  if (!repository || !context.runId) return undefined
  return `${context.serverUrl}/${repository}/actions/runs/${context.runId}`
}
