// The writes to the VM: remove every VMAccess, apply the new one, and read
// the status it reports. Each step records on the Outcome how far it got.
import { setTimeout as sleep } from 'node:timers/promises'
import type { VirtualMachineExtension } from '@azure/arm-compute'
import type { FullOperationResponse } from '@azure-rest/core-client'
import { AzureError, type VmChange } from './errors.ts'
import { buildVmAccessExtension, type VmAccessPlan } from './extension.ts'
import type { ReadyVm } from './preflight.ts'
import { explain } from './remedies.ts'
import { retryAfterMs } from './retry.ts'
import type { Settings } from './settings.ts'
import type { Deps, Outcome } from './vm-access.ts'

/** Removes every VMAccess, applies the new one and reads its status. */
export async function applyVmAccess(
  settings: Settings,
  vm: ReadyVm,
  plan: VmAccessPlan,
  deps: Deps,
  outcome: Outcome
): Promise<void> {
  let change: VmChange = 'none'
  try {
    for (const existing of vm.vmAccessExtensions) {
      // A VM holds one VMAccess agent; a second one is refused, so remove
      // every one first, whatever its name.
      deps.log(`Removing VMAccess extension '${existing.name}'…`)
      const deletion = await submit(
        (options) =>
          deps.compute.virtualMachineExtensions.delete(
            settings.target.resourceGroup,
            settings.target.vmName,
            existing.name,
            options
          ),
        deps.signal
      )
      await waitFor(deletion, deps.signal)
      outcome.removedExtensions.push(existing.name)
      change = 'extension-removed'
    }

    deps.log(
      `Applying VMAccessAgent ${plan.typeHandlerVersion} as '${plan.extensionName}'…`
    )
    const application = await submit(
      (options) =>
        deps.compute.virtualMachineExtensions.createOrUpdate(
          settings.target.resourceGroup,
          settings.target.vmName,
          plan.extensionName,
          buildVmAccessExtension(plan, vm.location),
          options
        ),
      deps.signal
    )
    change = 'extension-unknown'
    const applyError = await waitFor(application, deps.signal).then(
      () => undefined,
      (e: unknown) => e
    )
    if (applyError && isAbort(applyError, deps.signal)) {
      throw explain(applyError, deps.failureContext())
    }

    const extension = await readExtension(settings, plan.extensionName, deps)
    outcome.provisioningState =
      extension?.provisioningState ?? (applyError ? 'Failed' : 'Succeeded')
    outcome.extensionMessage = statusMessage(extension)
    if (applyError || outcome.provisioningState !== 'Succeeded') {
      const error = applyError
        ? explain(applyError, deps.failureContext())
        : new AzureError(
            `VMAccess ended in state ${outcome.provisioningState}: ${outcome.extensionMessage ?? 'no message'}`,
            'Re-run the workflow.',
            { code: outcome.provisioningState }
          )
      outcome.error = error.withChange('extension-failed')
      return
    }
    outcome.status = 'succeeded'
  } catch (e) {
    outcome.error = explain(e, deps.failureContext()).withChange(change)
  }
}

async function readExtension(
  settings: Settings,
  name: string,
  deps: Deps
): Promise<VirtualMachineExtension | undefined> {
  try {
    return await deps.compute.virtualMachineExtensions.get(
      settings.target.resourceGroup,
      settings.target.vmName,
      name,
      {
        expand: 'instanceView',
        abortSignal: deps.signal
      }
    )
  } catch (e) {
    // The outcome is already known from the operation; the status is a bonus.
    deps.log(
      `Could not read the status of '${name}': ${e instanceof Error ? e.message : String(e)}`
    )
    return undefined
  }
}

/** The extension's status and substatus messages, joined. */
export function statusMessage(
  extension: VirtualMachineExtension | undefined
): string | undefined {
  const view = extension?.instanceView
  const messages = [...(view?.statuses ?? []), ...(view?.substatuses ?? [])]
    .map((s) => s.message?.trim())
    .filter((m): m is string => Boolean(m))
  // Sentences, so that joined messages still read as sentences.
  const sentences = messages.map((m) => (/[.!?]$/.test(m) ? m : `${m}.`))
  return sentences.length > 0 ? [...new Set(sentences)].join(' ') : undefined
}

/** A long-running operation as the SDK's poller exposes it. */
interface Poller<T> {
  submitted: () => Promise<void>
  readonly isDone: boolean
  pollUntilDone: (options?: { abortSignal?: AbortSignal }) => Promise<T>
}

/** A submitted operation and the wait its first answer asked for. */
interface Submitted<T> {
  poller: Poller<T>
  /** The first answer's Retry-After in ms; 0 when it sent none. */
  firstWaitMs: number
}

/** Sends the request that starts an operation; throws if Azure refuses it. */
async function submit<T>(
  start: (options: {
    abortSignal: AbortSignal
    updateIntervalInMs: number
    onResponse: (response: FullOperationResponse) => void
  }) => Poller<T>,
  signal: AbortSignal
): Promise<Submitted<T>> {
  let firstWaitMs = 0
  const poller = start({
    abortSignal: signal,
    updateIntervalInMs: pollIntervalMs,
    onResponse: (response) => {
      firstWaitMs = retryAfterMs(response.headers)
    }
  })
  await poller.submitted()
  return { poller, firstWaitMs }
}

// Between polls when the server sends no Retry-After (core-lro's default,
// stated here so the first wait below matches): VMAccess takes seconds to
// minutes, and the Azure CLI's 30 s would waste most of them.
const pollIntervalMs = 2000

/**
 * Waits for a submitted operation. core-lro polls at once after a 201/202
 * and honours Retry-After only from its second poll on, so the first wait
 * is ours: no poll comes before the server asked for it.
 */
async function waitFor<T>(
  { poller, firstWaitMs }: Submitted<T>,
  signal: AbortSignal
): Promise<T> {
  if (!poller.isDone) {
    await sleep(firstWaitMs || pollIntervalMs, undefined, { signal })
  }
  return poller.pollUntilDone({ abortSignal: signal })
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return (
    signal.aborted || (error instanceof Error && error.name === 'AbortError')
  )
}
