// The verdict of one reliability case, shared by the report and the jest test.
import type { StepEvidence } from './step-view.ts'

/** Which catalogue a case comes from. */
export type Catalogue = 'bad-input' | 'fault' | 'rotation'

/** What the action did in a case, as the report counts it. */
export type Behaviour =
  /** A bad input refused before any request. */
  | 'refused'
  /** A transient fault the action rode out: exit 0, status=succeeded. */
  | 'survived'
  /** exit 1, status=failed, a summary with the VM's state and a next step. */
  | 'failed-cleanly'
  /** Rotation runs after which the latest version was the VM's password. */
  | 'invariant-held'
  /** Anything else: see `problems`. */
  | 'misbehaved'

/** The verdict of one case. */
export interface CaseResult {
  catalogue: Catalogue
  name: string
  /** Set when the catalogue marks the case as a known gap of the action. */
  knownGap?: string
  behaviour: Behaviour
  /** Every expectation the run broke; empty when the case held. */
  problems: string[]
  /** Requests that reached the emulator although none should have (bad inputs). */
  requestsSent: number
  /** DELETE/PUT requests sent although a pre-flight check had failed. */
  writesAfterFailedPreflight: number
  /** Secret forms found in the log, outputs or summary. */
  secretHits: number
  /** Lines the runner would run as workflow commands the action did not issue. */
  foreignCommands?: number
  /** Rotation cases: how many runs, and after how many the latest version was not the VM's password. */
  rotationRuns?: number
  latestNotLive?: number
  evidence: StepEvidence
  durationMs: number
  /** Facts worth printing with the case, e.g. the size a big input was cut to. */
  notes?: string[]
}

/** True when the case held every expectation. */
export function isHeld(result: CaseResult): boolean {
  return result.problems.length === 0
}
