import type { Reply } from '../http-io.ts'

/**
 * An ARM error reply in the `CloudError` shape of
 * spec/common-types/v1/common.json: `{"error":{"code","message",...}}`.
 */
export function cloudError(
  status: number,
  code: string,
  message: string,
  extra: {
    headers?: Record<string, string>
    internalErrorCode?: string
    target?: string
    details?: { code: string; target?: string; message: string }[]
  } = {}
): Reply {
  return {
    status,
    ...(extra.headers ? { headers: extra.headers } : {}),
    body: {
      error: {
        code,
        message,
        ...(extra.target ? { target: extra.target } : {}),
        ...(extra.details ? { details: extra.details } : {}),
        // Compute adds this beside code (vmaccess-windows.md "Error messages").
        ...(extra.internalErrorCode
          ? { internalErrorCode: extra.internalErrorCode }
          : {})
      }
    }
  }
}

/** 404 when the resource group does not exist. */
export function resourceGroupNotFound(resourceGroup: string): Reply {
  return cloudError(
    404,
    'ResourceGroupNotFound',
    `Resource group '${resourceGroup}' could not be found.`
  )
}

/** 404 when the VM does not exist in an existing resource group. */
export function vmNotFound(resourceGroup: string, vmName: string): Reply {
  return cloudError(
    404,
    'ResourceNotFound',
    `The Resource 'Microsoft.Compute/virtualMachines/${vmName}' under resource group ` +
      `'${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
  )
}

/** 404 for a missing child resource such as an extension (Compute's wording). */
export function childNotFound(): Reply {
  return cloudError(
    404,
    'NotFound',
    'The entity was not found in this Azure location.'
  )
}

/** 409 for an extension write on a VM that is not running. */
export function vmNotRunning(): Reply {
  return cloudError(
    409,
    'OperationNotAllowed',
    'Cannot modify extensions in the VM when the VM is not running.',
    {
      internalErrorCode: 'CannotModifyExtensionsWhenVMNotRunning'
    }
  )
}

/** 403 when a denied action is attempted. */
export function authorizationFailed(
  caller: { appId: string; objectId: string },
  action: string,
  scope: string
): Reply {
  return cloudError(
    403,
    'AuthorizationFailed',
    `The client '${caller.appId}' with object id '${caller.objectId}' does not have authorization ` +
      `to perform action '${action}' over scope '${scope}' or the scope is invalid. ` +
      'If access was recently granted, please refresh your credentials.'
  )
}

/**
 * 429 from ARM's front door when the caller's subscription bucket is empty.
 * The text as public recordings show it; facts.md §a has no ARM body.
 */
export function subscriptionThrottled(
  kind: 'read' | 'write' | 'delete',
  subscriptionId: string,
  caller: { objectId: string },
  retryAfterSeconds: number,
  headers: Record<string, string>
): Reply {
  return cloudError(
    429,
    'SubscriptionRequestsThrottled',
    `Number of '${kind}' requests for subscription '${subscriptionId}' actor '${caller.objectId}' exceeded. ` +
      `Please try again after '${retryAfterSeconds}' seconds.`,
    { headers: { ...headers, 'Retry-After': String(retryAfterSeconds) } }
  )
}

/** What Compute reports about the policy that refused a request. */
export interface ComputeRefusal {
  policy: string
  retryAfterSeconds: number
  nowMs: number
  allowedRequestCount: number
  measuredRequestCount: number
}

/**
 * 429 from Compute when one of its policies is spent: `OperationNotAllowed`
 * with a `TooManyRequests` detail whose message is serialized JSON
 * (troubleshooting-throttling-errors, facts.md §a), wrapped as CloudError.
 */
export function computeThrottled(
  refusal: ComputeRefusal,
  headers: Record<string, string>
): Reply {
  const endMs = refusal.nowMs + refusal.retryAfterSeconds * 1000
  return cloudError(
    429,
    'OperationNotAllowed',
    'The server rejected the request because too many requests have been received for this subscription.',
    {
      headers: {
        ...headers,
        'Retry-After': String(refusal.retryAfterSeconds)
      },
      details: [
        {
          code: 'TooManyRequests',
          target: refusal.policy,
          message: JSON.stringify({
            operationGroup: refusal.policy,
            startTime: new Date(refusal.nowMs).toISOString(),
            endTime: new Date(endMs).toISOString(),
            allowedRequestCount: refusal.allowedRequestCount,
            measuredRequestCount: refusal.measuredRequestCount
          })
        }
      ]
    }
  )
}

/** Default error code for an injected status fault. */
export function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'BadRequest',
    404: 'NotFound',
    409: 'Conflict',
    429: 'TooManyRequests',
    500: 'InternalServerError',
    502: 'BadGateway',
    503: 'ServiceUnavailable',
    504: 'GatewayTimeout'
  }
  return codes[status] ?? 'EmulatedFault'
}
