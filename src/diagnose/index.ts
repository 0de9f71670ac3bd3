// mode: diagnose — why RDP to a VM fails, read from the VM to the network
// and, with diagnose-guest and when Run Command is allowed, inside the guest
// (the read-only verify/2 script, as SYSTEM). Sends no write. The same
// diagnosis follows a reset-rdp that failed (diagnose-on-failure).
import type { VirtualMachine } from '@azure/arm-compute'
import { AzureError } from '../errors.ts'
import { probeGuest, type GuestFacts } from '../guest/index.ts'
import type { Deps, Operation, Step } from '../operation.ts'
import { isAgentReady, type ReadyVm } from '../preflight.ts'
import { Input, type Settings } from '../settings.ts'
import { diagnose as findingsOf, type Finding } from './findings.ts'
import { guestProbeRuns } from './guest-findings.ts'
import { readNics } from './network.ts'
import type { GuestView } from './verdicts.ts'

export type { Finding } from './findings.ts'
export type { NetworkApi } from './network.ts'
export {
  diagnosisJson,
  findingCount,
  renderDiagnosis,
  renderFleetDiagnoses
} from './report.ts'

/** Reads the VM, its network and its guest, and judges each. */
export const diagnoseRdp: Operation = {
  mode: 'diagnose',
  title: 'RDP diagnosis',
  // Any VM, in any state: a stopped or Linux VM is a finding, not a refusal.
  needs: { agent: false },
  writes: false,
  plannedAs: 'would be diagnosed',
  steps: diagnoseSteps,
  preview: () => ({ writes: [] }),
  describeChanges: (outcome) => [nothingChanged(outcome.diagnosis)]
}

/** "What changed": nothing, and what ran in the guest to find that out. */
function nothingChanged(findings: readonly Finding[] | undefined): string {
  const ranInGuest = (findings ?? []).some((f) => f.check === 'guest-probe')
  return ranInGuest
    ? `Nothing was changed: diagnose only reads. In the guest, ${guestProbeRuns}.`
    : 'Nothing was changed: diagnose only reads.'
}

async function* diagnoseSteps(
  vm: ReadyVm,
  settings: Settings,
  deps: Deps
): AsyncGenerator<Step> {
  const findings = await diagnoseVm(vm.model, settings, deps)
  const failing = findings.filter((f) => f.verdict === 'fail')
  const failure =
    settings.diagnose.failOnFindings && failing.length > 0
      ? new AzureError(
          `${failing.length} finding(s) ❌: ${failing.map((f) => f.says).join(' ')}`,
          failing[0]?.fix ?? 'See the diagnosis.',
          { code: 'DiagnosisFindings' }
        )
      : undefined
  yield { step: 'diagnosed', findings, ...(failure ? { failure } : {}) }
}

/** The diagnosis of one VM from its GET (with instance view); never throws. */
export async function diagnoseVm(
  model: VirtualMachine,
  settings: Settings,
  deps: Deps
): Promise<Finding[]> {
  deps.log(
    settings.diagnose.guest
      ? `Diagnosing RDP: the VM, its network and its guest (read-only; in the guest, ${guestProbeRuns})…`
      : `Diagnosing RDP: the VM and its network (read-only; ${Input.diagnoseGuest} is false, so nothing runs in the guest)…`
  )
  const nicIds = (model.networkProfile?.networkInterfaces ?? [])
    .map((n) => n.id)
    .filter((id): id is string => Boolean(id))
  const network = await deps.network?.()
  const [nics, guest] = await Promise.all([
    network
      ? readNics(network, nicIds, deps.signal)
      : nicIds.map((id) => ({ id, unknown: 'no Network client' })),
    askGuest(model, settings, deps)
  ])
  return findingsOf({
    target: settings.target,
    vm: model,
    nics,
    guest,
    traffic: {
      port: settings.diagnose.rdpPort,
      source: settings.diagnose.sourceAddress
    }
  })
}

/** The in-guest RDP checks, when asked for and the VM can run a script at all. */
async function askGuest(
  model: VirtualMachine,
  settings: Settings,
  deps: Deps
): Promise<GuestView> {
  if (!settings.diagnose.guest) return { off: true }
  const running = (model.instanceView?.statuses ?? []).some(
    (s) => s.code === 'PowerState/running'
  )
  if (!running) return { unknown: 'the VM is not running', sent: false }
  if (!isAgentReady(model)) {
    return { unknown: 'the VM agent is not Ready', sent: false }
  }
  const probed: { facts: GuestFacts } | { unknown: string } = await probeGuest(
    deps.compute,
    settings.target,
    undefined,
    deps.signal
  )
  return 'facts' in probed ? probed : { unknown: probed.unknown, sent: true }
}
