// The shapes every findings module shares: what diagnose read of one VM, one
// finding, and the pass/warn/fail constructors that build it.
import type { VirtualMachine } from '@azure/arm-compute'
import type { GuestFacts } from '../guest/facts.ts'
import type { VmRef } from '../settings.ts'
import type { NicView } from './network.ts'
import type { Traffic } from './rules.ts'

/** One thing diagnose checked. */
export interface Finding {
  check: string
  verdict: 'pass' | 'warn' | 'fail'
  /** One sentence, Azure's and the guest's values in it. */
  says: string
  fix?: string
}

/** What diagnose read of one VM. */
export interface Observed {
  target: VmRef
  vm: VirtualMachine
  nics: (NicView | { id: string; unknown: string })[]
  /** What the in-guest probe did: its facts, why it gave none, or that it was off. */
  guest: GuestView
  traffic: Traffic
}

/**
 * The in-guest probe: its facts; why there are none (`sent`: a Run Command
 * was sent); or `off`, when diagnose-guest is false and none was sent.
 */
export type GuestView =
  { facts: GuestFacts } | { unknown: string; sent: boolean } | { off: true }

export function pass(check: string, says: string): Finding {
  return { check, verdict: 'pass', says }
}

export function warn(check: string, says: string, fix?: string): Finding {
  return { check, verdict: 'warn', says, ...(fix ? { fix } : {}) }
}

export function fail(check: string, says: string, fix: string): Finding {
  return { check, verdict: 'fail', says, fix }
}
