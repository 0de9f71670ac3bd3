// The fleet figures as the bench prints them, and what is read off a fleet
// run's outputs. Pure: scripts/bench/fleet.ts measures.

/** One fleet run's figures. */
export interface FleetFigure {
  label: string
  vms: number
  maxParallel: number
  wallMs: number
  /** ⌈vms / maxParallel⌉ × one VM's server time (polled at Retry-After). */
  idealMs: number
  /** ARM requests per VM, list pages left out. */
  requestsPerVm: number
  /** The fewest ARM requests one VM's reset and probe can make. */
  minimumPerVm: number
  listPages: number
  peakRssMib?: number
  throttled: number
  armRequests: number
  succeeded: number
  /** VMs whose probe showed the reset (verified true in the results output). */
  verified: number
  exitCode: number | null
}

/** How many VMs of the results output were verified true; 0 when it does not parse. */
export function countVerified(resultsJson: string): number {
  try {
    const results: unknown = JSON.parse(resultsJson)
    return Array.isArray(results)
      ? results.filter(
          (r: unknown) =>
            typeof r === 'object' &&
            r !== null &&
            Reflect.get(r, 'verified') === 'true'
        ).length
      : 0
  } catch {
    return 0
  }
}

/** The fleet table beside the targets. */
export function renderFleet(figures: readonly FleetFigure[]): string {
  const rows = figures.map((f) => {
    const ratio = f.idealMs > 0 ? f.wallMs / f.idealMs : Number.NaN
    return [
      f.label,
      `${f.vms} VMs @ ${f.maxParallel}`,
      `${(f.wallMs / 1000).toFixed(1)} s`,
      f.idealMs > 0
        ? `${(f.idealMs / 1000).toFixed(1)} s (×${ratio.toFixed(2)})`
        : '–',
      `${f.requestsPerVm.toFixed(2)} (min ${f.minimumPerVm}) + ${f.listPages} list page(s)`,
      f.peakRssMib === undefined ? '–' : `${f.peakRssMib.toFixed(1)} MiB`,
      `${f.throttled} (${((100 * f.throttled) / Math.max(1, f.armRequests)).toFixed(1)} %)`,
      `${f.succeeded}/${f.vms} (${f.verified} verified)`
    ].join(' | ')
  })
  return [
    'Fleet, verify on (targets: wall ≤ 1.2× ideal; requests/VM ≤ one VM’s minimum, probe included, + list pages; peak RSS ≤ 150 MiB and flat 100 → 1,000; throttled: all succeed, 429s ≤ 5 %)',
    'case | VMs | wall | ideal | ARM requests per VM | peak RSS | 429s | succeeded',
    ...rows
  ].join('\n')
}
