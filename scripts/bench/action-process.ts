// Runs dist/index.js once as a runner would (see scripts/runner.ts): inputs
// as INPUT_* variables with action.yml's defaults filled in, outputs and the
// job summary in files. Timed from outside by timed-process.ts.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runnerInputVariables, type StepWith } from '../action-inputs.ts'
import { parseOutputFile, runnerEnvironment } from '../runner.ts'
import { runTimed, type TimedProcess } from './timed-process.ts'

/** One run of the action: the process's figures and the outputs it set. */
export interface ActionRun extends TimedProcess {
  outputs: Record<string, string>
}

/** Runs `bundle` with the runner's variables, `env` and `inputs`. */
export async function runAction(
  bundle: string,
  inputs: StepWith,
  env: Record<string, string>
): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vm-access-bench-'))
  const output = path.join(dir, 'output')
  const summary = path.join(dir, 'summary')
  try {
    await writeFile(output, '')
    await writeFile(summary, '')
    const run = await runTimed(
      process.execPath,
      [bundle],
      {
        ...runnerEnvironment(dir, output, summary),
        ...env,
        ...runnerInputVariables(inputs)
      },
      path.join(dir, 'rusage')
    )
    return {
      ...run,
      outputs: parseOutputFile(await readFile(output, 'utf8'))
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Starts and exits an empty Node process: the floor under any cold start. */
export async function runBareNode(): Promise<TimedProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vm-access-bench-'))
  try {
    return await runTimed(
      process.execPath,
      ['-e', '0'],
      { PATH: process.env['PATH'] ?? '' },
      path.join(dir, 'rusage')
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
