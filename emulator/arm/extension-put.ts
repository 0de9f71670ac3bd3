import { isDeepStrictEqual } from 'node:util'
import { isRecord, type Reply } from '../http-io.ts'
import { installedHandlerVersion } from '../handler-version.ts'
import { hashPassword } from '../password-hash.ts'
import {
  findExtension,
  sameName,
  type ExtensionState,
  type VmAccessRequest,
  type VmState
} from '../state.ts'
import type { ArmContext } from './context.ts'
import { cloudError } from './errors.ts'
import { extensionView } from './extension-view.ts'
import { beginOperation, pollingHeaders } from './long-running.ts'
import { isVmAccess } from './operation-outcome.ts'

/**
 * Applies a validated extension PUT to a running VM: ARM's synchronous checks,
 * then the extension goes Creating/Updating and a long-running operation starts.
 */
export function applyExtensionPut(
  context: ArmContext,
  vm: VmState,
  name: string,
  body: Record<string, unknown>
): Reply {
  const properties = isRecord(body.properties) ? body.properties : {}
  const existing = findExtension(vm, name)
  const publisher = stringOr(properties.publisher, existing?.publisher)
  const type = stringOr(properties.type, existing?.type)
  const typeHandlerVersion = stringOr(
    properties.typeHandlerVersion,
    existing?.typeHandlerVersion
  )
  if (
    publisher === undefined ||
    type === undefined ||
    typeHandlerVersion === undefined
  ) {
    const missing =
      publisher === undefined
        ? 'publisher'
        : type === undefined
          ? 'type'
          : 'typeHandlerVersion'
    return cloudError(
      400,
      'InvalidParameter',
      `Required parameter '${missing}' is missing (null).`,
      { target: missing }
    )
  }
  const refusal = refuse(vm, name, { publisher, type, typeHandlerVersion })
  if (refusal) return refusal
  const settings = isRecord(properties.settings) ? properties.settings : {}
  const forceUpdateTag =
    typeof properties.forceUpdateTag === 'string'
      ? properties.forceUpdateTag
      : undefined
  const vmAccess = vmAccessRequest(settings, properties.protectedSettings)
  // The agent re-runs an extension only when its configuration or forceUpdateTag changes.
  const unchanged =
    existing?.provisioningState === 'Succeeded' &&
    existing.typeHandlerVersion === typeHandlerVersion &&
    existing.forceUpdateTag === forceUpdateTag &&
    isDeepStrictEqual(existing.settings, settings) &&
    !vmAccess.passwordGiven
  const extension: ExtensionState = {
    name: existing?.name ?? name,
    publisher,
    type,
    typeHandlerVersion,
    autoUpgradeMinorVersion: properties.autoUpgradeMinorVersion === true,
    settings,
    ...(forceUpdateTag !== undefined ? { forceUpdateTag } : {}),
    provisioningState: existing ? 'Updating' : 'Creating',
    handlerVersion: installedHandlerVersion(
      typeHandlerVersion,
      existing?.handlerVersion
    ),
    statuses: unchanged ? existing.statuses : [transitioning(context.now())],
    substatuses: unchanged ? existing.substatuses : []
  }
  vm.extensions = existing
    ? vm.extensions.map((e) => (e === existing ? extension : e))
    : [...vm.extensions, extension]
  const neverEnds =
    isVmAccess(extension) &&
    (vm.extensionRun.outcome === 'never-ends' ||
      vm.extensionRun.outcome === 'held') &&
    !unchanged
  const operation = beginOperation(
    context.world,
    {
      kind: 'create-or-update',
      resourceGroup: vm.resourceGroup,
      vmName: vm.name,
      extensionName: extension.name,
      location: vm.location,
      ...(unchanged ? { handlerSkipped: true } : { vmAccess }),
      durationMs: neverEnds ? undefined : unchanged ? 0 : vm.extensionDurationMs
    },
    context.now()
  )
  return {
    status: existing ? 200 : 201,
    headers: pollingHeaders(context, operation),
    body: extensionView(context.world.scenario.subscription.id, vm, extension, {
      instanceView: false
    })
  }
}

function transitioning(nowMs: number): ExtensionState['statuses'][number] {
  return {
    code: 'ProvisioningState/transitioning',
    level: 'Info',
    displayStatus: 'Transitioning',
    message: 'Enable in progress',
    time: new Date(nowMs).toISOString()
  }
}

/** ARM's synchronous refusals of an extension PUT on a running VM. */
function refuse(
  vm: VmState,
  name: string,
  handler: { publisher: string; type: string; typeHandlerVersion: string }
): Reply | undefined {
  if (vm.osType === 'Linux' && isVmAccess(handler)) {
    // Approximation: the Windows handler is not published for Linux, so the artifact lookup fails.
    return artifactNotFound(handler)
  }
  if (isVmAccessForLinux(handler)) {
    // Azure runs this handler; the emulator's guest model has no Linux
    // accounts, so a success would claim a change nothing made (issue 18).
    return artifactNotFound(handler, {
      code: 'NotModelledByEmulator',
      message:
        'The emulator does not model Microsoft.OSTCExtensions.VMAccessForLinux, so it refuses it ' +
        'instead of reporting a reset it did not make. Azure itself serves this handler.'
    })
  }
  const twin = vm.extensions.find(
    (e) =>
      !sameName(e.name, name) &&
      sameName(e.publisher, handler.publisher) &&
      sameName(e.type, handler.type)
  )
  if (twin) {
    // azure-specs README "Errors users hit": 400, by design for Windows.
    return cloudError(
      400,
      'BadRequest',
      `Multiple VMExtensions per handler not supported for OS type '${vm.osType}'. VMExtension '${twin.name}' ` +
        `with handler '${twin.publisher}.${twin.type}' already added or specified in input.`,
      { internalErrorCode: 'MultipleExtensionsPerHandlerNotAllowed' }
    )
  }
  return undefined
}

/**
 * 404 ArtifactNotFound, Compute's answer to a handler its extension
 * repository lacks (text: MicrosoftDocs/azure-docs#10862).
 */
function artifactNotFound(
  handler: { publisher: string; type: string; typeHandlerVersion: string },
  detail?: { code: string; message: string }
): Reply {
  return cloudError(
    404,
    'ArtifactNotFound',
    `Extension with publisher '${handler.publisher}', type '${handler.type}', and type handler version ` +
      `'${handler.typeHandlerVersion}' could not be found in the extension repository.`,
    detail ? { details: [detail] } : {}
  )
}

// facts.md §c: the handler `az vm user update` sends to a Linux VM.
function isVmAccessForLinux(handler: {
  publisher: string
  type: string
}): boolean {
  return (
    sameName(handler.publisher, 'Microsoft.OSTCExtensions') &&
    sameName(handler.type, 'VMAccessForLinux')
  )
}

/** Reads UserName/Password case-insensitively, as VMAccess does; the password is hashed at once. */
function vmAccessRequest(
  settings: Record<string, unknown>,
  protectedSettings: unknown
): VmAccessRequest {
  const userName = valueOf(settings, 'username')
  const password = isRecord(protectedSettings)
    ? valueOf(protectedSettings, 'password')
    : undefined
  const passwordGiven = typeof password === 'string' && password !== ''
  return {
    ...(typeof userName === 'string' ? { userName } : {}),
    ...(passwordGiven ? { passwordHash: hashPassword(password) } : {}),
    passwordGiven
  }
}

function valueOf(record: Record<string, unknown>, key: string): unknown {
  const match = Object.keys(record).find((k) => k.toLowerCase() === key)
  return match === undefined ? undefined : record[match]
}

function stringOr(
  value: unknown,
  fallback: string | undefined
): string | undefined {
  return typeof value === 'string' ? value : fallback
}
