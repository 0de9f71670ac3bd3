// The fault catalogue: what Azure, Entra ID, GitHub, the guest and Run
// Command do to a run, and what diagnose may send.
// A transient fault must be ridden out (exit 0, status=succeeded); any other
// must fail cleanly: exit 1, status=failed, and a summary that says what was
// done to the VM and what to do next.
import type { FaultCase } from './fault-case.ts'
import { armRefusals } from './faults-arm-refusals.ts'
import { armTransients } from './faults-arm-transient.ts'
import { diagnoseCases } from './faults-diagnose.ts'
import { echoedPasswordCases } from './faults-echoed-password.ts'
import { hostileNameCases } from './faults-hostile-names.ts'
import { hostileTextCases } from './faults-hostile-text.ts'
import { inGuest, passwordHistory } from './faults-in-guest.ts'
import { keyVault } from './faults-key-vault.ts'
import { localizedTextCases } from './faults-localized-text.ts'
import { runCommandCases } from './faults-run-command.ts'
import { signIn } from './faults-sign-in.ts'
import { longRunning, vmState } from './faults-vm.ts'

export type {
  FailsCleanly,
  FaultCase,
  FaultRun,
  InjectedFault,
  Survives
} from './fault-case.ts'
export { faultPassword } from './fault-case.ts'

/** Every fault case; the slow ones first, so that they overlap the rest. */
export const faultCases: readonly FaultCase[] = [
  ...longRunning.filter((c) => c.slow),
  ...runCommandCases.filter((c) => c.slow),
  ...signIn,
  ...armTransients,
  ...armRefusals,
  ...longRunning.filter((c) => !c.slow),
  ...vmState,
  ...inGuest,
  ...hostileTextCases,
  ...hostileNameCases,
  ...echoedPasswordCases,
  ...localizedTextCases,
  passwordHistory,
  ...keyVault,
  ...runCommandCases.filter((c) => !c.slow),
  ...diagnoseCases
]

/** The in-guest failures VMAccess reports, each with its own next step. */
export const inGuestCases: readonly FaultCase[] = inGuest
