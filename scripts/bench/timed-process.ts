// Spawns a process under GNU time, which reads the child's peak RSS and CPU
// time from the kernel (wait4's rusage) when it exits: nothing is sampled, so
// no peak can slip between samples.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

/** GNU time; without it the bench reports no RSS and no CPU time. */
export const gnuTime = '/usr/bin/time'

/** What one process did, timed from outside. */
export interface TimedProcess {
  /** Epoch ms just before the spawn. */
  spawnedAtMs: number
  /** Epoch ms when it exited. */
  exitedAtMs: number
  exitCode: number | null
  /** stdout then stderr as they came. */
  log: string
  /** Peak resident set size in KiB. */
  peakRssKib?: number
  /** User plus system CPU time in ms. */
  cpuMs?: number
}

/** Runs `command args` with `env`; GNU time writes its figures to `rusageFile`. */
export async function runTimed(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  rusageFile: string
): Promise<TimedProcess> {
  const hasTime = existsSync(gnuTime)
  const [file, argv] = hasTime
    ? [gnuTime, ['-f', '%M %U %S', '-o', rusageFile, command, ...args]]
    : [command, [...args]]
  const spawnedAtMs = Date.now()
  // Piped as a runner pipes them: writing the log is part of the cost.
  const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (log += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (log += c))
  let exitedAtMs = spawnedAtMs
  child.on('exit', () => (exitedAtMs = Date.now()))
  // 'close' waits for the pipes to drain, after 'exit' has stamped the time.
  const exitCode = await new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code))
  )
  const usage = hasTime ? readRusage(await readFile(rusageFile, 'utf8')) : {}
  return { spawnedAtMs, exitedAtMs, exitCode, log, ...usage }
}

/**
 * Reads GNU time's `%M %U %S` line (KiB, CPU seconds), the last one in the
 * file: a "Command exited with non-zero status" note may precede it.
 */
export function readRusage(text: string): {
  peakRssKib?: number
  cpuMs?: number
} {
  const last = text.trim().split('\n').at(-1) ?? ''
  const match = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(last)
  if (!match) return {}
  return {
    peakRssKib: Number(match[1]),
    cpuMs: Math.round((Number(match[2]) + Number(match[3])) * 1000)
  }
}
