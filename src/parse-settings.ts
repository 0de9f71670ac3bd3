// Pure: raw inputs → typed Settings, every rule checked and every problem
// reported at once. No network call happens before this has passed.
import { resolveCloud } from './clouds.ts'
import { InputError, InvalidInputs } from './errors.ts'
import { InputReader, type RawInputs } from './input-reader.ts'
import { Secret } from './secret.ts'
import {
  AuthTypes,
  Defaults,
  Environments,
  Input,
  Modes,
  type Auth,
  type AuthType,
  type Mode,
  type Settings
} from './settings.ts'
import {
  checkAudience,
  checkAuthorityHost,
  checkBoolean,
  checkExtensionName,
  checkGuid,
  checkHttpsEndpoint,
  checkResourceGroup,
  checkSecretName,
  checkTenant,
  checkTimeoutMinutes,
  checkTypeHandlerVersion,
  checkVaultUrl,
  checkVmName,
  checkWholeNumber
} from './validation.ts'
import { checkPassword, checkUsername } from './windows-credentials.ts'

/** The environment variables the action honours. */
export interface RunnerEnv {
  authorityHost?: string
}

/** Makes a new password of the given length (generate-password: true). */
export type PasswordMaker = (length: number) => Secret

/** Pure: raw inputs → Settings, or InvalidInputs listing every problem. */
export function parseSettings(
  raw: RawInputs,
  env: RunnerEnv,
  makePassword: PasswordMaker
): Settings {
  const errors: InputError[] = []
  const reader = new InputReader(raw, errors)

  const authType = reader.oneOf(Input.authType, AuthTypes, Defaults.authType)
  const modeName = reader.oneOf(Input.mode, Modes, Defaults.mode)
  const environment = reader.oneOf(
    Input.environment,
    Environments,
    Defaults.environment
  )
  const endpoint = reader.optional(
    Input.resourceManagerEndpoint,
    checkHttpsEndpoint
  )
  const authorityHost = env.authorityHost
  const authorityProblem = authorityHost && checkAuthorityHost(authorityHost)
  if (authorityProblem) {
    errors.push(
      new InputError(
        Input.environment,
        `cannot be used: the runner's AZURE_AUTHORITY_HOST ${authorityProblem.problem}`,
        'Set AZURE_AUTHORITY_HOST to the https URL of the Entra authority, or unset it.'
      )
    )
  }
  const subscriptionId = reader.required(
    Input.subscriptionId,
    checkGuid,
    'the subscription that holds the VM'
  )
  const resourceGroup = reader.required(
    Input.resourceGroup,
    checkResourceGroup,
    'the VM’s resource group'
  )
  const vmName = reader.required(Input.vmName, checkVmName, 'the VM to reset')
  const auth = authType && readAuth(authType, reader)
  const mode = modeName && readMode(modeName, reader, makePassword)
  const extensionName = reader.optional(Input.extensionName, checkExtensionName)
  const typeHandlerVersion = reader.optional(
    Input.typeHandlerVersion,
    checkTypeHandlerVersion
  )
  const timeout = reader.optional(Input.timeoutMinutes, checkTimeoutMinutes)

  if (errors.length > 0) throw new InvalidInputs(errors)
  if (
    !auth ||
    !mode ||
    !environment ||
    !subscriptionId ||
    !resourceGroup ||
    !vmName
  ) {
    throw new Error('unreachable: a missing input was not reported')
  }
  return {
    auth,
    mode,
    target: { subscriptionId, resourceGroup, vmName },
    cloud: resolveCloud(environment, endpoint, authorityHost),
    extension: { name: extensionName, typeHandlerVersion },
    timeoutMs: Number(timeout ?? Defaults.timeoutMinutes) * 60_000
  }
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
  kind: Mode['kind'],
  reader: InputReader,
  makePassword: PasswordMaker
): Mode | undefined {
  const generate = reader.optional(Input.generatePassword, checkBoolean)
  const isGenerated = generate?.toLowerCase() === 'true'
  if (kind === 'reset-rdp') {
    // Refused rather than ignored: someone who passes a password expects it set.
    const problem =
      'is not used by mode reset-rdp, which resets only the Remote Desktop configuration'
    const fix = 'Remove it, or use mode: reset-password to set a password.'
    reader.notFor(Input.password, problem, fix)
    reader.notFor(Input.username, problem, fix)
    if (isGenerated) reader.notFor(Input.generatePassword, problem, fix)
    return { kind }
  }
  const username = reader.optional(Input.username, checkUsername)
  if (isGenerated) return readRotation(reader, makePassword, username)
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
  Input.secretExpiresDays
] as const

function readRotation(
  reader: InputReader,
  makePassword: PasswordMaker,
  username: string | undefined
): Mode | undefined {
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
  const secretName = reader.optional(Input.secretName, checkSecretName)
  const expires = reader.optional(
    Input.secretExpiresDays,
    checkWholeNumber(0, 3650, 'secret-expires-days: 30')
  )
  if (!vaultUrl) return undefined
  return {
    kind: 'reset-password',
    ...(username ? { username } : {}),
    password: makePassword(Number(length ?? Defaults.passwordLength)),
    rotation: {
      vaultUrl: new URL(vaultUrl).origin,
      ...(secretName ? { secretName } : {}),
      expiresDays: Number(expires ?? Defaults.secretExpiresDays)
    }
  }
}
