// A managed Run Command (v2) as a resource this action creates and must not
// leave behind: its unique name, and its deletion on a budget of its own.
import { randomBytes } from 'node:crypto'
import { wrapUpSignal } from '../cancel.ts'
import type { Deps } from '../operation.ts'
import type { VmRef } from '../settings.ts'
import { submit, waitFor } from '../vm-access/lro.ts'
import { runCommandPrefix } from './other-runs.ts'

// A delete gets its own time: the run's signal may be why the script stopped.
export const cleanupBudgetMs = 120_000

/** Unique per run: two runs at once never share (or delete) one resource. */
export function newRunCommandName(): string {
  return `${runCommandPrefix}${randomBytes(4).toString('hex')}`
}

/** Why a DELETE did not finish, or undefined once the resource is gone. */
export async function deleteRunCommand(
  target: VmRef,
  runCommandName: string,
  deps: Pick<Deps, 'compute' | 'wrapUp'>
): Promise<{ gone: true } | { gone: false; why: string; error: unknown }> {
  const signal = wrapUpSignal(deps.wrapUp, cleanupBudgetMs)
  try {
    const removal = await submit(
      (options) =>
        deps.compute.virtualMachineRunCommands.delete(
          target.resourceGroup,
          target.vmName,
          runCommandName,
          options
        ),
      signal
    )
    await waitFor(removal, signal)
    return { gone: true }
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 404) {
      return { gone: true }
    }
    const why = deps.wrapUp.aborted
      ? 'the run was cancelled before Azure finished the DELETE'
      : signal.aborted
        ? `Azure did not finish the DELETE within ${cleanupBudgetMs / 1000} s (it kept refusing or did not answer)`
        : error instanceof Error
          ? error.message
          : String(error)
    return { gone: false, why, error }
  }
}
