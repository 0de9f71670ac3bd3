// The Run Command handler in the guest: runs a script as the scenario says
// (faults included) and keeps only the end of its output, as Azure does.
import type { RunCommandBehaviour } from '../scenario.ts'
import type { GuestState } from '../state.ts'
import {
  failed,
  runScript,
  type ScriptInput,
  type ScriptOutcome
} from './scripts.ts'

/** Azure returns only the last 4,096 bytes of each stream (run-command.md, facts.md §b). */
export const outputLimitBytes = 4096

/**
 * Runs the script at `nowMs`: a `failsWith` fault replaces it; `noiseBytes`
 * of noise go before its stdout; both streams are then cut to their last
 * 4,096 bytes (`outputCut`: to the second half of the stdout's last line).
 */
export function runInGuest(
  guest: GuestState,
  behaviour: RunCommandBehaviour,
  input: ScriptInput,
  nowMs: number
): ScriptOutcome {
  const outcome =
    behaviour.failsWith === undefined
      ? runScript(guest, input, nowMs)
      : failed(behaviour.failsWith)
  const stdout = noise(behaviour.noiseBytes) + outcome.stdout
  return {
    ...outcome,
    stdout: behaviour.outputCut
      ? cutInsideLastLine(stdout)
      : lastBytes(stdout, outputLimitBytes),
    stderr: lastBytes(outcome.stderr, outputLimitBytes)
  }
}

/** The last `limit` bytes of `text` (UTF-8). */
export function lastBytes(text: string, limit: number): string {
  const bytes = Buffer.from(text, 'utf8')
  return bytes.length <= limit
    ? text
    : bytes.subarray(bytes.length - limit).toString('utf8')
}

// As if the line were longer than the limit: what is kept starts in its middle.
function cutInsideLastLine(stdout: string): string {
  const lastLine = stdout.split('\n').at(-1) ?? ''
  const kept = Math.ceil(Buffer.byteLength(lastLine) / 2)
  return lastBytes(stdout, Math.min(kept, outputLimitBytes))
}

// Lines a profile script or a chatty module might print, ending in a newline
// so the script's own output starts a line of its own.
function noise(bytes: number): string {
  if (bytes <= 0) return ''
  const line = '[guest] unrelated output before the script '.padEnd(79, '.')
  const text = `${line}\n`.repeat(Math.ceil(bytes / 80)).slice(0, bytes)
  return `${text.slice(0, -1)}\n`
}
