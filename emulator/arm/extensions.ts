import {
  isRecord,
  parseJson,
  type EmulatorRequest,
  type Reply
} from '../http-io.ts'
import { findExtension, type VmState } from '../state.ts'
import type { ArmContext } from './context.ts'
import { childNotFound, vmNotRunning } from './errors.ts'
import { extensionView } from './extension-view.ts'
import { beginOperation, pollingHeaders } from './long-running.ts'
import { applyExtensionPut } from './extension-put.ts'
import type { ArmTarget } from './routes.ts'
import { lookUpVm } from './virtual-machines.ts'

type ExtensionTarget = Extract<ArmTarget, { kind: 'extension' }>

/** `$expand=instanceView`, in any case (a free string in the spec for run commands). */
export function wantsInstanceView(req: EmulatorRequest): boolean {
  return req.url.searchParams.get('$expand')?.toLowerCase() === 'instanceview'
}

/** VirtualMachineExtensions_List, with or without `$expand=instanceView`; not pageable. */
export function listExtensions(
  context: ArmContext,
  target: { resourceGroup: string; vmName: string },
  req: EmulatorRequest
): Reply {
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  const instanceView = wantsInstanceView(req)
  const subscriptionId = context.world.scenario.subscription.id
  return {
    status: 200,
    body: {
      value: found.vm.extensions.map((e) =>
        extensionView(subscriptionId, found.vm, e, { instanceView })
      )
    }
  }
}

/** VirtualMachineExtensions_Get; a missing extension is Compute's 404 `NotFound`. */
export function getExtension(
  context: ArmContext,
  target: ExtensionTarget,
  req: EmulatorRequest
): Reply {
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  const extension = findExtension(found.vm, target.extensionName)
  if (!extension) return childNotFound()
  return {
    status: 200,
    body: extensionView(
      context.world.scenario.subscription.id,
      found.vm,
      extension,
      {
        instanceView: wantsInstanceView(req)
      }
    )
  }
}

/**
 * VirtualMachineExtensions_CreateOrUpdate: 201 (created) or 200 (updated) with
 * polling headers, as in VirtualMachineExtension_CreateOrUpdate_MinimumSet_Gen.json.
 */
export function putExtension(
  context: ArmContext,
  target: ExtensionTarget,
  req: EmulatorRequest
): Reply {
  const body = parseJson(req.body)
  const problems = context.contract.checkRequestBody(
    'VirtualMachineExtensions_CreateOrUpdate',
    body
  )
  if (!isRecord(body) || problems.length > 0) {
    const detail = isRecord(body)
      ? problems.join('; ')
      : 'the body is not a JSON object'
    context.recordViolation(
      `VirtualMachineExtensions_CreateOrUpdate request: ${detail}`
    )
    return invalidContent(detail)
  }
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  if (found.vm.powerState !== 'running') return vmNotRunning()
  return applyExtensionPut(context, found.vm, target.extensionName, body)
}

/** VirtualMachineExtensions_Delete: 202 with polling headers, or 204 when there is nothing to delete. */
export function deleteExtension(
  context: ArmContext,
  target: ExtensionTarget
): Reply {
  const found = lookUpVm(context, target)
  if ('reply' in found) return found.reply
  const vm: VmState = found.vm
  const extension = findExtension(vm, target.extensionName)
  if (!extension) return { status: 204 }
  if (vm.powerState !== 'running') return vmNotRunning()
  extension.provisioningState = 'Deleting'
  const operation = beginOperation(
    context.world,
    {
      kind: 'delete',
      resourceGroup: vm.resourceGroup,
      vmName: vm.name,
      extensionName: extension.name,
      location: vm.location,
      durationMs: vm.deleteDurationMs
    },
    context.now()
  )
  return { status: 202, headers: pollingHeaders(context, operation) }
}

function invalidContent(detail: string): Reply {
  return {
    status: 400,
    body: {
      error: {
        code: 'InvalidRequestContent',
        message: `The request content was invalid and could not be deserialized: ${detail}`
      }
    }
  }
}
