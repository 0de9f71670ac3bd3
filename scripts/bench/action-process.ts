// Runs dist/index.js once as a runner would (scripts/runner.ts), but under
// GNU time, which reads the child's peak RSS from the kernel (wait4's
// ru_maxrss) when it exits: no sampling, so no peak can slip between samples.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inputVariables, parseOutputFile } from '../runner.ts'

/** GNU time; without it the bench reports no RSS. */
export const gnuTime = '/usr/bin/time'

/** What the bench needs from one run of the action. */
export interface ActionRun {
  /** Epoch ms just before the process was spawned. */
  spawnedAtMs: number
  /** Epoch ms when it exited. */
  exitedAtMs: number
  exitCode: number | null
  outputs: Record<string, string>
  /** stdout then stderr, to show when a run fails. */
  log: string
  /** Peak resident set size in KiB, when GNU time is present. */
  peakRssKib?: number
}

/** Runs `bundle` with the runner's variables, `env` and `inputs`. */
export async function runAction(
  bundle: string,
  inputs: Record<string, string>,
  env: Record<string, string>
): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vm-access-bench-'))
  const files = {
    output: path.join(dir, 'output'),
    summary: path.join(dir, 'summary'),
    rss: path.join(dir, 'rss')
  }
  try {
    await writeFile(files.output, '')
    await writeFile(files.summary, '')
    const hasTime = existsSync(gnuTime)
    const [command, args] = hasTime
      ? [gnuTime, ['-f', '%M', '-o', files.rss, process.execPath, bundle]]
      : [process.execPath, [bundle]]
    const spawnedAtMs = Date.now()
    const child = spawn(command, args, {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? dir,
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'octo-org/octo-repo',
        GITHUB_RUN_ID: '4242',
        RUNNER_TEMP: dir,
        ...env,
        ...inputVariables(inputs)
      },
      // Piped as a runner pipes them: writing the log is part of the cost.
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let log = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (log += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (log += c))
    let exitedAtMs = spawnedAtMs
    child.on('exit', () => (exitedAtMs = Date.now()))
    // 'close' waits for the pipes to drain, after 'exit' has stamped the time.
    const exitCode = await new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code))
    )
    const peakRssKib = hasTime
      ? readPeakRss(await readFile(files.rss, 'utf8'))
      : undefined
    return {
      spawnedAtMs,
      exitedAtMs,
      exitCode,
      outputs: parseOutputFile(await readFile(files.output, 'utf8')),
      log,
      ...(peakRssKib !== undefined ? { peakRssKib } : {})
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** GNU time's `%M` (KiB) is the last line; a "Command exited…" note may precede it. */
export function readPeakRss(text: string): number | undefined {
  const last = text.trim().split('\n').at(-1) ?? ''
  return /^\d+$/.test(last) ? Number(last) : undefined
}
