// The input edge: the only file that reads core.getInput and process.env.
// Everything after it works on the typed Settings it returns.
import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidInputs } from './errors.ts'
import { generatePassword } from './password.ts'
import {
  parseSettings,
  type RawInputs,
  type RunnerEnv
} from './parse-settings.ts'
import { Redactor, Secret } from './secret.ts'
import { Input, type InputName, type RunSettings } from './settings.ts'

const secretInputs: readonly InputName[] = [Input.password, Input.clientSecret]

/** The run's inputs: the settings, or every problem with them; and the redactor. */
export type ReadInputs =
  | { redactor: Redactor; settings: RunSettings }
  | { redactor: Redactor; invalid: InvalidInputs }

/**
 * Reads every input and the environment the action honours, masking each
 * secret (given or generated) through the returned redactor as it appears.
 */
export function readSettings(): ReadInputs {
  const redactor = new Redactor()
  const raw = readRawInputs(redactor)
  try {
    const settings = parseSettings(raw, readRunnerEnv())
    return { redactor, settings }
  } catch (error) {
    if (error instanceof InvalidInputs) return { redactor, invalid: error }
    throw error
  }
}

/** Reads the inputs, masking the secret ones before anything can print them. */
export function readRawInputs(redactor: Redactor): RawInputs {
  const raw = {} as RawInputs
  for (const name of Object.values(Input)) {
    const isSecret = secretInputs.includes(name)
    // Secrets keep their spaces: trimming would change the password.
    const value = core.getInput(name, { trimWhitespace: !isSecret })
    if (isSecret) redactor.mask(value)
    raw[name] = isSecret && value.trim() === '' ? '' : value
  }
  return raw
}

/** Reads the environment the action honours. */
export function readRunnerEnv(): RunnerEnv {
  const authorityHost = process.env['AZURE_AUTHORITY_HOST']?.trim()
  // Set by the local emulator only; it counts for a loopback vault alone.
  const loopbackVault =
    process.env['AZURE_VM_ACCESS_RESET_LOOPBACK_VAULT']?.trim()
  return {
    ...(authorityHost ? { authorityHost } : {}),
    ...(loopbackVault ? { loopbackVault } : {})
  }
}

/**
 * Where this step writes every VM's result as JSON: under RUNNER_TEMP,
 * which the runner empties after the job, so a later step of the job can
 * upload it. The step's id (GITHUB_ACTION) keeps two steps' files apart.
 */
export function readResultsPath(): string {
  const dir = process.env['RUNNER_TEMP']?.trim() || tmpdir()
  const step = (process.env['GITHUB_ACTION'] ?? '').replace(/[^\w.-]/g, '_')
  const run = process.env['GITHUB_RUN_ID']?.trim() || String(process.pid)
  return join(
    dir,
    'azure-vm-access-reset',
    `results-${run}${step ? `-${step}` : ''}.json`
  )
}

/** Makes a new password with the CSPRNG and masks it the moment it exists. */
export function newMaskedPassword(length: number, redactor: Redactor): Secret {
  const password = new Secret(generatePassword(length))
  redactor.mask(password)
  return password
}

/**
 * The link to this attempt of the workflow run, when the runner provides
 * one. The attempt (GITHUB_RUN_ATTEMPT) tells a rotation that a version an
 * earlier attempt left pending has no run working on it any more.
 */
export async function readRunUrl(): Promise<string | undefined> {
  // Loaded late: @actions/github brings Octokit, which start-up can skip.
  const { context } = await import('@actions/github')
  const repository = process.env['GITHUB_REPOSITORY']
  if (!repository || !context.runId) return undefined
  const run = `${context.serverUrl}/${repository}/actions/runs/${context.runId}`
  const attempt = context.runAttempt
  return Number.isInteger(attempt) && attempt > 0
    ? `${run}/attempts/${attempt}`
    : run
}
