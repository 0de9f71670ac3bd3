// How the VM builder edits a VM's network: always its primary NIC (the
// first), made with the defaults when the fixture has none.
import type { NicSpec, PublicIpSpec, SecurityRuleSpec } from './network-spec.ts'
import type { VmSpec } from './scenario.ts'

/** Replaces fields of the VM's primary NIC (added if it has none). */
export function editPrimaryNic(vm: VmSpec, change: Partial<NicSpec>): void {
  const [primary = {}, ...others] = vm.network?.nics ?? []
  vm.network = { ...vm.network, nics: [{ ...primary, ...change }, ...others] }
}

/** The primary NIC's public IP (defaults filled by initial-network.ts); null: none. */
export function setPublicIp(vm: VmSpec, spec: PublicIpSpec | null): void {
  editPrimaryNic(vm, { publicIp: spec === null ? null : { ...spec } })
}

/** The primary NIC's own security group; null: none on the NIC. */
export function setNicNsg(vm: VmSpec, rules: SecurityRuleSpec[] | null): void {
  editPrimaryNic(vm, { nsg: rules === null ? null : structuredClone(rules) })
}

/**
 * A security group on the primary NIC's subnet. So that one VM's group
 * reaches no other VM, the NIC moves to a subnet of its own,
 * `<vm>-subnet` (group `<vm>-subnet-nsg`); null puts it back in `default`,
 * which has none.
 */
export function setSubnetNsg(
  vm: VmSpec,
  rules: SecurityRuleSpec[] | null
): void {
  if (rules === null) {
    const { subnet: _subnet, ...rest } = vm.network?.nics?.[0] ?? {}
    const others = vm.network?.nics?.slice(1) ?? []
    vm.network = { ...vm.network, nics: [rest, ...others] }
    return
  }
  editPrimaryNic(vm, {
    subnet: { name: `${vm.name}-subnet`, nsg: structuredClone(rules) }
  })
}
