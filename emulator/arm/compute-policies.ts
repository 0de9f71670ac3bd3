import type { World } from '../state.ts'
import type { ArmTarget } from './routes.ts'
import type { BucketName } from './throttling-config.ts'

/** A Compute throttling bucket. */
export type ComputeBucket = Extract<BucketName, `compute${string}`>

/** One Compute policy a request spends: which bucket, and whose. */
export interface ComputeCharge {
  bucket: ComputeBucket
  /** The bucket's owner: a VM's ARM path, or the subscription. */
  resource: string
}

/**
 * The policy name in `x-ms-ratelimit-remaining-resource:
 * Microsoft.Compute/<name>;<count>`: the categories of
 * compute-throttling-limits.md without spaces. Azure's own names for the VM
 * policies are not documented (facts.md §a), so treat them as opaque.
 */
export const computePolicyName: Record<ComputeBucket, string> = {
  computeUpdate: 'UpdateVM',
  computeLowCostGet: 'LowCostGetVM',
  computeGetOperation: 'GetOperation',
  computeHighCostGet: 'HighCostGetVM'
}

type ComputeTarget = Exclude<ArmTarget, { kind: 'network' | 'network-poll' }>

const bucketOf: Record<ComputeTarget['operationId'], ComputeBucket> = {
  VirtualMachines_Get: 'computeLowCostGet',
  VirtualMachines_InstanceView: 'computeLowCostGet',
  VirtualMachineExtensions_List: 'computeLowCostGet',
  VirtualMachineExtensions_Get: 'computeLowCostGet',
  VirtualMachineExtensions_CreateOrUpdate: 'computeUpdate',
  VirtualMachineExtensions_Delete: 'computeUpdate',
  VirtualMachines_List: 'computeHighCostGet',
  VirtualMachines_ListAll: 'computeHighCostGet',
  Operations_Get: 'computeGetOperation',
  Operations_Monitor: 'computeGetOperation',
  // compute-throttling-limits.md (facts.md §a): Run Command (action) and Run
  // Commands Create Or Update / Delete are Update VM calls; Get By Virtual
  // Machine and List By Virtual Machine are Low Cost Get.
  VirtualMachines_RunCommand: 'computeUpdate',
  VirtualMachineRunCommands_CreateOrUpdate: 'computeUpdate',
  VirtualMachineRunCommands_Delete: 'computeUpdate',
  VirtualMachineRunCommands_GetByVirtualMachine: 'computeLowCostGet',
  VirtualMachineRunCommands_ListByVirtualMachine: 'computeLowCostGet'
}

/**
 * The Compute policies a request spends. Lists are charged to the
 * subscription (High Cost Get has no per-resource limit); everything else
 * to its VM, a poll to the VM whose operation it asks about. Network
 * requests spend none: only ARM's subscription buckets count them.
 */
export function computeChargesFor(
  target: ArmTarget,
  world: World
): ComputeCharge[] {
  if (target.kind === 'network' || target.kind === 'network-poll') return []
  const bucket = bucketOf[target.operationId]
  const subscription = `/subscriptions/${target.subscriptionId}`.toLowerCase()
  switch (target.kind) {
    case 'vm-list':
      return [{ bucket, resource: subscription }]
    case 'poll': {
      const operation =
        world.operations.find((o) => o.id === target.id) ??
        world.runCommands.operations.find((o) => o.id === target.id)
      const owner = operation
        ? vmPath(subscription, operation.resourceGroup, operation.vmName)
        : `${subscription}/operations/${target.id}`
      return [{ bucket, resource: owner }]
    }
    case 'vm':
    case 'extension':
    case 'run-command-action':
    case 'run-command':
    case 'run-command-list':
      return [
        {
          bucket,
          resource: vmPath(subscription, target.resourceGroup, target.vmName)
        }
      ]
  }
}

function vmPath(subscription: string, group: string, vm: string): string {
  return `${subscription}/resourcegroups/${group}/virtualmachines/${vm}`.toLowerCase()
}
