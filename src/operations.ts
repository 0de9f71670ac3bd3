// The operations the mode input selects: one entry per mode.
import { diagnoseRdp } from './diagnose/index.ts'
import type { Operation } from './operation.ts'
import type { ModeName } from './settings.ts'
import { resetPassword, resetRdp } from './vm-access/index.ts'

const operations: Record<ModeName, Operation> = {
  'reset-password': resetPassword,
  'reset-rdp': resetRdp,
  diagnose: diagnoseRdp
}

/** The operation that the mode input selects. */
export function operationFor(mode: ModeName): Operation {
  return operations[mode]
}
