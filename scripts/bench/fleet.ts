// The fleet figures: one step over many VMs against the emulator, timed from
// outside. Wall time beside the ideal ⌈VMs / max-parallel⌉ × one VM's server
// time, requests per VM beside one VM's minimum (its verify probe included:
// verify is on by default), peak RSS, and the 429s of a tightly throttled
// subscription.
import {
  scenario,
  startEmulator,
  type EmulatorOptions
} from '../../emulator/index.ts'
import { runAction } from './action-process.ts'
import { countVerified, type FleetFigure } from './fleet-report.ts'
import {
  armMinimum,
  minimumPolls,
  operationMs,
  type DelayProfile
} from './minimum.ts'
import {
  delayProfile as profile,
  instantProfile as instant
} from './profile.ts'

/** How to run one fleet measurement. */
export interface FleetCase {
  label: string
  vms: number
  maxParallel: number
  profile: DelayProfile
  retryAfterSeconds: number
  /** Emulator options that tighten throttling, when the case needs it. */
  emulator?: Partial<EmulatorOptions>
  /** How the step names the VMs. */
  select: 'targets' | 'vm-tag'
}

const groups = ['rg-fleet-1', 'rg-fleet-2', 'rg-fleet-3']

/** `n` healthy Windows VMs over three groups, each with VMAccess to remove, tagged rotate=weekly. */
export function fleetNames(
  n: number
): { resourceGroup: string; vmName: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    resourceGroup: groups[i % groups.length] ?? 'rg-fleet-1',
    vmName: `vm-bench-${String(i + 1).padStart(4, '0')}`
  }))
}

/** Runs the bundle once over a fresh fleet and reads the figures. */
export async function measureFleet(
  bundle: string,
  c: FleetCase
): Promise<FleetFigure> {
  const build = scenario()
  const names = fleetNames(c.vms)
  for (const { resourceGroup, vmName } of names) {
    build.vm(
      vmName,
      (vm) => {
        vm.vmAccess('enablevmaccess')
          .deleteTakes(c.profile.deleteMs)
          .extensionTakes(c.profile.extensionMs)
          .runCommandTakes(c.profile.runCommandMs)
          .tag('rotate', 'weekly')
      },
      resourceGroup
    )
  }
  const emulator = await startEmulator({
    scenario: build,
    retryAfterSeconds: c.retryAfterSeconds,
    ...c.emulator
  })
  try {
    const selection: Record<string, string> =
      c.select === 'targets'
        ? {
            targets: names
              .map((v) => `${v.resourceGroup}/${v.vmName}`)
              .join('\n')
          }
        : { 'vm-tag': 'rotate=weekly', 'resource-group': '', 'vm-name': '' }
    const run = await runAction(
      bundle,
      {
        ...emulator.inputs(names[0]?.vmName ?? ''),
        'resource-group': '',
        'vm-name': '',
        ...selection,
        mode: 'reset-rdp',
        'max-parallel': String(c.maxParallel),
        'timeout-minutes': '60'
      },
      emulator.env()
    )
    const arm = emulator.requests.filter((r) => r.service === 'arm')
    const listPages = arm.filter((r) =>
      /^VirtualMachines_List/.test(r.operationId ?? '')
    ).length
    const waitMs = c.retryAfterSeconds * 1000
    // One after another on each VM: the DELETE, the PUT, then the probe.
    const oneVmMs =
      (['DELETE', 'PUT', 'POST runCommand'] as const)
        .map((lro) => minimumPolls(operationMs(lro, c.profile), waitMs))
        .reduce((sum, polls) => sum + polls, 0) * waitMs
    return {
      label: c.label,
      vms: c.vms,
      maxParallel: c.maxParallel,
      wallMs: run.exitedAtMs - run.spawnedAtMs,
      idealMs: Math.ceil(c.vms / c.maxParallel) * oneVmMs,
      requestsPerVm: (arm.length - listPages) / c.vms,
      minimumPerVm: minimumArmRequests(c.profile, waitMs),
      listPages,
      ...(run.peakRssKib ? { peakRssMib: run.peakRssKib / 1024 } : {}),
      throttled: arm.filter((r) => r.status === 429).length,
      armRequests: arm.length,
      succeeded: Number(run.outputs['succeeded-count'] ?? 0),
      verified: countVerified(run.outputs['results'] ?? ''),
      exitCode: run.exitCode
    }
  } finally {
    await emulator.stop()
  }
}

/**
 * One VM's ARM minimum: GET, DELETE + polls, PUT + polls, final GET, GET
 * with instance view, then the probe's POST + polls (no final GET).
 */
function minimumArmRequests(profile: DelayProfile, waitMs: number): number {
  return armMinimum(
    { route: 'vm-access', existingVmAccess: 1, verify: true },
    profile,
    waitMs
  ).reduce((sum, [, n]) => sum + n, 0)
}

/** Every fleet case: the delay profile, RSS from 100 to 1,000 VMs, tight throttling. */
export async function measureFleets(bundle: string): Promise<FleetFigure[]> {
  const cases: FleetCase[] = [
    {
      label: 'delay profile',
      vms: 100,
      maxParallel: 10,
      profile,
      retryAfterSeconds: 1,
      select: 'targets'
    },
    {
      label: 'memory, 100',
      vms: 100,
      maxParallel: 50,
      profile: instant,
      retryAfterSeconds: 1,
      select: 'targets',
      // Memory, not pacing: ARM's default read budget would stretch the run.
      emulator: { throttling: false }
    },
    {
      label: 'memory, 1,000',
      vms: 1000,
      maxParallel: 50,
      profile: instant,
      retryAfterSeconds: 1,
      select: 'targets',
      // Memory, not pacing: ARM's default read budget would stretch the run.
      emulator: { throttling: false }
    },
    ...throttledCases()
  ]
  const figures: FleetFigure[] = []
  for (const c of cases) {
    const figure = await measureFleet(bundle, c)
    console.error(
      `fleet ${c.label.padEnd(16)} ${c.vms} VMs @ ${c.maxParallel}: wall ${figure.wallMs} ms, ${figure.throttled} × 429, ${figure.succeeded} succeeded`
    )
    figures.push(figure)
  }
  return figures
}

/**
 * The delay profile under a subscription whose write and delete budgets are
 * tight (10 each, refilled 2 a second), selected by tag so the list pages count.
 */
function throttledCases(): FleetCase[] {
  const tight = { capacity: 10, refillPerSecond: 2 }
  return [
    {
      label: 'tight budget',
      vms: 100,
      maxParallel: 10,
      profile,
      retryAfterSeconds: 1,
      select: 'vm-tag',
      emulator: {
        throttling: { subscriptionWrites: tight, subscriptionDeletes: tight }
      }
    }
  ]
}
