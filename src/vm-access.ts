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
import type { StoredVersion, VaultApi } from './key-vault.ts'
import {
  settleRotation,
  storeNewPassword,
  type PasswordRecord
} from './rotation-steps.ts'
import { checkPassword } from './validation.ts'

/** What the workflow needs from outside: the SDK slices and the run's signal. */
export interface Deps {
  compute: ComputeApi
  /** Present when the password is rotated into Key Vault. */
  vault?: VaultApi
  /** Aborts on timeout-minutes or on the runner's cancel. */
  signal: AbortSignal
  log: (line: string) => void
  /** Context for remedies, read when a failure is explained. */
  failureContext: () => FailureContext
  runUrl?: string
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
  /** Where a generated password was kept, and in which state. */
  password?: PasswordRecord
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
  let stored: StoredVersion | undefined
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
    const rotation =
      settings.mode.kind === 'reset-password'
        ? settings.mode.rotation
        : undefined
    if (rotation && deps.vault && plan.credentials) {
      // Stored before the VM gets it, like Windows LAPS: the VM never holds a
      // password that nobody has.
      deps.log(`Storing the new password in Key Vault ${rotation.vaultUrl}…`)
      stored = await storeNewPassword(
        deps.vault,
        rotation,
        plan.credentials.password,
        {
          vmName: vmName(settings),
          vmId: vm.vmId,
          vmResourceId: vm.vmResourceId,
          username: plan.credentials.username,
          runUrl: deps.runUrl
        },
        deps.signal
      )
    }
    await applyVmAccess(settings, vm, plan, deps, outcome)
  } catch (e) {
    outcome.error = explain(e, deps.failureContext())
  }
  if (
    stored &&
    deps.vault &&
    settings.mode.kind === 'reset-password' &&
    settings.mode.rotation
  ) {
    deps.log(
      `Recording the outcome on secret '${stored.name}' version ${stored.version}…`
    )
    outcome.password = await settleRotation(
      deps.vault,
      settings.mode.rotation.vaultUrl,
      stored,
      outcome.error?.message
    )
  }
  return outcome
}

/** Removes every VMAccess, applies the new one and reads its status. */
async function applyVmAccess(
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
  // Sentences, so that joined messages still read as sentences.
  const sentences = messages.map((m) => (/[.!?]$/.test(m) ? m : `${m}.`))
  return sentences.length > 0 ? [...new Set(sentences)].join(' ') : undefined
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
