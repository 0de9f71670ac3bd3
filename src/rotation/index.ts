// Rotation into Key Vault, the entry the rest of src/ loads (lazily, so the
// Key Vault SDK costs nothing to a run that does not rotate). Everything
// that knows a Key Vault type lives in this folder.
import type { TokenCredential } from '@azure/core-auth'
import { wrapUpSignal, type RunnerCancel } from '../cancel.ts'
import { AzureError } from '../errors.ts'
import type { PasswordKeeper, ResetResult, Settled } from '../operation.ts'
import type { Rotation } from '../settings.ts'
import { nextRunText, passwordSection, unsettledSection } from './report.ts'
import { beginRotation } from './begin.ts'
import { settleBudgetMs, type Begun, type RotationContext } from './context.ts'
import { settleRotation } from './settle.ts'
import { defaultSecretName, vmRecordTag, type SecretOwner } from './tags.ts'
import { createVaultClient } from './vault-client.ts'

/** What the keeper needs of the run besides the vault. */
export interface KeeperContext {
  log: (line: string) => void
  /** Masks a password read back from the vault. */
  mask: (value: string) => void
  /** timeout-minutes: the backstop for how long another run waits for this one, when nothing shows it ended. */
  timeoutMs: number
  /** Recorded in each version's tags. */
  runUrl?: string
  /** The runner's cancel, and the deadline of the work a cancel still owes. */
  stop: RunnerCancel
}

/**
 * A PasswordKeeper that keeps each new password as a version of a Key Vault
 * secret, and keeps the secret's latest version the password the VM has.
 */
export function createPasswordKeeper(
  rotation: Rotation,
  credential: TokenCredential,
  context: KeeperContext
): PasswordKeeper {
  const client = createVaultClient(rotation, credential)
  const vault = { client, mask: context.mask }
  return {
    async keep(credentials, vm, signal) {
      const ctx: RotationContext = {
        vault,
        rotation,
        secretName: secretNameOf(rotation, {
          ...vm.target,
          username: credentials.username
        }),
        vm,
        username: credentials.username,
        ...(context.runUrl ? { runUrl: context.runUrl } : {}),
        runBudgetMs: context.timeoutMs + settleBudgetMs,
        cancel: context.stop.cancel,
        owedWork: () => wrapUpSignal(context.stop.wrapUp, settleBudgetMs)
      }
      context.log(
        `Storing the new password in Key Vault ${rotation.vaultUrl} as secret '${ctx.secretName}'…`
      )
      const begun = await beginRotation(ctx, credentials.password, signal)
      return {
        vmRecord: vmRecordTag(begun.stored.version),
        settle: (result) => settle(ctx, begun, result, context.log)
      }
    },
    describe: (owner) => ({
      vaultUrl: rotation.vaultUrl,
      secretName: secretNameOf(rotation, owner)
    })
  }
}

/** secret-name (one VM), or the VM's default name after secret-name-prefix, if any. */
function secretNameOf(rotation: Rotation, owner: SecretOwner): string {
  return (
    rotation.secretName ?? defaultSecretName(owner, rotation.secretNamePrefix)
  )
}

async function settle(
  ctx: RotationContext,
  begun: Begun,
  result: ResetResult,
  log: (line: string) => void
): Promise<Settled> {
  const { stored } = begun
  log(
    `Recording the outcome on secret '${stored.name}' version ${stored.version}…`
  )
  // Its own budget: the run's signal may have fired (timeout, cancel).
  const signal = ctx.owedWork()
  const record = await settleRotation(ctx, begun, result, signal)
  if (!record.problem) return { section: passwordSection(record) }
  const { error } = record.problem
  const problem =
    error instanceof AzureError
      ? error
      : new AzureError(String(error), 'Re-run the workflow.', { cause: error })
  return {
    section: unsettledSection(record, result),
    error: new AzureError(
      `${problem.message} The vault may not name the password the VM has: ${stateAfter(result, stored.version)}`,
      `${problem.fix} ${nextRunText(record)}`,
      { code: problem.code, cause: error }
    )
  }
}

function stateAfter(result: ResetResult, version: string): string {
  switch (result.applied) {
    case 'yes':
      return `the VM has version ${version}.`
    case 'no':
      return `the VM did not get version ${version}; it keeps its previous password.`
    case 'unknown':
      return `whether the VM got version ${version} is unknown.`
  }
}
