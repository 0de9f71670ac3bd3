// Runs the read-only verification probe in the guest through the action
// Run Command (RunPowerShellScript) and reads its one JSON line. Every way
// it can fall short becomes a one-line reason, never a throw: a reset that
// cannot be checked still counts.
import type { RunCommandResult } from '@azure/arm-compute'
import type { ComputeApi } from '../arm-client.ts'
import { clip, lastLine, oneLine } from '../markup.ts'
import type { VmRef } from '../settings.ts'
import { isAbort, submit, waitFor } from '../vm-access/lro.ts'
import type { GuestFacts } from './facts.ts'
import { userParameters, verifyScript } from './scripts.ts'

/** The RBAC action the probe needs (Virtual Machine Contributor has it). */
export const runCommandAction =
  'Microsoft.Compute/virtualMachines/runCommand/action'

/** What the probe found, or why it found nothing. */
export type ProbeResult = { facts: GuestFacts } | { unknown: string }

/** Runs verify/2 on the VM, asking about `username` if given. */
export async function probeGuest(
  compute: Pick<ComputeApi, 'virtualMachines'>,
  target: VmRef,
  username: string | undefined,
  signal: AbortSignal
): Promise<ProbeResult> {
  let result: RunCommandResult
  try {
    const submitted = await submit(
      (options) =>
        compute.virtualMachines.runCommand(
          target.resourceGroup,
          target.vmName,
          {
            commandId: 'RunPowerShellScript',
            script: [...verifyScript],
            parameters: userParameters(username)
          },
          options
        ),
      signal
    )
    result = await waitFor(submitted, signal)
  } catch (error) {
    return { unknown: whyNot(error, signal) }
  }
  const stream = (kind: 'StdOut' | 'StdErr'): string =>
    result.value?.find((s) => s.code?.startsWith(`ComponentStatus/${kind}/`))
      ?.message ?? ''
  // Loaded here: the schema validator is needed only once a probe has run.
  const { readFacts } = await import('./facts.ts')
  const read = readFacts(stream('StdOut'))
  if ('facts' in read) return read
  const stderr = lastLine(stream('StdErr'))
  return {
    unknown: stderr
      ? `the probe failed in the guest: ${stderr}`
      : read.unreadable
  }
}

/** The one line a Run Command failure is told in. */
export function whyNot(
  error: unknown,
  signal: AbortSignal,
  action: string = runCommandAction
): string {
  if (isAbort(error, signal)) {
    return 'Run Command did not answer before the run stopped (timeout-minutes or a cancel); another script may hold it, as it runs one at a time'
  }
  const e = error as { statusCode?: number; code?: string; message?: string }
  if (e.statusCode === 403 || e.code === 'AuthorizationFailed') {
    return `the identity may not use Run Command: it needs ${action} on the VM (Virtual Machine Contributor has it)`
  }
  const said = clip(oneLine(e.message ?? String(error)))
  return `Run Command failed${e.code ? ` (${e.code})` : ''}: ${said}`
}
