// The writes of a VMAccess reset: remove an old extension, send the new one,
// and await the status it reports from the guest. Each returns what it did.
import type { VirtualMachineExtension } from '@azure/arm-compute'
import { AzureError } from '../errors.ts'
import type { AppliedRecord, Deps, Step } from '../operation.ts'
import type { VmRef } from '../settings.ts'
import { isAbort, submit, waitFor, type Submitted } from './lro.ts'
import { buildVmAccessExtension, type VmAccessPlan } from './plan.ts'

type Removing = Extract<Step, { step: 'removing' }>
type Removed = Extract<Step, { step: 'removed' }>
type Applied = Extract<Step, { step: 'applied' }>

/** A DELETE that Azure accepted, and the wait for it. */
export interface Removal {
  step: Removing
  submitted: Submitted<void>
}

/** DELETEs one VMAccess extension; returns once Azure has accepted it. */
export async function sendRemoval(
  target: VmRef,
  extensionName: string,
  deps: Deps
): Promise<Removal> {
  deps.log(`Removing VMAccess extension '${extensionName}'…`)
  const submitted = await submit(
    (options) =>
      deps.compute.virtualMachineExtensions.delete(
        target.resourceGroup,
        target.vmName,
        extensionName,
        options
      ),
    deps.signal
  )
  return { step: { step: 'removing', extensionName }, submitted }
}

/** Waits until Azure says the extension is gone. */
export async function awaitRemoval(
  removal: Removal,
  deps: Deps
): Promise<Removed> {
  await waitFor(removal.submitted, deps.signal)
  return { step: 'removed', extensionName: removal.step.extensionName }
}

/** PUTs the new VMAccess; returns once Azure has accepted it. */
export async function sendVmAccess(
  target: VmRef,
  plan: VmAccessPlan,
  location: string,
  deps: Deps
): Promise<Submitted<VirtualMachineExtension>> {
  deps.log(
    `Applying VMAccessAgent ${plan.typeHandlerVersion} as '${plan.extensionName}'…`
  )
  return submit(
    (options) =>
      deps.compute.virtualMachineExtensions.createOrUpdate(
        target.resourceGroup,
        target.vmName,
        plan.extensionName,
        buildVmAccessExtension(plan, location),
        options
      ),
    deps.signal
  )
}

/**
 * Waits for the PUT and reads what VMAccess reported. Azure's answer, good
 * or bad, is the result; the run's own stop is thrown, as its outcome is
 * unknown.
 */
export async function awaitVmAccess(
  target: VmRef,
  extensionName: string,
  sent: Submitted<VirtualMachineExtension>,
  deps: Deps
): Promise<Applied> {
  const applyError = await waitFor(sent, deps.signal).then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e)))
  )
  if (applyError && isAbort(applyError, deps.signal)) throw applyError

  const extension = await readExtension(target, extensionName, deps)
  // A poll that failed (403, 404…) says nothing of the PUT: then the
  // extension's own final state is the outcome, and without one it is unknown.
  const operationError =
    applyError && isOperationFailure(applyError) ? applyError : undefined
  if (applyError && !operationError && !isFinal(extension?.provisioningState)) {
    throw applyError
  }
  const provisioningState =
    extension?.provisioningState ?? (operationError ? 'Failed' : 'Succeeded')
  const message = statusMessage(extension)
  const failure =
    operationError ??
    (provisioningState === 'Succeeded'
      ? undefined
      : new AzureError(
          `VMAccess ended in state ${provisioningState}: ${message ?? 'no message'}`,
          'Re-run the workflow.',
          { code: provisioningState }
        ))
  return {
    step: 'applied',
    provisioningState,
    ...(message ? { message } : {}),
    ...(failure ? { failure } : {})
  }
}

// core-lro's words for an operation that ended Failed or Canceled.
function isOperationFailure(error: Error): boolean {
  return error.message.startsWith('The long-running operation has failed')
}

function isFinal(provisioningState: string | undefined): boolean {
  return provisioningState === 'Succeeded' || provisioningState === 'Failed'
}

async function readExtension(
  target: VmRef,
  name: string,
  deps: Deps
): Promise<VirtualMachineExtension | undefined> {
  try {
    return await deps.compute.virtualMachineExtensions.get(
      target.resourceGroup,
      target.vmName,
      name,
      { expand: 'instanceView', abortSignal: deps.signal }
    )
  } catch (e) {
    // The outcome is already known from the operation; the status is a bonus.
    deps.log(
      `Could not read the status of '${name}': ${e instanceof Error ? e.message : String(e)}`
    )
    return undefined
  }
}

/** The extension's record of its last PUT, read again (model view only). */
export async function readVmAccessRecord(
  target: VmRef,
  extensionName: string,
  deps: Deps,
  signal: AbortSignal
): Promise<AppliedRecord | undefined> {
  const extension = await deps.compute.virtualMachineExtensions.get(
    target.resourceGroup,
    target.vmName,
    extensionName,
    { abortSignal: signal }
  )
  return {
    ...(extension.forceUpdateTag
      ? { forceUpdateTag: extension.forceUpdateTag }
      : {}),
    ...(extension.provisioningState
      ? { provisioningState: extension.provisioningState }
      : {})
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
