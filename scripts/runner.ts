// Runs the bundled action (dist/index.js) the way a GitHub runner does:
// inputs as INPUT_* variables, outputs and the job summary in files.
// Shared by the end-to-end tests, `npm run local` and the benchmark.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** dist/index.js, the file GitHub runs. */
export const bundlePath = fileURLToPath(
  new URL('../dist/index.js', import.meta.url)
)

/** What a runner sees of one step. */
export interface StepResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

/** How to run the step. */
export interface StepOptions {
  inputs: Record<string, string>
  env?: Record<string, string>
  /**
   * Sends this signal as the runner does on cancel: `afterMs` after the
   * start, or `thenMs` after `when()` first holds (polled every 20 ms).
   */
  cancel?: Cancel
  /** Echo the step's stdout/stderr as it runs. */
  onOutput?: (chunk: string) => void
}

/** When a step is cancelled. */
export type Cancel =
  | { signal: NodeJS.Signals; afterMs: number }
  | { signal: NodeJS.Signals; when: () => boolean; thenMs: number }

/** Arms the cancel; returns what disarms it. */
function scheduleCancel(
  kill: (signal: NodeJS.Signals) => void,
  cancel: Cancel | undefined
): () => void {
  if (!cancel) return () => undefined
  if ('afterMs' in cancel) {
    const timer = setTimeout(() => kill(cancel.signal), cancel.afterMs)
    return () => clearTimeout(timer)
  }
  let timer: NodeJS.Timeout | undefined
  const poll = setInterval(() => {
    if (timer || !cancel.when()) return
    clearInterval(poll)
    timer = setTimeout(() => kill(cancel.signal), cancel.thenMs)
  }, 20)
  return () => {
    clearInterval(poll)
    clearTimeout(timer)
  }
}

/** Runs dist/index.js once as a child process and collects what it left. */
export async function runStep(options: StepOptions): Promise<StepResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vm-access-step-'))
  const outputFile = path.join(dir, 'output')
  const summaryFile = path.join(dir, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  try {
    const env: Record<string, string> = {
      ...runnerEnvironment(dir, outputFile, summaryFile),
      ...options.env,
      ...inputVariables(options.inputs)
    }
    const child = spawn(process.execPath, [bundlePath], {
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c
      options.onOutput?.(c)
    })
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c
      options.onOutput?.(c)
    })
    const disarm = scheduleCancel((sig) => child.kill(sig), options.cancel)
    const [exitCode, signal] = await new Promise<
      [number | null, NodeJS.Signals | null]
    >((resolve) => child.on('close', (code, sig) => resolve([code, sig])))
    disarm()
    return {
      exitCode,
      signal,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8')
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** What a runner sets for every step: its files, the run's context, PATH. */
export function runnerEnvironment(
  dir: string,
  outputFile: string,
  summaryFile: string
): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_RUN_ID: '4242',
    RUNNER_TEMP: dir
  }
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

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks (and plain name=value lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc?.[1] && heredoc[2]) {
      const end = lines.indexOf(heredoc[2], i + 1)
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (line.includes('=')) {
      const at = line.indexOf('=')
      outputs[line.slice(0, at)] = line.slice(at + 1)
    }
  }
  return outputs
}
