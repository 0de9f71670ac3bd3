// Pure: raw inputs → typed Settings, every rule checked and every problem
// reported at once, so one run shows every typo. No network call happens
// before this has passed.
import { InvalidInputs } from './errors.ts'
import { InputReader, type RawInputs } from './input-reader.ts'
import { readAuth, readCloud } from './parse-auth.ts'
import {
  readDiagnoseOptions,
  readFleetOptions,
  readGuestOptions
} from './parse-options.ts'
import {
  readRotation,
  rotationOnlyInputs,
  type VaultContext
} from './parse-rotation.ts'
import { readSelection } from './parse-targets.ts'
import { Secret } from './secret.ts'
import {
  AuthTypes,
  Defaults,
  Input,
  Modes,
  type ModeRequest,
  type RunSettings
} from './settings.ts'
import {
  checkBoolean,
  checkExtensionName,
  checkGuid,
  checkTimeoutMinutes,
  checkTypeHandlerVersion
} from './validation.ts'
import { checkPassword, checkUsername } from './windows-credentials.ts'

export type { RawInputs } from './input-reader.ts'

/** The environment variables the action honours. */
export interface RunnerEnv {
  authorityHost?: string
  /** AZURE_VM_ACCESS_RESET_LOOPBACK_VAULT: the local emulator's vault origin. */
  loopbackVault?: string
}

/** Pure: raw inputs → Settings, or InvalidInputs listing every problem. */
export function parseSettings(raw: RawInputs, env: RunnerEnv): RunSettings {
  const reader = new InputReader(raw)
  const authType = reader.oneOf(Input.authType, AuthTypes, Defaults.authType)
  const modeName = reader.oneOf(Input.mode, Modes, Defaults.mode)
  const cloud = readCloud(reader, env.authorityHost)
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
      loopbackVault: env.loopbackVault,
      selection
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

/** mode, username, password and generate-password → what to do on the VM. */
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
