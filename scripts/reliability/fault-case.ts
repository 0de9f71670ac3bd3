// What a fault case is, and the helpers the fault catalogue files share.
import type {
  EnvOptions,
  Emulator,
  Fault,
  ScenarioBuilder
} from '../../emulator/index.ts'
import type { VmChange } from '../../src/errors.ts'
import type { Cancel, StepResult } from '../runner.ts'
import type { ProofExpectation } from './proof-verdict.ts'
import { htmlToText } from './step-view.ts'

/** A fault queued on the emulator before the run. */
export interface InjectedFault {
  operationId: string
  fault: Fault
}

/** The action rides the fault out. */
export interface Survives {
  outcome: 'survives'
  /** The retry after this answer must wait at least `atLeastMs` (Retry-After). */
  waits?: { operationId: string; status: number; atLeastMs: number }
}

/** The action stops, and says so cleanly. */
export interface FailsCleanly {
  outcome: 'fails'
  /**
   * How far it may get: `sign-in` sends nothing to Resource Manager,
   * `pre-flight` sends no DELETE or PUT, `write` may have written.
   */
  stage: 'sign-in' | 'pre-flight' | 'write'
  /** The state of the VM the summary must report (src/errors.ts vmChangeText). */
  change: VmChange
  /** A phrase "What went wrong" must contain. */
  says?: string | RegExp
  /** A phrase of the remedy "Next steps" must contain, specific to this failure. */
  nextStep: string
}

/** What a case-specific check can read. */
export interface FaultRun {
  emulator: Emulator
  step: StepResult
  password: string
  /** The runner environment the action ran with. */
  env: Record<string, string>
}

/** One fault and what the action must do about it. */
export interface FaultCase {
  /** Reads after "when": e.g. 'ARM answers 429 once with Retry-After'. */
  name: string
  vm: string
  /** Edits the default scenario. */
  scenario?: (s: ScenarioBuilder) => ScenarioBuilder
  faults?: InjectedFault[]
  /** Faults that may stay queued (a persistent outage outlasts the run). */
  persistent?: boolean
  /** Inputs changed from a reset-password run of `vm` signed in with OIDC; `undefined` removes one. */
  inputs?: (emulator: Emulator) => Record<string, string | undefined>
  /** With generate-password: the Key Vault secret that keeps the new password. */
  rotatedSecret?: string
  /** Which sign-in variables `emulator.env()` returns. */
  envOptions?: EnvOptions
  /** Runner variables changed; `undefined` removes one. */
  env?: (emulator: Emulator) => Promise<Record<string, string | undefined>>
  /** Cancels the run; given the case's emulator, so that it can wait for what the emulator saw. */
  cancel?: (emulator: Emulator) => Cancel
  expect: Survives | FailsCleanly
  /** What the check inside the guest (verify) must show; unchecked when absent. */
  proof?: ProofExpectation
  /** Further checks; each returns the problems it found. */
  checks?: ((run: FaultRun) => string[])[]
  /** Takes about a minute (timeout-minutes is whole minutes). */
  slow?: boolean
  /** Why the action does not hold this case yet. */
  knownGap?: string
}

/**
 * The password each fault case sets; the secret scan looks for it. Its quote,
 * backslash, <, >, & and % each take another escaping path (JSON, HTML,
 * workflow-command %25) where a scrubber can miss it.
 */
export const faultPassword = 'Fault"Case\\Pa<ss>&w0rd%2718'

/** The resource group of every VM in the default scenario. */
export const rg = 'rg-demo'

/** A fault that hits the next matching request only. */
export function once(operationId: string, fault: Fault): InjectedFault {
  return { operationId, fault: { times: 1, ...fault } }
}

/** The job summary as the reader sees it. */
export function summaryText(step: StepResult): string {
  return htmlToText(step.summary)
}

/** The DELETE and PUT requests Resource Manager received. */
export function writes(emulator: Emulator): Emulator['requests'][number][] {
  return emulator.requests.filter(
    (r) => r.service === 'arm' && (r.method === 'PUT' || r.method === 'DELETE')
  )
}

/** True once Resource Manager has answered a poll sent after the extension PUT. */
export function putPolled(emulator: Emulator): () => boolean {
  return () => {
    const { requests } = emulator
    const put = requests.findIndex(
      (r) => r.operationId === 'VirtualMachineExtensions_CreateOrUpdate'
    )
    return (
      put >= 0 &&
      requests.slice(put + 1).some((r) => r.operationId === 'Operations_Get')
    )
  }
}

/** The VMAccess extensions left on a VM. */
export function vmAccessLeft(emulator: Emulator, vm: string): string[] {
  return emulator
    .vm(rg, vm)
    .extensions.filter((e) => e.type === 'VMAccessAgent')
    .map((e) => e.name)
}
