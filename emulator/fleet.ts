// A fleet: many VMs over several resource groups, with the deterministic mix
// a real subscription has. `fleetMembers` is the one statement of the mix
// rule, so tests compute expected outcomes from it instead of repeating it.
import type { Scenario, VmSpec } from './scenario.ts'
import { vmBuilder, type VmBuilder } from './vm-builder.ts'

/** What a fleet VM is, and so what a reset of it does. */
export type FleetKind =
  'healthy' | 'deallocated' | 'linux' | 'extension-fails' | 'domain-controller'

/** One VM of a fleet. `tags` is `{}` for an untagged VM. */
export interface FleetMember {
  resourceGroup: string
  vmName: string
  kind: FleetKind
  tags: Record<string, string>
}

/** How a fleet is spread. */
export interface FleetOptions {
  /** How many groups (`rg-fleet-1` … `rg-fleet-N`); default 3. */
  resourceGroups?: number
  /** Their location; default westeurope. */
  location?: string
}

/** The most VMs a fleet holds: names have four digits. */
export const maxFleetSize = 9999

// Every 20 VMs: 16 healthy, then one of each failure, at fixed places.
const kindEvery20: Partial<Record<number, FleetKind>> = {
  5: 'deallocated',
  10: 'linux',
  15: 'extension-fails',
  0: 'domain-controller'
}

/**
 * The fleet of `n` VMs, `vm-fleet-0001` … in order. VM i (from 1) is in
 * `rg-fleet-<((i-1) mod groups)+1>`; its kind is, by i mod 20, 5 deallocated,
 * 10 Linux, 15 extension fails, 0 domain controller, otherwise healthy;
 * its tags are, by i mod 7, 0 none, 3 `rotate=monthly`, otherwise
 * `rotate=weekly`. The first VMs of a larger fleet are the smaller fleet.
 */
export function fleetMembers(
  n: number,
  options: FleetOptions = {}
): FleetMember[] {
  const groups = options.resourceGroups ?? 3
  if (!Number.isInteger(n) || n < 0 || n > maxFleetSize)
    throw new Error(`a fleet has 0 to ${maxFleetSize} VMs, got ${n}`)
  if (!Number.isInteger(groups) || groups < 1)
    throw new Error(`a fleet needs 1 or more resource groups, got ${groups}`)
  return Array.from({ length: n }, (_, index) => {
    const i = index + 1
    return {
      resourceGroup: fleetGroupName(((i - 1) % groups) + 1),
      vmName: `vm-fleet-${String(i).padStart(4, '0')}`,
      kind: kindEvery20[i % 20] ?? 'healthy',
      tags: tagsOf(i)
    }
  })
}

function tagsOf(i: number): Record<string, string> {
  if (i % 7 === 0) return {}
  return { rotate: i % 7 === 3 ? 'monthly' : 'weekly' }
}

function fleetGroupName(n: number): string {
  return `rg-fleet-${n}`
}

// The guest's password-policy refusal, as vm-ext-fails in default.json.
const passwordPolicyText =
  'Cannot update Remote Desktop Connection settings for Administrator account. ' +
  'The password does not meet the password policy requirements. Check the minimum ' +
  'password length, password complexity, and password history requirements.'

const shapeOf: Record<FleetKind, (vm: VmBuilder) => void> = {
  healthy: () => undefined,
  deallocated: (vm) => vm.deallocated(),
  linux: (vm) => vm.linux(),
  'extension-fails': (vm) => vm.extensionFails(passwordPolicyText),
  'domain-controller': (vm) => vm.domainController()
}

/**
 * Puts the fleet into `data`: its groups replace any earlier fleet's
 * (`rg-fleet-*`); every other group and VM stays.
 */
export function addFleet(
  data: Scenario,
  n: number,
  options: FleetOptions = {}
): void {
  const members = fleetMembers(n, options)
  const location = options.location ?? 'westeurope'
  const groups = new Map<string, VmSpec[]>()
  for (const [index, member] of members.entries()) {
    const vm = fleetVm(member, index + 1)
    shapeOf[member.kind](vmBuilder(vm))
    const vms = groups.get(member.resourceGroup)
    if (vms) vms.push(vm)
    else groups.set(member.resourceGroup, [vm])
  }
  data.resourceGroups = [
    ...data.resourceGroups.filter((rg) => !/^rg-fleet-\d+$/i.test(rg.name)),
    ...[...groups].map(([name, virtualMachines]) => ({
      name,
      location,
      virtualMachines
    }))
  ]
}

function fleetVm(member: FleetMember, i: number): VmSpec {
  return {
    name: member.vmName,
    // Deterministic, so two runs of a fleet are the same resources.
    vmId: `00f1ee70-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    osType: 'Windows',
    powerState: 'running',
    adminUsername: 'azureadmin',
    ...(Object.keys(member.tags).length > 0 ? { tags: { ...member.tags } } : {})
  }
}
