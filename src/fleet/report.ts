// Writes a step over several VMs through the redactor: its outputs and its
// job summary, or those of a step whose VMs could not be listed.
import type { AzureError } from '../errors.ts'
import { oneLine } from '../markup.ts'
import type { Operation } from '../operation.ts'
import type { Redactor } from '../secret.ts'
import { Output } from '../settings.ts'
import { fleetOutputs, stepOutputs } from './outputs.ts'
import {
  renderFleetSummary,
  renderSelectionFailure,
  type FleetReport
} from './summary.ts'

/** Writes the outputs and the summary of a step over several VMs. */
export async function publishFleet(
  report: FleetReport,
  redactor: Redactor
): Promise<void> {
  const outputs = {
    ...fleetOutputs(report.run, (text) => redactor.redact(text)),
    ...stepOutputs(report.run, report.failOn, report.durationSeconds)
  }
  for (const [name, value] of Object.entries(outputs)) {
    redactor.setOutput(name, value)
  }
  await redactor.writeSummary(renderFleetSummary(report))
}

/** Writes the outputs and the summary of a step whose VMs could not be listed. */
export async function publishSelectionFailure(
  error: AzureError,
  operation: Pick<Operation, 'title'>,
  redactor: Redactor
): Promise<void> {
  redactor.setOutput(Output.status, 'failed')
  redactor.setOutput(Output.message, oneLine(error.message))
  redactor.setOutput(Output.results, '[]')
  await redactor.writeSummary(renderSelectionFailure(error, operation))
}
