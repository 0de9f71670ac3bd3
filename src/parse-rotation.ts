// Pure: generate-password: true → the rotation request (length, Key Vault,
// secret name, expiry), and whether the vault may be sent a token.
import type { InputReader } from './input-reader.ts'
import { Defaults, Input, type Cloud, type ModeRequest } from './settings.ts'
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
  /** Several VMs (or * / vm-tag): secret-name is each VM's prefix. */
  isFleet: boolean
}

/** The inputs only generate-password: true uses. */
export const rotationOnlyInputs = [
  Input.passwordLength,
  Input.keyVaultUrl,
  Input.secretName,
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
  const secretName = reader.optional(
    Input.secretName,
    vault.isFleet ? checkSecretNamePrefix : checkSecretName
  )
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
      ...(secretName
        ? vault.isFleet
          ? { secretNamePrefix: secretName }
          : { secretName }
        : {}),
      expiresDays: Number(expires ?? Defaults.secretExpiresDays),
      verifyChallenge: trust === 'verified'
    }
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
