// Pure: case results → the counts of the reliability table and its text.
import { isHeld, type CaseResult } from './case-result.ts'

/** The numbers the report prints. */
export interface Tally {
  badInputs: number
  refusedBeforeAnyCall: number
  faults: number
  survived: number
  failedCleanly: number
  misbehaved: number
  writesAfterFailedPreflight: number
  secretHits: number
  /** Workflow commands that came from server or guest text. */
  foreignCommands: number
  rotationCases: number
  rotationRuns: number
  /** Rotation runs after which the latest version was not the VM's password. */
  latestNotLive: number
  /** The part of the two counts above that comes from known gaps. */
  writesInGaps: number
  secretHitsInGaps: number
  knownGaps: CaseResult[]
  /** Known gaps whose case now holds: the catalogue should drop the mark. */
  closedGaps: CaseResult[]
  /** Broken expectations outside the known gaps. */
  unexpected: CaseResult[]
}

/** Counts what the cases did. */
export function tally(results: readonly CaseResult[]): Tally {
  const badInputs = results.filter((r) => r.catalogue === 'bad-input')
  const faults = results.filter((r) => r.catalogue === 'fault')
  const rotations = results.filter((r) => r.catalogue === 'rotation')
  const gaps = results.filter((r) => r.knownGap !== undefined)
  const sum = (
    pick: (r: CaseResult) => number,
    of: readonly CaseResult[] = results
  ): number => of.reduce((total, r) => total + pick(r), 0)
  return {
    badInputs: badInputs.length,
    refusedBeforeAnyCall: badInputs.filter((r) => r.behaviour === 'refused')
      .length,
    faults: faults.length,
    survived: faults.filter((r) => r.behaviour === 'survived').length,
    failedCleanly: faults.filter((r) => r.behaviour === 'failed-cleanly')
      .length,
    misbehaved: faults.filter((r) => r.behaviour === 'misbehaved').length,
    writesAfterFailedPreflight: sum((r) => r.writesAfterFailedPreflight),
    secretHits: sum((r) => r.secretHits),
    foreignCommands: sum((r) => r.foreignCommands ?? 0),
    rotationCases: rotations.length,
    rotationRuns: sum((r) => r.rotationRuns ?? 0),
    latestNotLive: sum((r) => r.latestNotLive ?? 0),
    writesInGaps: sum((r) => r.writesAfterFailedPreflight, gaps),
    secretHitsInGaps: sum((r) => r.secretHits, gaps),
    knownGaps: results.filter((r) => r.knownGap !== undefined && !isHeld(r)),
    closedGaps: results.filter((r) => r.knownGap !== undefined && isHeld(r)),
    unexpected: results.filter((r) => r.knownGap === undefined && !isHeld(r))
  }
}

/** True when every case held except the known gaps, and no gap was closed. */
export function isPassing(t: Tally): boolean {
  return t.unexpected.length === 0 && t.closedGaps.length === 0
}

/** The report as text: the table, then gaps and failures with evidence. */
export function renderReport(
  results: readonly CaseResult[],
  elapsedMs: number
): string {
  const t = tally(results)
  const gapsIn = (catalogue: CaseResult['catalogue']): number =>
    t.knownGaps.filter((g) => g.catalogue === catalogue).length
  const rows: [string, number, string][] = [
    ['Bad inputs tried', t.badInputs, ''],
    [
      '  refused before any call',
      t.refusedBeforeAnyCall,
      `of ${t.badInputs}${gapsIn('bad-input') ? `; ${gapsIn('bad-input')} known gap(s)` : ''}`
    ],
    ['Faults injected', t.faults, ''],
    ['  survived (succeeded)', t.survived, ''],
    ['  failed cleanly', t.failedCleanly, ''],
    [
      '  neither',
      t.misbehaved,
      gapsIn('fault') ? `${gapsIn('fault')} known gap(s)` : 'must be 0'
    ],
    [
      'Writes sent after a failed pre-flight',
      t.writesAfterFailedPreflight,
      mustBeZero(t.writesInGaps)
    ],
    ['Rotation invariant: cases', t.rotationCases, ''],
    ['  runs', t.rotationRuns, ''],
    ["  latest version not the VM's password", t.latestNotLive, 'must be 0'],
    ['Secret hits', t.secretHits, mustBeZero(t.secretHitsInGaps)],
    [
      'Workflow commands from server or guest text',
      t.foreignCommands,
      'must be 0'
    ],
    ['Known gaps', t.knownGaps.length, ''],
    ['Unexpected failures', t.unexpected.length, 'must be 0']
  ]
  const table = rows.map(
    ([label, n, note]) =>
      `| ${label.padEnd(44)} | ${String(n).padStart(5)} | ${note.padEnd(28)} |`
  )
  const rule = `|${'-'.repeat(46)}|${'-'.repeat(7)}|${'-'.repeat(30)}|`
  const lines = [
    'Reliability of azure-vm-access-reset: dist/index.js against the local emulator',
    '',
    `| ${'what'.padEnd(44)} | ${'count'.padStart(5)} | ${''.padEnd(28)} |`,
    rule,
    ...table,
    '',
    ...section('Known gaps', t.knownGaps),
    ...section(
      'Known gaps that now hold (remove their knownGap mark)',
      t.closedGaps
    ),
    ...section('Unexpected failures', t.unexpected),
    ...notesOf(results),
    `${isPassing(t) ? 'PASS' : 'FAIL'}: ${results.length} cases in ${(elapsedMs / 1000).toFixed(1)} s`
  ]
  return lines.join('\n')
}

function mustBeZero(inGaps: number): string {
  return inGaps > 0 ? `must be 0; ${inGaps} in known gaps` : 'must be 0'
}

function section(title: string, cases: readonly CaseResult[]): string[] {
  if (cases.length === 0) return []
  return [`${title}:`, ...cases.flatMap(describeCase), '']
}

/** One case with the evidence a fix needs. */
export function describeCase(r: CaseResult): string[] {
  const e = r.evidence
  return [
    `- [${r.catalogue}] ${r.name}`,
    ...(r.knownGap ? [`    known gap: ${r.knownGap}`] : []),
    ...r.problems.map((p) => `    ✗ ${p}`),
    `    exit ${String(e.exitCode)}${e.signal ? ` (${e.signal})` : ''}, status=${e.status ?? '(unset)'}, ${(r.durationMs / 1000).toFixed(1)} s`,
    ...(e.message ? [`    message: ${oneLine(e.message)}`] : []),
    ...(e.summaryExcerpt ? [`    summary: ${oneLine(e.summaryExcerpt)}`] : [])
  ]
}

function notesOf(results: readonly CaseResult[]): string[] {
  const noted = results.filter((r) => r.notes && r.notes.length > 0)
  if (noted.length === 0) return []
  return [
    'Notes:',
    ...noted.flatMap((r) =>
      (r.notes ?? []).map((n) => `- [${r.catalogue}] ${r.name}: ${n}`)
    ),
    ''
  ]
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ⏎ ')
}
