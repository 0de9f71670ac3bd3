import { isDenied } from '../arm/authorization.ts'
import type { EmulatorRequest, Reply } from '../http-io.ts'
import { faultText, routeTo } from '../routing.ts'
import type { Route, ServiceDefinition } from '../server.ts'
import {
  authenticate,
  challengeUnauthenticated,
  type KeyVaultAuthConfig
} from './auth.ts'
import { actionFor } from './authorization.ts'
import { apiVersion, type KeyVaultContext } from './context.ts'
import {
  badParameter,
  codeForStatus,
  forbiddenByRbac,
  keyVaultError
} from './errors.ts'
import { matchSecretRoute, type SecretTarget } from './routes.ts'
import {
  getSecret,
  listSecretVersions,
  setSecret,
  updateSecret
} from './secrets.ts'
import { secretNamePattern, secretResourceId } from './vault.ts'

/** The Key Vault secrets data plane (keyvault.md), as `@azure/keyvault-secrets` 4.12.0 calls it. */
export function keyVaultService(
  context: KeyVaultContext,
  auth: KeyVaultAuthConfig
): ServiceDefinition {
  return {
    service: 'keyvault',
    challenge: (req) => challengeUnauthenticated(req, auth),
    route: (req): Route =>
      routeTo(
        req,
        matchSecretRoute(req.method, req.url),
        (target, r) => respond(context, auth, target, r),
        keyVaultError
      ),
    renderFault: (fault) => {
      const { code, message } = faultText(fault, codeForStatus)
      return keyVaultError(fault.status, code, message, {
        // A bare 403 reads as the RBAC refusal, the usual one on a vault.
        ...(fault.status === 403 && fault.code === undefined
          ? { innerCode: 'ForbiddenByRbac' }
          : {}),
        ...(fault.retryAfterSeconds === undefined
          ? {}
          : { headers: { 'Retry-After': String(fault.retryAfterSeconds) } })
      })
    }
  }
}

/** Front door order: token, api-version, name, RBAC, then the operation. */
async function respond(
  context: KeyVaultContext,
  auth: KeyVaultAuthConfig,
  target: SecretTarget,
  req: EmulatorRequest
): Promise<Reply> {
  const authenticated = await authenticate(req, auth)
  if (!authenticated.ok) return authenticated.reply
  // URLSearchParams decodes the SDK's `api%2Dversion` key to `api-version`.
  const version = req.url.searchParams.get('api-version')
  if (version !== apiVersion) {
    return badParameter(
      `The specified version (${version ?? ''}) is not recognized. Consider using the latest supported version (${apiVersion}).`
    )
  }
  if (!secretNamePattern.test(target.name)) {
    return badParameter(
      `The secret name '${target.name.slice(0, 130)}' is invalid: use 1-127 letters, digits and dashes.`
    )
  }
  const { caller } = authenticated
  const action = actionFor[target.operationId]
  const resource = secretResourceId(context.vault, target.name)
  if (isDenied(context.scenario.deniedActions, caller, action, resource)) {
    return forbiddenByRbac({
      caller,
      action,
      resource,
      vaultName: context.vault.name,
      location: context.vault.location
    })
  }
  switch (target.operationId) {
    case 'KeyVault_SetSecret':
      return setSecret(context, target, req)
    case 'KeyVault_GetSecret':
      return getSecret(context, target)
    case 'KeyVault_UpdateSecret':
      return updateSecret(context, target, req)
    case 'KeyVault_GetSecretVersions':
      return listSecretVersions(context, target)
  }
}
