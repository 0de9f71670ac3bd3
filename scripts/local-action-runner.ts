// Runs the action's TypeScript run() (src/main.ts) through GitHub's
// @github/local-action, a runner we did not write. What 7.0.1 does, read in
// node_modules/@github/local-action/src:
// - inputs come from a .env file (INPUT_* lines), loaded into process.env;
//   its @actions/core stub fills action.yml's defaults, as GitHub's runner does;
// - setOutput prints `::set-output name=…::value` (and a table at the end),
//   and never writes GITHUB_OUTPUT;
// - the job summary goes to GITHUB_STEP_SUMMARY, read after the .env is loaded;
// - setFailed prints `::error::…` and leaves the exit code at 0;
// - getIDToken throws 'Not implemented', so auth-type oidc cannot sign in.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { inputVariables } from './action-inputs.ts'

/** The repo root: local-action must start here to stub its @actions/core. */
const projectRoot = fileURLToPath(new URL('..', import.meta.url))

/** local-action's own entry point, which runs its CLI through `npm exec tsx`. */
const localActionBin = path.join(
  projectRoot,
  'node_modules/@github/local-action/bin/local-action.js'
)

/** What local-action showed of one run. */
export interface LocalActionResult {
  exitCode: number | null
  stdout: string
  stderr: string
  /** The outputs, from the `::set-output` lines it printed. */
  outputs: Record<string, string>
  /** The `::error::` messages: its only sign of a failed step. */
  errors: string[]
  /** What the action wrote to GITHUB_STEP_SUMMARY. */
  summary: string
}

/** How to run the action. */
export interface LocalActionOptions {
  /** The `with:` inputs; left-out inputs get local-action's action.yml defaults. */
  inputs: Record<string, string>
  /** Variables of the step's environment, written to the .env file. */
  env: Record<string, string>
}

/** Runs `local-action run . src/main.ts <.env>` once from the repo root. */
export async function runLocalAction(
  options: LocalActionOptions
): Promise<LocalActionResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vm-access-local-action-'))
  const dotenvFile = path.join(dir, '.env')
  const summaryFile = path.join(dir, 'summary')
  try {
    await writeFile(summaryFile, '')
    await writeFile(
      dotenvFile,
      dotenv({
        ...options.env,
        GITHUB_STEP_SUMMARY: summaryFile,
        // No defaults here: filling them is what local-action is run to do.
        ...inputVariables(options.inputs)
      }),
      { mode: 0o600 }
    )
    const { exitCode, stdout, stderr } = await spawnLocalAction(
      dotenvFile,
      options.env
    )
    const commands = actionCommands(stdout)
    return {
      exitCode,
      stdout,
      stderr,
      outputs: Object.fromEntries(
        commands.flatMap((c) => {
          const output = /^set-output name=([^:]+)::/.exec(c)
          return output?.[1] ? [[output[1], c.slice(output[0].length)]] : []
        })
      ),
      errors: commands
        .filter((c) => c.startsWith('error::'))
        .map((c) => c.slice('error::'.length)),
      summary: await readFile(summaryFile, 'utf8')
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Starts local-action as a child process and collects what it printed. */
async function spawnLocalAction(
  dotenvFile: string,
  env: Record<string, string>
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    [localActionBin, 'run', '.', 'src/main.ts', dotenvFile],
    {
      cwd: projectRoot,
      env: {
        // npm exec and tsx start `node` from PATH: this process's Node first.
        PATH: [path.dirname(process.execPath), process.env['PATH'] ?? ''].join(
          path.delimiter
        ),
        HOME: process.env['HOME'] ?? tmpdir(),
        FORCE_COLOR: '0',
        // NODE_EXTRA_CA_CERTS is read only when a process starts, before
        // local-action loads the .env file.
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const exitCode = await new Promise<number | null>((resolve) =>
    child.on('close', resolve)
  )
  return { exitCode, stdout, stderr }
}

/** KEY='value' lines; single quotes keep dotenv from expanding anything. */
function dotenv(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([name, value]) => {
      if (/['\n]/.test(value)) {
        throw new Error(
          `${name}: a .env value here cannot hold a quote or a line break`
        )
      }
      return `${name}='${value}'\n`
    })
    .join('')
}

/**
 * The workflow commands printed while the action ran, without their `::`.
 * A command runs on to the next command or blank line, which keeps the
 * multi-line messages of ::error:: whole (a value with a blank line is cut).
 */
function actionCommands(stdout: string): string[] {
  const start = stdout.search(/^ *Running Action$/m)
  const end = stdout.search(/^ *Action Outputs$/m)
  if (start < 0) return []
  const section = stdout.slice(start, end < 0 ? undefined : end)
  const commands: string[][] = []
  let isOpen = false
  for (const line of section.split('\n')) {
    if (line.startsWith('::')) {
      commands.push([line.slice(2)])
      isOpen = true
    } else if (line.trim() === '' || line.startsWith('====')) {
      isOpen = false
    } else if (isOpen) {
      commands.at(-1)?.push(line)
    }
  }
  return commands.map((lines) => lines.join('\n'))
}
