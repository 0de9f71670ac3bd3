// Key Vault refuses one write of a rotation, with each status it answers
// (403, 404, 409, 429, 503), once or until the retry budget ends. After each
// run the invariant holds (the latest enabled version is the VM's password)
// or the summary names the version the VM has; a refusal that lasted is
// then cleared, as a fixed role assignment or a vault back up would be, and
// a GitHub re-run of the same workflow run must repair the vault at once.
import type { Fault } from '../../emulator/index.ts'
import type { RotationCase, RotationTable } from './rotation-case.ts'

/** A write of the rotation, and how a fault reaches it and no earlier one. */
interface VaultWrite {
  what: string
  /** VMAccess refuses (Resource Manager answers the PUT 400 once) or applies it. */
  vm: 'applies' | 'refused'
  operationId: string
  /** Requests of that operation the run sends before this write. */
  after: number
}

const writes: VaultWrite[] = [
  {
    what: 'stores the new password',
    vm: 'applies',
    operationId: 'KeyVault_SetSecret',
    after: 0
  },
  {
    what: 'tags the new password active',
    vm: 'applies',
    operationId: 'KeyVault_UpdateSecret',
    after: 0
  },
  {
    what: 'tags the old password superseded',
    vm: 'applies',
    operationId: 'KeyVault_UpdateSecret',
    after: 1
  },
  {
    what: 'tags and disables a refused password',
    vm: 'refused',
    operationId: 'KeyVault_UpdateSecret',
    after: 0
  },
  {
    // Reads before it: the latest, before the store and after the reset.
    what: 'reads the live password to copy it forward',
    vm: 'refused',
    operationId: 'KeyVault_GetSecret',
    after: 2
  },
  {
    what: 'copies the live password forward',
    vm: 'refused',
    operationId: 'KeyVault_SetSecret',
    after: 1
  }
]

const statuses = [403, 404, 409, 429, 503] as const

// More than the SDK's 12 retries and this action's second try together.
const lasting = 100

const putRefused: Fault = {
  status: 400,
  code: 'BadRequest',
  message: 'The request is invalid.',
  times: 1
}

function refusalCase(
  write: VaultWrite,
  status: number,
  lasts: boolean
): RotationCase {
  const how = lasts ? 'until the retry budget ends' : 'once'
  const vm =
    write.vm === 'refused' ? ', after Resource Manager refused the PUT' : ''
  return {
    name: `Key Vault answers ${status} ${how} when the run ${write.what}${vm}`,
    play: async (t) => {
      if (write.vm === 'refused') {
        t.emulator.faults.add(
          'VirtualMachineExtensions_CreateOrUpdate',
          putRefused
        )
      }
      t.emulator.faults.add(write.operationId, {
        status,
        after: write.after,
        times: lasts ? lasting : 1,
        // Throttling and outages: the SDK's own retries, without waiting.
        ...(status === 429 || status === 503 ? { retryAfterSeconds: 0 } : {})
      })
      await t.rotate({ runId: '7001', runAttempt: '1' })
      if (!lasts) return
      t.emulator.faults.clear()
      await t.rotate({ runId: '7001', runAttempt: '2' })
    },
    checks: lasts ? [reRunRotated] : []
  }
}

function reRunRotated(t: RotationTable): string[] {
  const last = t.runs.at(-1)?.step
  if (last?.exitCode === 0) return []
  const refused = last?.summary.includes('Another run is rotating')
    ? ' (it refused: another run is rotating)'
    : ''
  return [`the re-run exited ${String(last?.exitCode)}, not 0${refused}`]
}

/** Every write × every status × once or lasting. */
export const vaultRefusalCases: RotationCase[] = writes.flatMap((write) =>
  statuses.flatMap((status) => [
    refusalCase(write, status, false),
    refusalCase(write, status, true)
  ])
)
