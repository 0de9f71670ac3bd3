// What a person reads of one step: the log the runner shows, the outputs and
// the job summary as text. The summary is HTML with escaped values, so its
// sentences are compared after decoding.
import type { StepResult } from '../runner.ts'

/** stdout without `::add-mask::` lines: the runner consumes them and never shows them. */
export function visibleStdout(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
}

/**
 * The log as the runner displays it: workflow commands (`::error::`,
 * `::debug::`…) carry their text %-escaped (%25, %0D, %0A), and the
 * runner shows it decoded.
 */
export function displayedLog(stdout: string): string {
  return visibleStdout(stdout)
    .split('\n')
    .map((line) => {
      const command = /^::[a-z-]+(?: [^:]*)?::(.*)$/.exec(line)
      if (!command) return line
      return (command[1] ?? '')
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%')
    })
    .join('\n')
}

/** HTML to the text a reader sees: tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) =>
      String.fromCodePoint(Number(code))
    )
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) =>
      String.fromCodePoint(parseInt(code, 16))
    )
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The text under `<h3>heading</h3>` up to the next heading; '' when absent. */
export function summarySection(summary: string, heading: string): string {
  const start = summary.indexOf(`<h3>${heading}</h3>`)
  if (start < 0) return ''
  const rest = summary.slice(start + heading.length + 9)
  const end = rest.search(/<h[23]>/)
  return htmlToText(end < 0 ? rest : rest.slice(0, end))
}

/** Evidence of a step, short enough to print in a report. */
export interface StepEvidence {
  exitCode: number | null
  signal: string | null
  status: string | undefined
  message: string | undefined
  /** "What went wrong", "State of the VM" and "Next steps" of the summary. */
  summaryExcerpt: string
}

/** The parts of a step a report quotes as evidence. */
export function evidenceOf(step: StepResult): StepEvidence {
  const sections = ['What went wrong', 'State of the VM', 'Next steps']
    .map((h) => [h, summarySection(step.summary, h)] as const)
    .filter(([, text]) => text !== '')
    .map(([h, text]) => `${h}: ${text}`)
  const excerpt =
    sections.length > 0 ? sections.join(' | ') : htmlToText(step.summary)
  return {
    exitCode: step.exitCode,
    signal: step.signal,
    status: step.outputs['status'],
    message: clip(step.outputs['message']),
    summaryExcerpt: clip(excerpt, 900) ?? ''
  }
}

function clip(text: string | undefined, max = 400): string | undefined {
  if (text === undefined) return undefined
  return text.length > max ? `${text.slice(0, max)}…` : text
}
