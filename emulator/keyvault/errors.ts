import type { Reply } from '../http-io.ts'

/**
 * A Key Vault error reply: `{"error":{"code","message","innererror"?}}`, the
 * shape `@azure/keyvault-secrets` maps to `RestError.code` (keyvault.md "Errors").
 */
export function keyVaultError(
  status: number,
  code: string,
  message: string,
  extra: { innerCode?: string; headers?: Record<string, string> } = {}
): Reply {
  return {
    status,
    ...(extra.headers ? { headers: extra.headers } : {}),
    body: {
      error: {
        code,
        message,
        ...(extra.innerCode ? { innererror: { code: extra.innerCode } } : {})
      }
    }
  }
}

/** 404 for a secret, or one version of it, that does not exist. */
export function secretNotFound(name: string, version?: string): Reply {
  const id = version ? `${name}/${version}` : name
  return keyVaultError(
    404,
    'SecretNotFound',
    `A secret with (name/id) ${id} was not found in this key vault. If you recently deleted this secret ` +
      'you may be able to recover it using the correct recovery command. For help resolving this issue, ' +
      'please see https://go.microsoft.com/fwlink/?linkid=2125182'
  )
}

/** 400 for a request the vault refuses to read (name, body, api-version). */
export function badParameter(message: string): Reply {
  return keyVaultError(400, 'BadParameter', message)
}

/** 403 when the latest or named version is disabled and its value is asked for. */
export function secretDisabled(): Reply {
  return keyVaultError(
    403,
    'Forbidden',
    'Operation get is not allowed on a disabled secret.',
    { innerCode: 'SecretDisabled' }
  )
}

/** Where a denied request was going, for the ForbiddenByRbac text. */
export interface RbacDenial {
  caller: { appId: string; objectId: string; issuer: string }
  action: string
  /** The secret's resource id. */
  resource: string
  vaultName: string
  location: string
}

/**
 * 403 for a caller without the data action on an RBAC vault. The lines follow
 * the text Azure sends (seen in hashicorp/terraform-provider-azurerm#27817 and
 * piyushsachdeva/Terraform_AKS#2); Key Vault lower-cases the resource id.
 */
export function forbiddenByRbac(denial: RbacDenial): Reply {
  const { caller } = denial
  const message = [
    'Caller is not authorized to perform action on resource.',
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.',
    `Caller: appid=${caller.appId};oid=${caller.objectId};iss=${caller.issuer}`,
    `Action: '${denial.action}'`,
    `Resource: '${denial.resource.toLowerCase()}'`,
    'Assignment: (not found)',
    'DenyAssignmentId: null',
    "DecisionReason: 'DeniedWithNoValidRBAC' ",
    `Vault: ${denial.vaultName};location=${denial.location}`,
    ''
  ].join('\r\n')
  return keyVaultError(403, 'Forbidden', message, {
    innerCode: 'ForbiddenByRbac'
  })
}

/** Default error code of an injected status fault; 429 is Key Vault's `Throttled`. */
export function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'BadParameter',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    429: 'Throttled',
    500: 'InternalServerError',
    502: 'BadGateway',
    503: 'ServiceUnavailable',
    504: 'GatewayTimeout'
  }
  return codes[status] ?? 'EmulatedFault'
}
