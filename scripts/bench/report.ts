// The bench's printed report: where the figures came from, the table of
// targets, and the requests beside their minimum. Markdown, so the README's
// Performance section can show it as printed.
import type { FleetFigure } from './fleet-report.ts'
import type { DiagnoseFigure, DiagnoseResult } from './measure-diagnose.ts'
import type { CostFigure, Figures } from './aggregate.ts'
import {
  formatBytes,
  formatCondition,
  formatMs,
  formatSpread
} from './format.ts'
import type { Machine } from './machine.ts'
import type { RunResult } from './measure-run.ts'
import type { DelayProfile } from './minimum.ts'
import type { Verdict } from './targets.ts'

/** Everything a bench run found; written to .bench/results.json. */
export interface BenchResults {
  /** ISO date of the run. */
  date: string
  machine: Machine
  /** 1-minute load average when the bench started and ended. */
  loadAverage: { start: number; end: number }
  bundle: { path: string; bytes: number; chunkBytes: number }
  /** The server-side delays and the Retry-After of the profiled runs. */
  profile: DelayProfile & { retryAfterSeconds: number }
  figures: Figures
  verdicts: Verdict[]
  /** One step over many VMs (scripts/bench/fleet.ts). */
  fleet: FleetFigure[]
  runs: RunResult[]
  /** `mode: diagnose` (scripts/bench/measure-diagnose.ts), folded per VM. */
  diagnose: DiagnoseFigure[]
  diagnoseRuns: DiagnoseResult[]
}

/** Renders the report as Markdown. */
export function renderReport(r: BenchResults): string {
  const m = r.machine
  return [
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; ` +
      `load average ${r.loadAverage.start.toFixed(1)} at start, ${r.loadAverage.end.toFixed(1)} at end.`,
    `Bundle: dist/index.js ${formatBytes(r.bundle.bytes)}` +
      (r.bundle.chunkBytes > 0
        ? ` (+ ${formatBytes(r.bundle.chunkBytes)} in lazy chunks).`
        : '.'),
    `Server profile: DELETE takes ${formatMs(r.profile.deleteMs)}, the VMAccess handler ${formatMs(r.profile.extensionMs)}, ` +
      `a Run Command script ${formatMs(r.profile.runCommandMs)}; Retry-After ${r.profile.retryAfterSeconds} s, or none.`,
    '',
    renderVerdicts(r.verdicts),
    '',
    renderRequests(r.figures),
    '',
    renderVerifyCost(r.figures),
    '',
    ...(r.diagnose.length > 0 ? [renderDiagnose(r.diagnose), ''] : [])
  ].join('\n')
}

/**
 * `mode: diagnose`: requests sent / minimum and the overhead beyond the
 * server's time, per VM; then each kind of request beside its minimum.
 */
export function renderDiagnose(figures: readonly DiagnoseFigure[]): string {
  const summary = table(
    [
      'Diagnose',
      'Requests (sent / minimum)',
      'Beyond the minimum',
      'Overhead (min / median / max)',
      'Stages (medians)',
      'Wall (median)',
      'Early polls'
    ],
    figures.map((f) => [
      `${f.condition}, ${f.runs} run${f.runs === 1 ? '' : 's'}`,
      `${f.sent} / ${f.minimum}${f.sent > f.minimum ? ' ❌' : ''}`,
      f.extras.join(', ') || 'none',
      formatSpread(f.overheadMs, formatMs),
      `start-up ${formatMs(f.stagesMs.startUpMs)}, sign-in ${formatMs(f.stagesMs.signInMs)}, ` +
        `reads ${formatMs(f.stagesMs.resetMs)}, exit ${formatMs(f.stagesMs.exitMs)}`,
      formatMs(f.wallMs.median),
      `${f.earlyPolls} of ${f.askedPolls}`
    ])
  )
  const names = figures
    .flatMap((f) => f.counts.map((c) => c.name))
    .filter((name, i, all) => all.indexOf(name) === i)
  const perKind = table(
    ['Diagnose request (sent / minimum)', ...figures.map((f) => f.condition)],
    names.map((name) => [
      name,
      ...figures.map((f) => {
        const c = f.counts.find((x) => x.name === name)
        if (!c) return ''
        return `${c.observed} / ${c.minimum}${c.observed > c.minimum ? ' ❌' : ''}`
      })
    ])
  )
  return `${summary}\n\n${perKind}`
}

/** The targets table: measure, result, target, ✅/❌. */
export function renderVerdicts(verdicts: readonly Verdict[]): string {
  return table(
    ['Measure', 'Result', 'Target', 'Met'],
    verdicts.map((v) => [
      v.measure,
      v.result,
      v.target,
      v.met === undefined ? '' : v.met ? '✅ met' : '❌ missed'
    ])
  )
}

/**
 * Requests per kind, sent / minimum, one column per condition with verify
 * on (the default); those with verify: false are the same less the probe's
 * rows, and renderVerifyCost sets them side by side.
 */
export function renderRequests(f: Figures): string {
  const shown = f.requests.filter((r) => r.verify)
  const names = shown
    .flatMap((r) => r.counts.map((c) => c.name))
    .filter((name, i, all) => all.indexOf(name) === i)
  return table(
    ['Request (sent / minimum)', ...shown.map(formatCondition)],
    names.map((name) => [
      name,
      ...shown.map((r) => {
        const c = r.counts.find((x) => x.name === name)
        if (!c) return ''
        const mark = c.observed > c.minimum ? ' ❌' : ''
        return `${c.observed} / ${c.minimum}${mark}`
      })
    ])
  )
}

/**
 * What verify adds: requests (sent / minimum) and median overhead with it
 * and with verify: false; the probe's requests, the overhead between them
 * (the verify stage), and the extra work after its last answer.
 */
export function renderVerifyCost(f: Figures): string {
  const requests = (c: CostFigure): string =>
    `${c.sent} / ${c.minimum}${c.sent > c.minimum ? ' ❌' : ''}`
  const median = (c: CostFigure): string => formatMs(c.overheadMs.median)
  return table(
    [
      'What verify adds',
      'Requests, verify on',
      'verify: false',
      'the probe’s',
      'Overhead, verify on',
      'verify: false',
      'difference',
      'around the probe’s requests',
      'after its last answer'
    ],
    f.verifyCost.map((v) => [
      formatCondition(v),
      requests(v.on),
      requests(v.off),
      requests(v.probe),
      median(v.on),
      median(v.off),
      formatMs(v.on.overheadMs.median - v.off.overheadMs.median),
      median(v.probe),
      formatMs(v.afterProbeMs)
    ])
  )
}

function table(header: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join(
    '\n'
  )
}
