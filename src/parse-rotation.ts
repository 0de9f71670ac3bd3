// Pure: generate-password: true → the rotation request (length, Key Vault,
// secret name, expiry), and whether the vault may be sent a token.
import type { InputReader } from './input-reader.ts'
import {
  Defaults,
  Input,
  type Cloud,
  type ModeRequest,
  type Rotation,
  type Selection
} from './settings.ts'
import {
  checkSecretName,
  checkSecretNamePrefix,
  checkVaultUrl,
  checkWholeNumber,
  isInDnsZone,
  isLoopbackHost,
  quote
} from './validation.ts'

/** What the Key Vault rules need to know besides the inputs. */
export interface VaultContext {
  cloud: Cloud | undefined
  /** AZURE_VM_ACCESS_RESET_LOOPBACK_VAULT: the local emulator's vault origin. */
  loopbackVault: string | undefined
  /** The VMs the step names; undefined when those inputs were refused. */
  selection: Selection | undefined
}

/** The inputs only generate-password: true uses. */
export const rotationOnlyInputs = [
  Input.passwordLength,
  Input.keyVaultUrl,
  Input.secretName,
  Input.secretNamePrefix,
  Input.secretExpiresDays,
  Input.keyVaultDnsSuffix
] as const

/** generate-password: true → a reset-password request that rotates. */
export function readRotation(
  reader: InputReader,
  username: string | undefined,
  vault: VaultContext
): ModeRequest | undefined {
  reader.notFor(
    Input.password,
    'must be empty when generate-password is true: the action makes the password',
    'Remove password, or set generate-password: false.'
  )
  const length = reader.optional(
    Input.passwordLength,
    checkWholeNumber(14, 123, 'password-length: 24')
  )
  const vaultUrl = reader.required(
    Input.keyVaultUrl,
    checkVaultUrl,
    'with generate-password: true'
  )
  const naming = readSecretNaming(reader, vault.selection)
  const expires = reader.optional(
    Input.secretExpiresDays,
    checkWholeNumber(0, 3650, 'secret-expires-days: 30')
  )
  const trust = vaultUrl && vaultTrust(new URL(vaultUrl), vault, reader)
  if (!vaultUrl || !trust) return undefined
  return {
    kind: 'reset-password',
    ...(username ? { username } : {}),
    passwordLength: Number(length ?? Defaults.passwordLength),
    rotation: {
      vaultUrl: new URL(vaultUrl).origin,
      ...naming,
      expiresDays: Number(expires ?? Defaults.secretExpiresDays),
      verifyChallenge: trust === 'verified'
    }
  }
}

/**
 * secret-name (the one VM's secret, exactly) or secret-name-prefix (put
 * before each VM's default name). secret-name never covers several VMs: it
 * once turned into a prefix there, so adding a VM to the step moved the
 * first VM's password to another secret and left the old one stale.
 */
function readSecretNaming(
  reader: InputReader,
  selection: Selection | undefined
): Pick<Rotation, 'secretName' | 'secretNamePrefix'> {
  const prefix = reader.optional(Input.secretNamePrefix, checkSecretNamePrefix)
  if (!reader.has(Input.secretName)) {
    return prefix ? { secretNamePrefix: prefix } : {}
  }
  if (reader.has(Input.secretNamePrefix)) {
    reader.report(
      Input.secretName,
      `cannot be used with ${Input.secretNamePrefix}: one names a single VM's secret, the other the start of each VM's`,
      `Keep one: ${Input.secretName} for one VM's own secret, or ${Input.secretNamePrefix} for <prefix>-<resource-group>-<vm-name>-<username>-<hash>.`
    )
    return {}
  }
  const several = severalVms(selection)
  if (several) {
    reader.report(
      Input.secretName,
      `names the secret of exactly one VM, but this step selects ${several}`,
      `Use ${Input.secretNamePrefix} instead: each VM then gets its own secret, <${Input.secretNamePrefix}>-<resource-group>-<vm-name>-<username>-<hash>. Or name one VM per step, as the jobs of a dry run's matrix do with its ${Input.secretName}.`
    )
    return {}
  }
  const name = reader.optional(Input.secretName, checkSecretName)
  return name ? { secretName: name } : {}
}

/** How the step names more than one VM, or undefined for one VM (or none read). */
function severalVms(selection: Selection | undefined): string | undefined {
  switch (selection?.kind) {
    case undefined:
      return undefined
    case 'named':
      return selection.vms.length > 1
        ? `${selection.vms.length} VMs`
        : undefined
    case 'resource-group':
      return `every Windows VM of a resource group (${Input.vmName}: *)`
    case 'tag':
      return `the VMs that ${Input.vmTag} selects`
  }
}

/**
 * Whether the action may send the vault a token: a vault of the chosen
 * cloud (its challenge then verified by the SDK), or the local emulator's
 * vault on this machine, named so by the runner. Anything else could
 * answer the 401 challenge for a Resource Manager token.
 */
function vaultTrust(
  url: URL,
  { cloud, loopbackVault }: VaultContext,
  reader: InputReader
): 'verified' | 'loopback-emulator' | undefined {
  if (!cloud) return undefined
  if (isInDnsZone(url.hostname, cloud.keyVaultDnsSuffix)) return 'verified'
  if (loopbackVault === url.origin && isLoopbackHost(url.hostname)) {
    return 'loopback-emulator'
  }
  reader.report(
    Input.keyVaultUrl,
    `${quote(url.host)} is not a Key Vault of ${cloud.environment} (a name in ${cloud.keyVaultDnsSuffix})`,
    `Use the vault's URL (az keyvault show --name <vault> --query properties.vaultUri); for another cloud set environment, or ${Input.keyVaultDnsSuffix}.`
  )
  return undefined
}
