// Ready-made VMs for Run Command scenarios, to pass to the scenario builder:
// `scenario().vm('vm-dc-01', vmRecipes.domainControllerRefused)`.
import type { VmBuilder } from './vm-builder.ts'

/** VMAccess's refusal of a domain controller (vmaccess-windows.md, facts.md §b). */
export const domainControllerRefusal =
  'VMAccess Extension does not support Domain Controller.'

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
    vm.domainController().activeFirewallProfiles(['Domain']).withoutExtensions()
} as const
