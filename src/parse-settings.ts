// Pure: raw inputs → typed Settings, every rule checked and every problem
// reported at once, so one run shows every typo. No network call happens
// before this has passed.
import { resolveCloud } from './clouds.ts'
import { InvalidInputs } from './errors.ts'
import { InputReader, type RawInputs } from './input-reader.ts'
import { readSelection } from './parse-targets.ts'
import { Secret } from './secret.ts'
import {
  AuthTypes,
  Defaults,
  DomainControllerRoutes,
  Environments,
  FailOns,
  Input,
  Modes,
  type Auth,
  type AuthType,
  type Cloud,
  type FleetOptions,
  type DiagnoseOptions,
  type GuestOptions,
  type ModeRequest,
  type RunSettings
} from './settings.ts'
import {
  checkAudience,
  checkAuthorityHost,
  checkBoolean,
  checkSourceAddress,
  checkExtensionName,
  checkGuid,
  checkHttpsEndpoint,
  checkSecretName,
  checkSecretNamePrefix,
  checkTenant,
  checkTimeoutMinutes,
  checkTypeHandlerVersion,
  checkVaultUrl,
  checkWholeNumber,
  checkDnsSuffix,
  isInDnsZone,
  isLoopbackHost,
  quote
} from './validation.ts'
import { checkPassword, checkUsername } from './windows-credentials.ts'

export type { RawInputs } from './input-reader.ts'

/** The environment variables the action honours. */
export interface RunnerEnv {
  authorityHost?: string
  /** AZURE_VM_ACCESS_RESET_LOOPBACK_VAULT: the local emulator's vault origin. */
  loopbackVault?: string
}

/** What the Key Vault rules need to know besides the inputs. */
interface VaultContext {
  cloud: Cloud | undefined
  env: RunnerEnv
  /** Several VMs (or * / vm-tag): secret-name is each VM's prefix. */
  isFleet: boolean
}

/** Pure: raw inputs → Settings, or InvalidInputs listing every problem. */
export function parseSettings(raw: RawInputs, env: RunnerEnv): RunSettings {
  const reader = new InputReader(raw)
  const authType = reader.oneOf(Input.authType, AuthTypes, Defaults.authType)
  const modeName = reader.oneOf(Input.mode, Modes, Defaults.mode)
  const cloud = readCloud(reader, env)
  const subscriptionId = reader.required(
    Input.subscriptionId,
    checkGuid,
    'the subscription that holds the VM'
  )
  const selection = readSelection(reader, subscriptionId)
  const auth = authType && readAuth(authType, reader)
  const mode =
    modeName &&
    readMode(modeName, reader, {
      cloud,
      env,
      isFleet: !(selection?.kind === 'named' && selection.vms.length === 1)
    })
  const extension = {
    name: reader.optional(Input.extensionName, checkExtensionName),
    typeHandlerVersion: reader.optional(
      Input.typeHandlerVersion,
      checkTypeHandlerVersion
    )
  }
  const timeout = reader.optional(Input.timeoutMinutes, checkTimeoutMinutes)
  const parts = {
    auth,
    mode,
    subscriptionId,
    selection,
    cloud,
    fleet: readFleetOptions(reader),
    guest: readGuestOptions(reader, mode),
    diagnose: modeName && readDiagnoseOptions(reader, modeName)
  }
  if (reader.errors.length > 0) throw new InvalidInputs(reader.errors)
  if (!allPresent(parts)) {
    throw new Error('unreachable: a missing input was not reported')
  }
  // 15 minutes: action.yml default.
  const timeoutMinutes = Number(timeout ?? Defaults.timeoutMinutes)
  return { ...parts, extension, timeoutMs: timeoutMinutes * 60_000 }
}

/** True when every part was read; a missing one was reported as an error. */
function allPresent<T extends Record<string, unknown>>(
  parts: T
): parts is { [K in keyof T]: NonNullable<T[K]> } {
  return Object.values(parts).every(Boolean)
}

/** rdp-port, source-address, fail-on-findings and diagnose-on-failure. */
function readDiagnoseOptions(
  reader: InputReader,
  mode: ModeRequest['kind']
): DiagnoseOptions {
  const port = reader.optional(
    Input.rdpPort,
    checkWholeNumber(1, 65535, 'rdp-port: 3389')
  )
  const source = reader.optional(Input.sourceAddress, checkSourceAddress)
  if (mode !== 'diagnose') {
    reader.notFor(
      Input.failOnFindings,
      'is only used with mode diagnose',
      'Remove it, or set mode: diagnose.'
    )
  }
  if (mode !== 'reset-rdp') {
    reader.notFor(
      Input.diagnoseOnFailure,
      'is only used with mode reset-rdp',
      'Remove it; mode diagnose always diagnoses.'
    )
  }
  const failOn = reader.optional(Input.failOnFindings, checkBoolean)
  const onFailure = reader.optional(Input.diagnoseOnFailure, checkBoolean)
  return {
    // 3389 and Internet: action.yml defaults.
    rdpPort: Number(port ?? Defaults.rdpPort),
    sourceAddress: source ?? Defaults.sourceAddress,
    failOnFindings: failOn?.toLowerCase() === 'true',
    // true: action.yml default, for reset-rdp.
    onFailure: mode === 'reset-rdp' && onFailure?.toLowerCase() !== 'false'
  }
}

/** verify and domain-controller. */
function readGuestOptions(
  reader: InputReader,
  mode: ModeRequest | undefined
): GuestOptions | undefined {
  const verify = reader.optional(Input.verify, checkBoolean)
  const domainController = reader.oneOf(
    Input.domainController,
    DomainControllerRoutes,
    Defaults.domainController
  )
  if (domainController === 'run-command' && mode && 'rotation' in mode) {
    // A rotation proves which version is live by VMAccess's own record on
    // the VM (forceUpdateTag); a deleted Run Command leaves no such record.
    reader.report(
      Input.domainController,
      'run-command cannot be used with generate-password: true, because a rotation proves which Key Vault version is live by the record VMAccess keeps on the VM, and Run Command keeps none',
      'Rotate domain controllers with your directory’s own tooling, or set a password (password input) with domain-controller: run-command.'
    )
  }
  if (!domainController) return undefined
  // true: action.yml default.
  return { verify: verify?.toLowerCase() !== 'false', domainController }
}

/** max-parallel, fail-on and dry-run. */
function readFleetOptions(reader: InputReader): FleetOptions | undefined {
  const maxParallel = reader.optional(
    Input.maxParallel,
    checkWholeNumber(1, 50, 'max-parallel: 5')
  )
  const failOn = reader.oneOf(Input.failOn, FailOns, Defaults.failOn)
  const dryRun = reader.optional(Input.dryRun, checkBoolean)
  if (!failOn) return undefined
  return {
    maxParallel: Number(maxParallel ?? Defaults.maxParallel),
    failOn,
    dryRun: dryRun?.toLowerCase() === 'true'
  }
}

/** The cloud's endpoints, from environment, the endpoint input and the runner. */
function readCloud(reader: InputReader, env: RunnerEnv): Cloud | undefined {
  const environment = reader.oneOf(
    Input.environment,
    Environments,
    Defaults.environment
  )
  const endpoint = reader.optional(
    Input.resourceManagerEndpoint,
    checkHttpsEndpoint
  )
  const { authorityHost } = env
  const vaultSuffix = reader.optional(Input.keyVaultDnsSuffix, checkDnsSuffix)
  const authorityProblem = authorityHost && checkAuthorityHost(authorityHost)
  if (authorityProblem) {
    reader.report(
      Input.environment,
      `cannot be used: the runner's AZURE_AUTHORITY_HOST ${authorityProblem.problem}`,
      'Set AZURE_AUTHORITY_HOST to the https URL of the Entra authority, or unset it.'
    )
  }
  return environment && !authorityProblem
    ? resolveCloud(environment, endpoint, authorityHost, vaultSuffix)
    : undefined
}

function readAuth(kind: AuthType, reader: InputReader): Auth | undefined {
  const forAuth = `for auth-type ${kind}`
  switch (kind) {
    case 'oidc': {
      reader.notFor(
        Input.clientSecret,
        `is only used with auth-type client-secret, not ${kind}`,
        'Remove client-secret, or set auth-type: client-secret.'
      )
      const tenantId = reader.required(Input.tenantId, checkTenant, forAuth)
      const clientId = reader.required(Input.clientId, checkGuid, forAuth)
      const audience =
        reader.optional(Input.audience, checkAudience) ?? Defaults.audience
      return tenantId && clientId
        ? { kind, tenantId, clientId, audience }
        : undefined
    }
    case 'client-secret': {
      const tenantId = reader.required(Input.tenantId, checkTenant, forAuth)
      const clientId = reader.required(Input.clientId, checkGuid, forAuth)
      const secret = reader.required(Input.clientSecret, undefined, forAuth)
      return tenantId && clientId && secret
        ? { kind, tenantId, clientId, clientSecret: new Secret(secret) }
        : undefined
    }
    case 'managed-identity': {
      reader.notFor(
        Input.clientSecret,
        `is not used with auth-type ${kind}`,
        'Remove client-secret.'
      )
      const clientId = reader.optional(Input.clientId, checkGuid)
      return clientId ? { kind, clientId } : { kind }
    }
    case 'azure-cli': {
      reader.notFor(
        Input.clientSecret,
        `is not used with auth-type ${kind}`,
        'Remove client-secret; azure/login already signed in.'
      )
      const tenantId = reader.optional(Input.tenantId, checkTenant)
      return tenantId ? { kind, tenantId } : { kind }
    }
  }
}

function readMode(
  kind: ModeRequest['kind'],
  reader: InputReader,
  vault: VaultContext
): ModeRequest | undefined {
  const generate = reader.optional(Input.generatePassword, checkBoolean)
  const isGenerated = generate?.toLowerCase() === 'true'
  if (kind !== 'reset-password') {
    // Refused rather than ignored: someone who passes a password expects it set.
    const problem =
      kind === 'reset-rdp'
        ? 'is not used by mode reset-rdp, which resets only the Remote Desktop configuration'
        : 'is not used by mode diagnose, which only reads'
    const fix = 'Remove it, or use mode: reset-password to set a password.'
    reader.notFor(Input.password, problem, fix)
    reader.notFor(Input.username, problem, fix)
    if (isGenerated) reader.notFor(Input.generatePassword, problem, fix)
    return { kind }
  }
  const username = reader.optional(Input.username, checkUsername)
  if (isGenerated) return readRotation(reader, username, vault)
  for (const name of rotationOnlyInputs) {
    reader.notFor(
      name,
      'is only used with generate-password: true',
      'Remove it, or set generate-password: true.'
    )
  }
  const password = reader.required(
    Input.password,
    (p) => checkPassword(p, username),
    'for mode reset-password'
  )
  if (!password) return undefined
  return {
    kind,
    ...(username ? { username } : {}),
    password: new Secret(password)
  }
}

const rotationOnlyInputs = [
  Input.passwordLength,
  Input.keyVaultUrl,
  Input.secretName,
  Input.secretExpiresDays,
  Input.keyVaultDnsSuffix
] as const

function readRotation(
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
  { cloud, env }: VaultContext,
  reader: InputReader
): 'verified' | 'loopback-emulator' | undefined {
  if (!cloud) return undefined
  if (isInDnsZone(url.hostname, cloud.keyVaultDnsSuffix)) return 'verified'
  if (env.loopbackVault === url.origin && isLoopbackHost(url.hostname)) {
    return 'loopback-emulator'
  }
  reader.report(
    Input.keyVaultUrl,
    `${quote(url.host)} is not a Key Vault of ${cloud.environment} (a name in ${cloud.keyVaultDnsSuffix})`,
    `Use the vault's URL (az keyvault show --name <vault> --query properties.vaultUri); for another cloud set environment, or ${Input.keyVaultDnsSuffix}.`
  )
  return undefined
}
