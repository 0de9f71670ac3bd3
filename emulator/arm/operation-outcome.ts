import { runVmAccess } from '../guest/vm-access.ts'
import {
  findExtension,
  findVm,
  sameName,
  type ExtensionState,
  type InstanceViewStatus,
  type Operation,
  type VmState,
  type World
} from '../state.ts'

/** Whether an extension is VMAccess for Windows, whatever its name. */
export function isVmAccess(extension: {
  publisher: string
  type: string
}): boolean {
  return (
    sameName(extension.publisher, 'Microsoft.Compute') &&
    sameName(extension.type, 'VMAccessAgent')
  )
}

/** How an operation ended; `reported` is what the handler itself said. */
type Result =
  | { ok: true; message: string; steps: string[] }
  | { ok: false; code: string; message: string; reported: string }

function failure(
  code: string,
  message: string,
  reported: string = message
): Result {
  return { ok: false, code, message, reported }
}

/** Ends an operation: applies what the guest did and records the final status. */
export function completeOperation(
  world: World,
  operation: Operation,
  nowMs: number
): void {
  const vm = findVm(world, operation.resourceGroup, operation.vmName)
  const extension = vm && findExtension(vm, operation.extensionName)
  const result: Result =
    !vm || !extension
      ? failure('NotFound', 'The entity was not found in this Azure location.')
      : !vm.agent.ready
        ? agentSilent(vm)
        : operation.kind === 'delete'
          ? deleteExtension(vm, extension)
          : runExtension(vm, extension, operation, nowMs)
  operation.status = result.ok ? 'Succeeded' : 'Failed'
  operation.endedAtMs = nowMs
  if (!result.ok)
    operation.error = { code: result.code, message: result.message }
  if (!extension || (operation.kind === 'delete' && result.ok)) return
  extension.provisioningState = result.ok ? 'Succeeded' : 'Failed'
  if (operation.handlerSkipped && result.ok) return
  const time = new Date(nowMs).toISOString()
  extension.statuses = [finalStatus(result, time)]
  extension.substatuses = result.ok
    ? result.steps.map((step) => ({
        code: 'ComponentStatus/VMAccess/succeeded',
        level: 'Info',
        displayStatus: 'Provisioning succeeded',
        message: step,
        time
      }))
    : [
        {
          code: 'ComponentStatus/VMAccess/failed',
          level: 'Error',
          displayStatus: 'Provisioning failed',
          message: result.reported,
          time
        }
      ]
}

function agentSilent(vm: VmState): Result {
  return failure('VMAgentStatusCommunicationError', agentSilentMessage(vm.name))
}

/** What Compute says when a VM's agent does not answer (VMAgentStatusCommunicationError). */
export function agentSilentMessage(vmName: string): string {
  return (
    `VM '${vmName}' has not reported status for VM agent or extensions. Verify that the OS is up and healthy, ` +
    'the VM has a running VM agent, and that it can establish outbound connections to Azure storage.'
  )
}

function deleteExtension(vm: VmState, extension: ExtensionState): Result {
  vm.extensions = vm.extensions.filter((e) => e !== extension)
  return { ok: true, message: 'Deleted', steps: [] }
}

function runExtension(
  vm: VmState,
  extension: ExtensionState,
  operation: Operation,
  nowMs: number
): Result {
  if (operation.handlerSkipped || !isVmAccess(extension)) {
    return { ok: true, message: 'Provisioning succeeded', steps: [] }
  }
  const run = vm.extensionRun
  if (run.outcome === 'times-out') {
    if (run.once) vm.extensionRun = { outcome: 'succeeds' }
    return failure(
      'VMExtensionProvisioningTimeout',
      `Provisioning of VM extension ${extension.name} has timed out. Extension provisioning has taken too long ` +
        'to complete. The extension did not report a message.'
    )
  }
  const outcome =
    run.outcome === 'fails'
      ? { ok: false as const, message: run.message }
      : runVmAccess(
          vm.guest,
          operation.vmAccess ?? { passwordGiven: false },
          // The handler reads the guest's own clock.
          nowMs + vm.guest.clockSkewMs
        )
  if (!outcome.ok) {
    return failure(
      'VMExtensionProvisioningError',
      `VM has reported a failure when processing extension '${extension.name}'. Error message: "${outcome.message}"`,
      outcome.message
    )
  }
  // The silent success says what a real one says and leaves the guest as it was.
  if (run.outcome !== 'silently-succeeds') vm.guest = outcome.guest
  return { ok: true, message: outcome.message, steps: outcome.steps }
}

function finalStatus(result: Result, time: string): InstanceViewStatus {
  return result.ok
    ? {
        code: 'ProvisioningState/succeeded',
        level: 'Info',
        displayStatus: 'Provisioning succeeded',
        message: result.message,
        time
      }
    : {
        code: 'ProvisioningState/failed',
        level: 'Error',
        displayStatus: 'Provisioning failed',
        message: result.reported,
        time
      }
}
