// Which way a reset reaches a VM's guest: VMAccess, or, with
// domain-controller: run-command, Run Command on a domain controller, found
// out before any write (the guest probe) or from VMAccess's own refusal.
import type { Deps, Step } from '../operation.ts'
import { isDomainControllerRefusal, type ReadyVm } from '../preflight.ts'
import type { Settings } from '../settings.ts'
import { probeGuest } from './probe.ts'
import { isDomainController } from './proof.ts'

// A probe takes about 20 s on Azure; one that takes minutes is stuck.
const askBudgetMs = 3 * 60_000

/**
 * With domain-controller: run-command, a VM that pre-flight could not place
 * is asked (read-only) whether it is a domain controller, so that VMAccess
 * is never sent to meet a refusal. An unanswered question keeps VMAccess.
 */
export async function routeFor(
  vm: ReadyVm,
  settings: Settings,
  deps: Deps
): Promise<ReadyVm> {
  if (settings.guest.domainController !== 'run-command') return vm
  if (vm.route === 'run-command') return vm
  deps.log('Asking the guest whether it is a domain controller…')
  // Capped: a Run Command that never answers must leave time for the reset.
  const probed = await probeGuest(
    deps.compute,
    settings.target,
    undefined,
    AbortSignal.any([deps.signal, AbortSignal.timeout(askBudgetMs)])
  )
  if ('unknown' in probed) {
    deps.log(`No answer (${probed.unknown}); VMAccess is used.`)
    return vm
  }
  if (!isDomainController(probed.facts)) return vm
  deps.log('It is a domain controller: the reset goes through Run Command.')
  return { ...vm, route: 'run-command' }
}

/**
 * With domain-controller: run-command, VMAccess's refusal of a domain
 * controller that neither pre-flight nor the probe could place (the probe
 * may be denied, busy or unreadable) hands the VM to Run Command in the same
 * run, rather than to the next one: the step that says so, after `steps`.
 */
export function reroute(
  steps: readonly Step[],
  vm: ReadyVm,
  settings: Settings
): Extract<Step, { step: 'rerouted' }> | undefined {
  if (settings.guest.domainController !== 'run-command') return undefined
  if (vm.route !== 'vmaccess' || !isRefusedAsDomainController(steps.at(-1))) {
    return undefined
  }
  const planned = steps.find((s) => s.step === 'planned')
  return { step: 'rerouted', extensionName: planned?.extensionName ?? '' }
}

/** True for VMAccess's outcome when it refused the VM as a domain controller. */
export function isRefusedAsDomainController(step: Step | undefined): boolean {
  if (step?.step !== 'applied' || step.failure === undefined) return false
  const failure = step.failure instanceof Error ? step.failure.message : ''
  return isDomainControllerRefusal(`${step.message ?? ''} ${failure}`)
}
