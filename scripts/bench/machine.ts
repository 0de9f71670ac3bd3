// The machine the figures came from, for the README beside them.
import { readFileSync } from 'node:fs'
import os from 'node:os'

/** What the figures depend on. */
export interface Machine {
  cpus: number
  cpuModel: string
  memoryGiB: number
  node: string
  platform: string
}

/** Reads this machine's CPU count, CPU model, memory and Node version. */
export function describeMachine(): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`
  }
}

// os.cpus() reads the same file, but is empty on some containers.
function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'))
    return line?.split(':')[1]?.trim() ?? 'unknown'
  } catch {
    return os.cpus()[0]?.model ?? 'unknown'
  }
}
