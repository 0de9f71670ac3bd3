// Ready-made VMs for Run Command and network scenarios, to pass to the
// scenario builder: `scenario().vm('vm-dc-01', vmRecipes.domainControllerRefused)`,
// `scenario().vm('vm-blocked', vmRecipes.deniedBySubnetNsg)`.
import { allowRdpRule } from './network-defaults.ts'
import type { SecurityRuleSpec } from './network-spec.ts'
import type { VmBuilder } from './vm-builder.ts'

/** VMAccess's refusal of a domain controller (vmaccess-windows.md, facts.md §b). */
export const domainControllerRefusal =
  'VMAccess Extension does not support Domain Controller.'

/** The deny rule of the network recipes: TCP 3389 from Internet, priority 100. */
export const denyRdpRule: SecurityRuleSpec = {
  name: 'DenyRDP',
  priority: 100,
  access: 'Deny',
  sourceAddressPrefix: 'Internet'
}

/** Named VM set-ups; each edits the VM it is given. */
export const vmRecipes = {
  /**
   * VMAccess (`enablevmaccess`) reports success with a real success's
   * messages but changes nothing: only a probe in the guest can tell.
   */
  silentSuccess: (vm: VmBuilder): VmBuilder =>
    vm.vmAccess().vmAccessSilentlySucceeds(),
  /**
   * A domain controller whose VMAccess (`enablevmaccess`, Failed) already
   * reported the refusal in its instance view, as after an earlier run.
   */
  domainControllerRefused: (vm: VmBuilder): VmBuilder =>
    vm
      .domainController()
      .activeFirewallProfiles(['Domain'])
      .vmAccessFailed(domainControllerRefusal),
  /** A domain controller without any VMAccess extension (like `vm-domain-controller`). */
  domainControllerWithoutVmAccess: (vm: VmBuilder): VmBuilder =>
    vm
      .domainController()
      .activeFirewallProfiles(['Domain'])
      .withoutExtensions(),
  /**
   * Every check of a diagnosis passes: running, agent ready, boot
   * diagnostics on, a Standard static public IP, the NIC's group allowing
   * RDP (`AllowRDP`, 1000), no subnet group. The defaults, said out loud.
   */
  healthy: (vm: VmBuilder): VmBuilder =>
    vm
      .running()
      .bootDiagnostics(true)
      .publicIp()
      .nicNsg([allowRdpRule])
      .subnetNsg(null),
  /** The subnet's group denies RDP from Internet (`DenyRDP`, 100); the NIC's would allow it. */
  deniedBySubnetNsg: (vm: VmBuilder): VmBuilder =>
    vm.subnetNsg([denyRdpRule]).nicNsg([allowRdpRule]),
  /** The subnet's group allows RDP from Internet (`AllowRDP`, 100); the NIC's denies it (`DenyRDP`, 100). */
  allowedAtSubnetDeniedAtNic: (vm: VmBuilder): VmBuilder =>
    vm
      .subnetNsg([
        { ...allowRdpRule, priority: 100, sourceAddressPrefix: 'Internet' }
      ])
      .nicNsg([denyRdpRule]),
  /** No public IP: RDP from the internet cannot reach it (the groups would allow it). */
  noPublicIp: (vm: VmBuilder): VmBuilder => vm.noPublicIp(),
  /** The guest listens on 3390 while the NIC's group allows only 3389. */
  customRdpPort: (vm: VmBuilder): VmBuilder =>
    vm.rdpPort(3390).nicNsg([allowRdpRule])
} as const
