// Pure: which VMs the step names — vm-name (one, several or *), targets
// (resource-group/vm-name lines) or vm-tag — checked before any call.
import type { InputReader } from './input-reader.ts'
import {
  Input,
  type InputName,
  type Selection,
  type VmRef,
  type VmTag
} from './settings.ts'
import {
  checkResourceGroup,
  checkVmName,
  quote,
  type Check
} from './validation.ts'

/** The selection the inputs make, or undefined when they break a rule (reported). */
export function readSelection(
  reader: InputReader,
  subscriptionId: string | undefined
): Selection | undefined {
  const sub = subscriptionId ?? ''
  if (reader.has(Input.targets)) return readTargets(reader, sub)
  if (reader.has(Input.vmTag)) return readTagged(reader)
  const resourceGroup = reader.required(
    Input.resourceGroup,
    checkResourceGroup,
    'the VM’s resource group, unless targets or vm-tag names the VMs'
  )
  if (!reader.has(Input.vmName)) {
    reader.required(
      Input.vmName,
      undefined,
      'the VM to reset, unless targets or vm-tag names the VMs'
    )
    return undefined
  }
  const names = reader.list(Input.vmName, checkVmNameOrStar)
  if (names.includes('*')) {
    if (names.length > 1) {
      reader.report(
        Input.vmName,
        'mixes * with VM names',
        'Use * alone for every VM in resource-group, or list the names.'
      )
      return undefined
    }
    return resourceGroup ? { kind: 'resource-group', resourceGroup } : undefined
  }
  if (!resourceGroup || names.length === 0) return undefined
  const vms = names.map((vmName) => ({
    subscriptionId: sub,
    resourceGroup,
    vmName
  }))
  return { kind: 'named', vms: distinct(vms) }
}

function readTargets(
  reader: InputReader,
  subscriptionId: string
): Selection | undefined {
  refuseWith(reader, Input.targets, [
    Input.resourceGroup,
    Input.vmName,
    Input.vmTag
  ])
  const lines = reader.list(Input.targets, checkTarget)
  const vms = lines.map((line): VmRef => {
    const [resourceGroup = '', vmName = ''] = line.split('/')
    return { subscriptionId, resourceGroup, vmName }
  })
  return vms.length > 0 ? { kind: 'named', vms: distinct(vms) } : undefined
}

function readTagged(reader: InputReader): Selection | undefined {
  refuseWith(reader, Input.vmTag, [Input.vmName, Input.targets])
  const tag = reader.optional(Input.vmTag, checkVmTag)
  const resourceGroup = reader.optional(Input.resourceGroup, checkResourceGroup)
  if (tag === undefined) return undefined
  const cut = tag.indexOf('=')
  const vmTag: VmTag = {
    key: tag.slice(0, cut).trim(),
    value: tag.slice(cut + 1).trim()
  }
  return {
    kind: 'tag',
    tag: vmTag,
    ...(resourceGroup ? { resourceGroup } : {})
  }
}

/** Records each input of `others` that is given alongside `chosen`. */
function refuseWith(
  reader: InputReader,
  chosen: InputName,
  others: readonly InputName[]
): void {
  for (const other of others) {
    const alternative =
      other === Input.resourceGroup || other === Input.vmName
        ? 'resource-group with vm-name'
        : other
    reader.notFor(
      other,
      `cannot be used with ${chosen}: both name the VMs`,
      `Name the VMs one way: ${chosen}, or ${alternative}.`
    )
  }
}

/** Drops repeats: Azure's names ignore case. */
function distinct(vms: VmRef[]): VmRef[] {
  const seen = new Set<string>()
  return vms.filter((vm) => {
    const key = `${vm.resourceGroup}/${vm.vmName}`.toLowerCase()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

const checkVmNameOrStar: Check = (value) =>
  value === '*' ? undefined : checkVmName(value)

/** One line of targets: resource-group/vm-name. */
export const checkTarget: Check = (value) => {
  const parts = value.split('/')
  if (parts.length !== 2) {
    return {
      problem: `${quote(value)} is not resource-group/vm-name`,
      fix: 'Write one VM per line as resource-group/vm-name, e.g. rg-prod/web-01.'
    }
  }
  const [resourceGroup = '', vmName = ''] = parts
  return checkResourceGroup(resourceGroup) ?? checkVmName(vmName)
}

/** key=value, as Azure's tag rules allow (name 1-512, value 0-256). */
export const checkVmTag: Check = (value) => {
  const cut = value.indexOf('=')
  const key = value.slice(0, Math.max(cut, 0)).trim()
  const tagValue = value.slice(cut + 1).trim()
  if (cut < 0 || key === '') {
    return {
      problem: `${quote(value)} is not key=value`,
      fix: 'Name the tag and its value, e.g. vm-tag: rotate=weekly.'
    }
  }
  if (key.length > 512 || tagValue.length > 256 || /[<>%&\\?/]/.test(key)) {
    return {
      problem: `${quote(key)} is not a tag name Azure allows (1-512 characters without < > % & \\ ? /, value up to 256)`,
      fix: 'Use the tag as the portal shows it (VM > Tags).'
    }
  }
  return undefined
}
