// The runner's cancel, as GitHub sends it: SIGINT, SIGTERM about 7.5 s
// later, SIGKILL about 2.5 s after that. The run stops at the first signal;
// the work a stop still owes (recording the outcome in Key Vault, deleting a
// Run Command) gets until the wrap-up deadline, so that the outputs and the
// summary are written seconds before SIGTERM, let alone SIGKILL.

/** How long the owed work may take after SIGINT, GitHub's first signal. */
export const wrapUpAfterSigintMs = 3000
/** SIGKILL follows SIGTERM in about 2.5 s: the owed work ends sooner. */
export const wrapUpAfterSigtermMs = 2000

/** The runner's cancel, as the run reads it. */
export interface RunnerCancel {
  /** Fires at the runner's first cancel signal (SIGINT, or SIGTERM alone). */
  cancel: AbortSignal
  /**
   * Fires when the owed work must end: 3 s after SIGINT, 2 s after SIGTERM,
   * whichever comes first. Never fires without a cancel.
   */
  wrapUp: AbortSignal
}

/** What the listener needs of a process: its signals. */
export interface SignalSource {
  once: (signal: 'SIGINT' | 'SIGTERM', listener: () => void) => unknown
}

/** Listens for the runner's cancel signals on `source` (the process). */
export function listenForCancel(source: SignalSource): RunnerCancel {
  const cancel = new AbortController()
  const wrapUp = new AbortController()
  let deadline = Infinity
  let timer: NodeJS.Timeout | undefined
  const stop = (signal: string, wrapUpMs: number): void => {
    if (!cancel.signal.aborted) cancel.abort(new Error(`received ${signal}`))
    // The earliest deadline holds: SIGTERM after SIGINT may bring it closer.
    if (performance.now() + wrapUpMs >= deadline) return
    deadline = performance.now() + wrapUpMs
    clearTimeout(timer)
    // Unref'd: a run that ends sooner must not wait for the deadline.
    timer = setTimeout(() => wrapUp.abort(), wrapUpMs).unref()
  }
  source.once('SIGINT', () => stop('SIGINT', wrapUpAfterSigintMs))
  source.once('SIGTERM', () => stop('SIGTERM', wrapUpAfterSigtermMs))
  return { cancel: cancel.signal, wrapUp: wrapUp.signal }
}

/** A run nobody can cancel: local-action, and tests that call run() directly. */
export function neverCancelled(): RunnerCancel {
  const never = new AbortController().signal
  return { cancel: never, wrapUp: never }
}

/** A signal for owed work: its own budget, cut short by the wrap-up deadline. */
export function wrapUpSignal(
  wrapUp: AbortSignal,
  budgetMs: number
): AbortSignal {
  return AbortSignal.any([wrapUp, AbortSignal.timeout(budgetMs)])
}
