// Every catalogue as one list of runnable cases, in the order that keeps two
// cores busy: the one-minute case first, then fault cases (which mostly wait
// on Retry-After) interleaved with bad inputs (which are quick spawns).
import { badInputCases, type BadInputCase } from './bad-inputs.ts'
import type { CaseResult, Catalogue } from './case-result.ts'
import { faultCases, type FaultCase } from './faults.ts'
import { runBadInputCase, type BadInputBench } from './run-bad-input.ts'
import { runFaultCase } from './run-fault.ts'
import type { RotationCase } from './rotation-case.ts'
import { rotationCases } from './rotation-invariant.ts'
import { proofRotationCases } from './rotation-proof.ts'
import { vaultRefusalCases } from './rotation-vault-refusals.ts'
import { runRotationCase } from './run-rotation.ts'

/** A case of either catalogue, ready to run. */
export interface RunnableCase {
  catalogue: Catalogue
  name: string
  /** A sentence about the behaviour, for the test name. */
  title: string
  knownGap?: string
  slow: boolean
  run: (bench: BadInputBench) => Promise<CaseResult>
}

function fromFault(fault: FaultCase): RunnableCase {
  return {
    catalogue: 'fault',
    name: fault.name,
    title:
      fault.expect.outcome === 'survives'
        ? `succeeds when ${fault.name}`
        : `fails cleanly when ${fault.name}`,
    ...(fault.knownGap ? { knownGap: fault.knownGap } : {}),
    slow: fault.slow === true,
    run: () => runFaultCase(fault)
  }
}

function fromBadInput(badInput: BadInputCase): RunnableCase {
  return {
    catalogue: 'bad-input',
    name: badInput.name,
    title: `refuses ${badInput.name} before any request`,
    ...(badInput.knownGap ? { knownGap: badInput.knownGap } : {}),
    slow: false,
    run: (bench) => runBadInputCase(badInput, bench)
  }
}

function fromRotation(rotation: RotationCase): RunnableCase {
  return {
    catalogue: 'rotation',
    name: rotation.name,
    title: `keeps the latest version live when ${rotation.name}`,
    slow: rotation.slow === true,
    run: () => runRotationCase(rotation)
  }
}

/** Every case: slow ones first, then one fault case to every few bad inputs. */
export function allCases(): RunnableCase[] {
  const faults = [
    ...faultCases.map(fromFault),
    ...rotationCases.map(fromRotation),
    ...proofRotationCases.map(fromRotation),
    ...vaultRefusalCases.map(fromRotation)
  ]
  const badInputs = badInputCases.map(fromBadInput)
  const rest = faults.filter((c) => !c.slow)
  const perFault = Math.max(1, Math.ceil(badInputs.length / rest.length))
  const mixed = rest.flatMap((fault, i) => [
    fault,
    ...badInputs.slice(i * perFault, (i + 1) * perFault)
  ])
  return [
    ...faults.filter((c) => c.slow),
    ...mixed,
    ...badInputs.slice(rest.length * perFault)
  ]
}
