// Writes a step over several VMs through the redactor: the results file,
// its outputs and its job summary, or those of a step whose VMs could not be
// listed.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { AzureError } from '../errors.ts'
import { oneLine } from '../markup.ts'
import type { Operation } from '../operation.ts'
import type { Redactor } from '../secret.ts'
import { bytesOf, outputsBudgetBytes } from '../byte-limits.ts'
import { Output } from '../settings.ts'
import { fleetOutputs, resultsJson, stepOutputs } from './outputs.ts'
import type { VmResult } from './results.ts'
import {
  renderFleetSummary,
  renderSelectionFailure,
  type FleetReport
} from './summary.ts'

/**
 * Writes the results file (to `resultsPath`), the outputs and the summary
 * of a step over several VMs; all the outputs together stay under GitHub's
 * 1 MB per job (fleetOutputs), the summary under 1 MiB.
 */
export async function publishFleet(
  report: FleetReport,
  redactor: Redactor,
  resultsPath?: string
): Promise<void> {
  const resultsFile = await writeResultsFile(
    resultsPath,
    report.run.results,
    redactor
  )
  const own = stepOutputs(report.run, report.failOn, report.durationSeconds)
  const { outputs, shortened } = fleetOutputs(
    report.run,
    (text) => redactor.redact(text),
    resultsFile,
    outputsBudgetBytes - bytesOf(own)
  )
  for (const [name, value] of Object.entries({ ...outputs, ...own })) {
    redactor.setOutput(name, value)
  }
  await redactor.writeSummary(
    renderFleetSummary({
      ...report,
      shortened,
      ...(resultsFile ? { resultsFile } : {})
    })
  )
}

/**
 * Writes every VM's result, redacted, as JSON to `path`, and returns the
 * path; undefined when there is none or it can't be written (the outputs
 * and the summary say so, and the step's outcome stays what it was).
 */
export async function writeResultsFile(
  path: string | undefined,
  results: readonly VmResult[],
  redactor: Redactor
): Promise<string | undefined> {
  if (!path) return undefined
  try {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, redactor.redact(resultsJson(results)), 'utf8')
    return path
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    redactor.debug(`No results file written: ${why}`)
    return undefined
  }
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
