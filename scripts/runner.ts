// Runs the bundled action (dist/index.js) the way a GitHub runner does:
// inputs as INPUT_* variables with action.yml's defaults filled in, outputs
// and the job summary in files, and the runner's cancel sequence. The one
// way the end-to-end tests, `npm run local`, the benchmark and the
// reliability run start the action.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runnerInputVariables, type StepWith } from './action-inputs.ts'

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
  /** The cancel signals sent before the step ended, in order, and when (ms after the first). */
  signalsSent: { signal: NodeJS.Signals; atMs: number }[]
}

/** How to run the step. */
export interface StepOptions {
  /** The step's `with:`; every input it leaves out gets action.yml's default. */
  inputs: StepWith
  env?: Record<string, string>
  /**
   * Cancels the step: `afterMs` after the start, or `thenMs` after `when()`
   * first holds (polled every 20 ms).
   */
  cancel?: Cancel
  /** Echo the step's stdout/stderr as it runs. */
  onOutput?: (chunk: string) => void
}

/**
 * How a step is cancelled: one signal, or `'runner'` for GitHub's sequence
 * (SIGINT; SIGTERM 7.5 s later; SIGKILL 2.5 s after that; each only while
 * the step still runs).
 */
export type Cancel =
  | { signal: NodeJS.Signals | 'runner'; afterMs: number }
  | { signal: NodeJS.Signals | 'runner'; when: () => boolean; thenMs: number }

/** GitHub's cancel: when each signal goes, after the first. */
export const runnerCancelSequence: { signal: NodeJS.Signals; atMs: number }[] =
  [
    { signal: 'SIGINT', atMs: 0 },
    { signal: 'SIGTERM', atMs: 7500 },
    { signal: 'SIGKILL', atMs: 10_000 }
  ]

/** Arms the cancel; returns what disarms it. */
function scheduleCancel(
  kill: (signal: NodeJS.Signals) => void,
  cancel: Cancel | undefined
): () => void {
  if (!cancel) return () => undefined
  const timers: NodeJS.Timeout[] = []
  const send = (): void => {
    if (cancel.signal !== 'runner') return kill(cancel.signal)
    for (const { signal, atMs } of runnerCancelSequence) {
      timers.push(setTimeout(() => kill(signal), atMs))
    }
  }
  let poll: NodeJS.Timeout | undefined
  if ('afterMs' in cancel) timers.push(setTimeout(send, cancel.afterMs))
  else {
    poll = setInterval(() => {
      if (!cancel.when()) return
      clearInterval(poll)
      timers.push(setTimeout(send, cancel.thenMs))
    }, 20)
  }
  return () => {
    clearInterval(poll)
    timers.forEach(clearTimeout)
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
      ...runnerInputVariables(options.inputs)
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
    const signalsSent: StepResult['signalsSent'] = []
    let firstSignalAt: number | undefined
    const disarm = scheduleCancel((sig) => {
      firstSignalAt ??= performance.now()
      signalsSent.push({ signal: sig, atMs: performance.now() - firstSignalAt })
      child.kill(sig)
    }, options.cancel)
    const [exitCode, signal] = await new Promise<
      [number | null, NodeJS.Signals | null]
    >((resolve) => child.on('close', (code, sig) => resolve([code, sig])))
    disarm()
    return {
      exitCode,
      signal,
      signalsSent,
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
