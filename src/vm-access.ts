// The workflow: GET VM → pre-flight → (store a generated password) → DELETE
// every VMAccess → PUT the new one → read its status → settle the password.
import type { ComputeApi } from './arm-client.ts'
import { AzureError } from './errors.ts'
import { applyVmAccess } from './extension-steps.ts'
import {
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
import { checkPassword } from './windows-credentials.ts'

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
  const rotation =
    settings.mode.kind === 'reset-password' ? settings.mode.rotation : undefined
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
    if (rotation && deps.vault && plan.credentials) {
      // Stored before the VM gets it, like Windows LAPS: the VM never holds a
      // password that nobody has.
      deps.log(`Storing the new password in Key Vault ${rotation.vaultUrl}…`)
      stored = await storeNewPassword(
        deps.vault,
        rotation,
        plan.credentials.password,
        {
          vmName: settings.target.vmName,
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
  if (stored && deps.vault && rotation) {
    deps.log(
      `Recording the outcome on secret '${stored.name}' version ${stored.version}…`
    )
    outcome.password = await settleRotation(
      deps.vault,
      rotation.vaultUrl,
      stored,
      outcome.error?.message
    )
  }
  return outcome
}

async function readyVm(settings: Settings, deps: Deps): Promise<ReadyVm> {
  deps.log(
    `Reading VM '${settings.target.vmName}' in resource group '${settings.target.resourceGroup}'…`
  )
  const vm = await deps.compute.virtualMachines.get(
    settings.target.resourceGroup,
    settings.target.vmName,
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
      `VM '${settings.target.vmName}' reports no admin username.`,
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
