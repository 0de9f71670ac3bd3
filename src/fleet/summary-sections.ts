// Pure: the fleet summary's sections about some of the VMs: the failures
// with their next steps, the skipped VMs with their fixes, a dry run's writes.
import { escapeHtml } from '../markup.ts'
import { nextSteps } from '../remedies.ts'
import { clip } from './outputs.ts'
import type { VmResult } from './results.ts'

/** Past this many VMs (or groups) a list is cut short, and successes fold into a <details>. */
export const openRows = 50
/** Causes of failure told in full; the rest are counted (and in the table). */
const shownCauses = 20

/** Failures grouped by their remedy: one list of next steps per cause. */
export function failureSection(results: readonly VmResult[]): string {
  const groups = groupBy(
    results.filter((r) => r.status === 'failed'),
    (r) => `${r.outcome?.error?.code ?? ''}|${r.outcome?.error?.fix ?? ''}`
  )
  if (groups.length === 0) return ''
  const blocks = groups.slice(0, shownCauses).map((group) => {
    const first = group[0] as VmResult
    const steps = nextSteps(first.outcome?.error)
    return [
      `<h4>${group.length} VM(s): ${escapeHtml(clip(first.outcome?.error?.message ?? 'failed'))}</h4>`,
      `<p>${vmList(group)}</p>`,
      `<ol>\n${steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('\n')}\n</ol>`
    ].join('\n')
  })
  const rest = groups.slice(shownCauses).reduce((n, g) => n + g.length, 0)
  const more =
    rest > 0
      ? `\n<p>…and ${rest} more failed VM(s) with ${groups.length - shownCauses} other cause(s): see the table below and the results output.</p>`
      : ''
  return `<h3>Failures and next steps</h3>\n${blocks.join('\n')}${more}`
}

export function skippedSection(results: readonly VmResult[]): string {
  // By fix, not by code: a fix names its VM (az vm start -g … -n …).
  const groups = groupBy(
    results.filter((r) => r.status === 'skipped'),
    (r) => r.outcome?.error?.fix ?? ''
  )
  if (groups.length === 0) return ''
  const items = groups.slice(0, openRows).map((group) => {
    const first = group[0] as VmResult
    return `<li>${vmList(group)}: ${escapeHtml(clip(first.outcome?.error?.fix ?? ''))}</li>`
  })
  const more =
    groups.length > openRows
      ? `\n<p>…and ${groups.length - openRows} more; see the table below.</p>`
      : ''
  return `<h3>Skipped (nothing was sent to them)</h3>\n<ul>\n${items.join('\n')}\n</ul>${more}`
}

/** The exact writes of the first VMs a dry run found ready. */
export function dryRunSection(results: readonly VmResult[]): string {
  const planned = results.filter((r) => r.status === 'planned')
  if (planned.length === 0) return ''
  const shown = planned.slice(0, openRows).map((r) => {
    const requests = (r.writes ?? [])
      .map(
        (w) =>
          `${w.method} ${w.path}${w.body ? `\n${JSON.stringify(w.body, null, 2)}` : ''}`
      )
      .join('\n\n')
    return `<details><summary>${escapeHtml(`${r.target.resourceGroup}/${r.target.vmName}`)}</summary>\n<pre>${escapeHtml(requests)}</pre>\n</details>`
  })
  const more =
    planned.length > openRows
      ? `\n<p>…and ${planned.length - openRows} more VM(s) with the same requests for their own names.</p>`
      : ''
  return `<h3>What a real run would send (passwords as ***)</h3>\n${shown.join('\n')}${more}`
}

/** "rg/vm-a, rg/vm-b and 3 more". */
function vmList(group: readonly VmResult[]): string {
  const names = group
    .slice(0, openRows)
    .map(
      (r) =>
        `<code>${escapeHtml(`${r.target.resourceGroup}/${r.target.vmName}`)}</code>`
    )
  const more =
    group.length > openRows ? ` and ${group.length - openRows} more` : ''
  return names.join(', ') + more
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return [...groups.values()]
}
