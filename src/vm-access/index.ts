// The VMAccess operations, reset-password and reset-rdp: both remove every
// VMAccessAgent and apply a new one, as the portal's "Reset password" does.
import { previewSetAccess, setAccessSteps } from '../guest/index.ts'
import { code } from '../markup.ts'
import type {
  Deps,
  Operation,
  Outcome,
  Preview,
  Step,
  VmFacts
} from '../operation.ts'
import type { ReadyVm, VmNeeds } from '../preflight.ts'
import type { Settings } from '../settings.ts'
import { planVmAccess, previewVmAccess, type VmAccessPlan } from './plan.ts'
import {
  awaitVmAccess,
  awaitRemoval,
  readVmAccessRecord,
  sendRemoval,
  sendVmAccess
} from './steps.ts'

// VMAccess runs through the guest agent of a Windows VM.
const needs: VmNeeds = { os: 'Windows', agent: true }

/** Sets the password of an account (and resets the RDP configuration). */
export const resetPassword: Operation = {
  mode: 'reset-password',
  title: 'Password reset',
  needs,
  writes: true,
  plannedAs: 'would be reset',
  steps,
  preview,
  describeChanges: (outcome) =>
    outcome.runCommandName
      ? [...setAccessChanges(outcome)]
      : [...passwordChanges(outcome), ...aadLoginNote(outcome)]
}

/** Resets the Remote Desktop configuration only. */
export const resetRdp: Operation = {
  mode: 'reset-rdp',
  title: 'RDP configuration reset',
  needs,
  writes: true,
  plannedAs: 'would be reset',
  steps,
  preview,
  describeChanges: (outcome) =>
    outcome.runCommandName
      ? setAccessChanges(outcome)
      : [
          'Reset: Remote Desktop enabled (fDenyTSConnections=0), the Windows Firewall profiles and the “Remote Desktop” rule group enabled.',
          rdpNotReset,
          ...aadLoginNote(outcome)
        ]
}

const rdpNotReset =
  'Not reset: a custom RDP port, a Group Policy that denies connections, network security group rules.'

/** The VM's route: VMAccess, or set-access through Run Command on a domain controller. */
function steps(
  vm: ReadyVm,
  settings: Settings,
  deps: Deps
): AsyncIterable<Step> {
  return vm.route === 'run-command'
    ? setAccessSteps(vm, settings, deps)
    : vmAccessSteps(vm, settings, deps)
}

/** Plan → keep the password → remove every VMAccess → send → await. */
async function* vmAccessSteps(
  vm: ReadyVm,
  settings: Settings,
  deps: Deps
): AsyncGenerator<Step> {
  const plan = planVmAccess(settings, vm)
  const { credentials } = plan
  yield plannedStep(plan, vm)
  let planned = plan
  if (credentials && deps.passwordKeeper) {
    // Stored before the VM gets it, like Windows LAPS: the VM never holds a
    // password that nobody has.
    const password = await deps.passwordKeeper.keep(
      credentials,
      vmFacts(vm, settings, plan, deps),
      deps.signal
    )
    yield { step: 'kept', password }
    planned = { ...plan, forceUpdateTag: password.vmRecord }
  }
  for (const existing of vm.vmAccessExtensions) {
    // A VM holds one VMAccess agent and refuses a second, so every one is
    // removed first, whatever its name.
    const removal = await sendRemoval(settings.target, existing.name, deps)
    yield removal.step
    yield await awaitRemoval(removal, deps)
  }
  const sent = await sendVmAccess(settings.target, planned, vm.location, deps)
  yield {
    step: 'sent',
    extensionName: plan.extensionName,
    acceptedAt: performance.now()
  }
  yield await awaitVmAccess(settings.target, plan.extensionName, sent, deps)
}

/** The plan as the first step reports it. */
function plannedStep(
  plan: VmAccessPlan,
  vm: ReadyVm
): Extract<Step, { step: 'planned' }> {
  const { credentials } = plan
  return {
    step: 'planned',
    extensionName: plan.extensionName,
    typeHandlerVersion: plan.typeHandlerVersion,
    ...(credentials && {
      username: credentials.username,
      isAdminAccount: credentials.username === vm.adminUsername
    })
  }
}

/** dry-run: the same plan, and the writes its steps would send. */
function preview(vm: ReadyVm, settings: Settings): Preview {
  if (vm.route === 'run-command') return previewSetAccess(vm, settings)
  const planned = plannedStep(planVmAccess(settings, vm), vm)
  return { planned, writes: previewVmAccess(vm, settings) }
}

/** What a rotation needs to know of the VM, and how to read its record again. */
function vmFacts(
  vm: ReadyVm,
  settings: Settings,
  plan: VmAccessPlan,
  deps: Deps
): VmFacts {
  return {
    target: settings.target,
    vmId: vm.vmId,
    vmResourceId: vm.vmResourceId,
    applied: vm.vmAccessExtensions,
    readApplied: (signal) =>
      readVmAccessRecord(settings.target, plan.extensionName, deps, signal)
  }
}

function passwordChanges(outcome: Outcome): string[] {
  const user = code(outcome.username ?? '')
  const notes = [
    `The password of ${user} was reset. VMAccess also enables the account if it was disabled, and resets the Remote Desktop configuration.`
  ]
  if (!outcome.isAdminAccount) {
    notes.push(
      `${user} is not the VM’s admin account: if it did not exist, VMAccess created it as a local administrator, which may restart the VM. Azure keeps showing the original admin name.`
    )
  }
  return notes
}

/** A domain controller's reset, through set-access/1. */
function setAccessChanges(outcome: Outcome): string[] {
  const user = code(outcome.username ?? '')
  return [
    ...(outcome.username
      ? [
          `The password of ${user} was set through a managed Run Command. On a domain controller this is a domain account: the new password holds on every domain controller once replication has run.`
        ]
      : []),
    'Remote Desktop enabled (fDenyTSConnections=0), the “Remote Desktop” firewall rule group enabled and TermService started, as VMAccess would.',
    `The Run Command ${code(outcome.runCommandName ?? '')} was deleted afterwards; its password parameter was protected and never returned by Azure.`,
    ...(outcome.refusedExtensionName ? [vmAccessRefusedNote(outcome)] : []),
    rdpNotReset
  ]
}

/** What a VMAccess that refused the VM first left behind. */
function vmAccessRefusedNote(outcome: Outcome): string {
  const removed = outcome.removedExtensions.map((name) => code(name)).join(', ')
  return `VMAccess ${code(outcome.refusedExtensionName ?? '')} was applied first${removed ? ` (after removing ${removed})` : ''} and refused the VM as a domain controller, so Run Command set access in the same run. The refused extension stays on the VM, Failed: from its message the next run knows the VM is a domain controller and goes to Run Command at once.`
}

function aadLoginNote(outcome: Outcome): string[] {
  return outcome.hasAadLogin
    ? [
        '⚠️ This VM carries the AADLoginForWindows extension: if Entra ID sign-in stops working, re-apply that extension.'
      ]
    : []
}
