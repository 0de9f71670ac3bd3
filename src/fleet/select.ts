// Which VMs a step works on: the names it lists, or the Windows VMs that a
// resource group or a tag holds, read page by page from Resource Manager.
import type { VirtualMachine } from '@azure/arm-compute'
import type { ComputeApi } from '../arm-client.ts'
import { AzureError } from '../errors.ts'
import { osTypeOf } from '../preflight.ts'
import type { Selection, VmRef, VmTag } from '../settings.ts'

/** The VMs selected, and what a list passed over. */
export interface SelectedVms {
  targets: VmRef[]
  /** VMs a list found but left out, by why (e.g. "Linux": 3). */
  passedOver: Record<string, number>
  /** True when the VMs came from a list, not from names. */
  listed: boolean
}

/** The targets of `selection`; lists every page. Throws when none is left. */
export async function selectVms(
  selection: Selection,
  subscriptionId: string,
  compute: ComputeApi,
  signal: AbortSignal
): Promise<SelectedVms> {
  if (selection.kind === 'named') {
    return { targets: selection.vms, passedOver: {}, listed: false }
  }
  const options = { abortSignal: signal }
  const { resourceGroup } = selection
  const pages = resourceGroup
    ? compute.virtualMachines.list(resourceGroup, options)
    : compute.virtualMachines.listAll(options)
  const tag = selection.kind === 'tag' ? selection.tag : undefined
  const targets: VmRef[] = []
  const passedOver: Record<string, number> = {}
  for await (const vm of pages) {
    if (tag && !carries(vm, tag)) continue
    const os = osTypeOf(vm) ?? 'an unknown OS'
    if (os !== 'Windows') {
      passedOver[os] = (passedOver[os] ?? 0) + 1
      continue
    }
    targets.push({ subscriptionId, ...nameOf(vm) })
  }
  if (targets.length === 0) throw noVmSelected(selection, passedOver)
  targets.sort(byGroupThenName)
  return { targets, passedOver, listed: true }
}

/** Tag names ignore case; values do not (Azure's tag rules). */
function carries(vm: VirtualMachine, tag: VmTag): boolean {
  const name = ordinalUpper(tag.key)
  return Object.entries(vm.tags ?? {}).some(
    ([key, value]) => ordinalUpper(key) === name && value === tag.value
  )
}

/**
 * `text` for a comparison that ignores case as Azure's does (.NET's
 * OrdinalIgnoreCase): each character upper-cased on its own, with no Unicode
 * folding. toLowerCase() would fold the Kelvin sign (U+212A) into `k`, and
 * toUpperCase() alone turns `ß` into `SS`.
 */
export function ordinalUpper(text: string): string {
  return Array.from(text, (c) => {
    const upper = c.toUpperCase()
    return upper.length === c.length ? upper : c
  }).join('')
}

/** Resource group and name, from the VM's ARM id. */
function nameOf(vm: VirtualMachine): Pick<VmRef, 'resourceGroup' | 'vmName'> {
  const group = /\/resourceGroups\/([^/]+)\//i.exec(vm.id ?? '')?.[1] ?? ''
  return { resourceGroup: decodeURIComponent(group), vmName: vm.name ?? '' }
}

function byGroupThenName(a: VmRef, b: VmRef): number {
  const key = (vm: VmRef): string =>
    `${vm.resourceGroup}/${vm.vmName}`.toLowerCase()
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
}

/** Nothing to do is a failure: a mistyped tag must not rotate nothing forever. */
function noVmSelected(
  selection: Exclude<Selection, { kind: 'named' }>,
  passedOver: Record<string, number>
): AzureError {
  const where = listedScope(selection)
  const what =
    selection.kind === 'tag'
      ? `No Windows VM in ${where} carries the tag ${selection.tag.key}=${selection.tag.value}`
      : `Resource group '${selection.resourceGroup}' holds no Windows VM`
  const others = describePassedOver(passedOver)
  return new AzureError(
    `${what}${others ? ` (passed over: ${others})` : ''}.`,
    selection.kind === 'tag'
      ? 'Check the tag name and value on the VMs (VM > Tags; values are case-sensitive) and the resource group.'
      : 'Check resource-group, or name the VMs with vm-name.',
    { code: 'NoVmSelected' }
  )
}

/** Where a list looks: "resource group 'rg-prod'" or "the subscription". */
export function listedScope(
  selection: Exclude<Selection, { kind: 'named' }>
): string {
  return selection.resourceGroup
    ? `resource group '${selection.resourceGroup}'`
    : 'the subscription'
}

/** "3 Linux, 1 an unknown OS". */
export function describePassedOver(passedOver: Record<string, number>): string {
  return Object.entries(passedOver)
    .map(([why, count]) => `${count} ${why}`)
    .join(', ')
}
