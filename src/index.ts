// The entry point GitHub runs (dist/index.js): wires the runner's cancel
// signals to run() and nothing else.
import * as core from '@actions/core'
import { listenForCancel } from './cancel.ts'
import { run } from './main.ts'

const stop = listenForCancel(process)
run(stop)
  .catch((error: unknown) => {
    // run() reports every failure itself once it has read the inputs; this
    // is the last word of a bug in reading them, when no redactor was handed
    // back yet (the runner masks the secret inputs already).
    // eslint-disable-next-line no-restricted-properties
    core.setFailed(error instanceof Error ? error.message : String(error))
  })
  .finally(() => {
    // A request the cancel gave up on (a sign-in that hangs) would keep the
    // process alive until SIGKILL; the report is written, so end now.
    if (stop.cancel.aborted) process.exit()
  })
