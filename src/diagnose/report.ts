// Pure: the diagnosis as outputs (diagnosis, findings) and as the summary's
// checklist, one line per finding with its fix; every value escaped.
import { code, escapeHtml } from '../markup.ts'
import type { Finding } from './findings.ts'

const marks = { pass: '✅', warn: '⚠️', fail: '❌' } as const

/** How many findings are ❌. */
export function findingCount(findings: readonly Finding[] | undefined): number {
  return (findings ?? []).filter((f) => f.verdict === 'fail').length
}

/** The diagnosis output: every check, its verdict, what it found and its fix. */
export function diagnosisJson(
  findings: readonly Finding[] | undefined
): string {
  return findings ? JSON.stringify(findings) : ''
}

/** The summary's checklist (HTML), or '' when there was no diagnosis. */
export function renderDiagnosis(
  findings: readonly Finding[] | undefined
): string {
  if (!findings) return ''
  const warnings = findings.filter((f) => f.verdict === 'warn').length
  const items = findings.map((f) => {
    const fix = f.verdict !== 'pass' && f.fix ? ` ${f.fix}` : ''
    return `<li>${marks[f.verdict]} ${withCode(`${f.says}${fix}`)}</li>`
  })
  return `<h3>Diagnosis: ${findingCount(findings)} ❌, ${warnings} ⚠️</h3>\n<ul>\n${items.join('\n')}\n</ul>`
}

/** Text escaped, each `span` in backticks as <code>, so a command reads as one. */
function withCode(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? code(part) : escapeHtml(part)))
    .join('')
}

/** The VMs of a step whose diagnosis found a ❌, at most this many in full. */
const vmsInFull = 20

/** A fleet's diagnoses: each VM with a ❌ and its failing findings (HTML). */
export function renderFleetDiagnoses(
  vms: readonly { name: string; findings: readonly Finding[] }[]
): string {
  const found = vms.filter((vm) => findingCount(vm.findings) > 0)
  if (found.length === 0) return ''
  const blocks = found.slice(0, vmsInFull).map(({ name, findings }) => {
    const items = findings
      .filter((f) => f.verdict === 'fail')
      .map(
        (f) => `<li>❌ ${withCode(`${f.says}${f.fix ? ` ${f.fix}` : ''}`)}</li>`
      )
    return `<h4>${escapeHtml(name)}</h4>\n<ul>\n${items.join('\n')}\n</ul>`
  })
  const more =
    found.length > vmsInFull
      ? `\n<p>…and ${found.length - vmsInFull} more VM(s) with findings: see the results output.</p>`
      : ''
  return `<h3>Diagnosis: ${found.length} VM(s) with findings</h3>\n${blocks.join('\n')}${more}`
}
