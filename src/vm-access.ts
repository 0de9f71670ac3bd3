// The workflow: GET VM → pre-flight → DELETE every VMAccess → PUT the new one
// → read its status. The only file that talks to Compute.
import type { VirtualMachineExtension } from '@azure/arm-compute'
import type { ComputeApi } from './arm-client.ts'
import { AzureError, type VmChange } from './errors.ts'
import {
  buildVmAccessExtension,
  chooseExtensionName,
  chooseTypeHandlerVersion,
  type VmAccessPlan
} from './extension.ts'
import { checkVm, type ReadyVm } from './preflight.ts'
import { explain, type FailureContext } from './remedies.ts'
import { Input, type Settings } from './settings.ts'
import { checkPassword } from './validation.ts'

/** What the workflow needs from outside: the SDK slice and the run's signal. */
export interface Deps {
  compute: ComputeApi
  /** Aborts on timeout-minutes or on the runner's cancel. */
  signal: AbortSignal
  log: (line: string) => void
  /** Context for remedies, read when a failure is explained. */
  failureContext: () => FailureContext
}

/** What a run did, as far as it got. */
export interface Outcome {
  status: 'succeeded' | 'failed'
  vmId?: string
  extensionName?: string
  typeHandlerVersion?: string
  username?: string
  /** True when the account is the VM's admin (osProfile.adminUsername). */
  isAdminAccount?: boolean
  removedExtensions: string[]
  hasAadLogin: boolean
  provisioningState?: string
  /** The extension's own status message(s). */
  extensionMessage?: string
  error?: AzureError
}

/** Resets the VM's password or RDP configuration; never throws. */
export async function resetVmAccess(
  settings: Settings,
  deps: Deps
): Promise<Outcome> {
  const outcome: Outcome = {
    status: 'failed',
    removedExtensions: [],
    hasAadLogin: false
  }
  let change: VmChange = 'none'
  try {
    const vm = await readyVm(settings, deps)
    outcome.vmId = vm.vmId
    outcome.hasAadLogin = vm.hasAadLogin
    const plan = planVmAccess(settings, vm)
    outcome.extensionName = plan.extensionName
    outcome.typeHandlerVersion = plan.typeHandlerVersion
    outcome.username = plan.credentials?.username
    outcome.isAdminAccount =
      plan.credentials && plan.credentials.username === vm.adminUsername

    for (const existing of vm.vmAccessExtensions) {
      // A VM holds one VMAccess agent; a second one is refused, so remove
      // every one first, whatever its name.
      deps.log(`Removing VMAccess extension '${existing.name}'…`)
      await waitFor(
        deps.compute.virtualMachineExtensions.delete(
          rg(settings),
          vmName(settings),
          existing.name,
          { abortSignal: deps.signal }
        ),
        deps.signal
      )
      outcome.removedExtensions.push(existing.name)
      change = 'extension-removed'
    }

    deps.log(
      `Applying VMAccessAgent ${plan.typeHandlerVersion} as '${plan.extensionName}'…`
    )
    const poller = deps.compute.virtualMachineExtensions.createOrUpdate(
      rg(settings),
      vmName(settings),
      plan.extensionName,
      buildVmAccessExtension(plan, vm.location),
      { abortSignal: deps.signal }
    )
    await poller.submitted()
    change = 'extension-unknown'
    const applyError = await waitFor(poller, deps.signal).then(
      () => undefined,
      (e: unknown) => e
    )
    if (applyError && isAbort(applyError, deps.signal)) {
      throw explain(applyError, deps.failureContext())
    }
    change = applyError ? 'extension-failed' : 'none'

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
      return outcome
    }
    outcome.status = 'succeeded'
    return outcome
  } catch (e) {
    outcome.error = explain(e, deps.failureContext()).withChange(change)
    return outcome
  }
}

async function readyVm(settings: Settings, deps: Deps): Promise<ReadyVm> {
  deps.log(
    `Reading VM '${vmName(settings)}' in resource group '${rg(settings)}'…`
  )
  const vm = await deps.compute.virtualMachines.get(
    rg(settings),
    vmName(settings),
    {
      expand: 'instanceView',
      abortSignal: deps.signal
    }
  )
  const verdict = checkVm(vm, settings.target)
  if (verdict.kind === 'failure') {
    throw new AzureError(verdict.message, verdict.fix, { code: verdict.reason })
  }
  return verdict
}

/** Resolves name, version and account; refuses a password that names the account. */
function planVmAccess(settings: Settings, vm: ReadyVm): VmAccessPlan {
  const plan: VmAccessPlan = {
    extensionName: chooseExtensionName(settings.extension, vm),
    typeHandlerVersion: chooseTypeHandlerVersion(settings.extension, vm)
  }
  if (settings.mode.kind === 'reset-rdp') return plan
  const username = settings.mode.username ?? vm.adminUsername
  if (!username) {
    throw new AzureError(
      `VM '${vmName(settings)}' reports no admin username.`,
      `Set the input '${Input.username}' to the account to reset. Nothing was changed.`,
      { code: 'NoAdminUsername' }
    )
  }
  // Checked again now that the default user is known: Windows refuses it.
  const problem = checkPassword(settings.mode.password.reveal(), username)
  if (problem) {
    throw new AzureError(
      `Input '${Input.password}' ${problem.problem}.`,
      `${problem.fix} Nothing was changed.`,
      { code: 'InvalidPassword' }
    )
  }
  return {
    ...plan,
    credentials: { username, password: settings.mode.password }
  }
}

async function readExtension(
  settings: Settings,
  name: string,
  deps: Deps
): Promise<VirtualMachineExtension | undefined> {
  try {
    return await deps.compute.virtualMachineExtensions.get(
      rg(settings),
      vmName(settings),
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
  return messages.length > 0 ? [...new Set(messages)].join(' ') : undefined
}

function waitFor<T>(
  poller: { pollUntilDone: (o?: { abortSignal?: AbortSignal }) => Promise<T> },
  signal: AbortSignal
): Promise<T> {
  return poller.pollUntilDone({ abortSignal: signal })
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return (
    signal.aborted || (error instanceof Error && error.name === 'AbortError')
  )
}

const rg = (s: Settings): string => s.target.resourceGroup
const vmName = (s: Settings): string => s.target.vmName
