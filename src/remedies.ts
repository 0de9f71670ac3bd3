// Turns what the SDKs throw into an AzureError that says what went wrong and
// what to do. Each remedy is specific to one Azure error code; the README's
// Troubleshooting table lists them, and Microsoft's references name them:
// https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes
import { AzureError, domainControllerFix, offlineResetUrl } from './errors.ts'
import { busyWaitMs, isBusyConflict } from './retry.ts'
import { azCommand } from './shell.ts'
import type { VmRef } from './settings.ts'

// Failures in which the guest agent may be the cause, so that the offline
// reset is the way in when it cannot be brought back.
const agentFailures = new Set([
  'agent-not-ready',
  'VMAgentStatusCommunicationError',
  'VMExtensionProvisioningTimeout',
  'VMExtensionProvisioningError',
  'Timeout'
])

/** The fix first, then what a re-run does, then the way in without the agent. */
export function nextSteps(error: AzureError | undefined): string[] {
  const steps = [error?.fix ?? 'Re-run the workflow.']
  // A refused VMAccess is not sent again: the next run knows the VM.
  if (
    error &&
    error.change !== 'none' &&
    error.change !== 'extension-refused'
  ) {
    steps.push(
      error.change.startsWith('script-')
        ? 'Re-run the workflow once the cause is fixed: each run sets the password through a new Run Command and deletes it.'
        : 'Re-run the workflow once the cause is fixed: the action removes and re-applies VMAccess each time.'
    )
  }
  if (error?.code && agentFailures.has(error.code)) {
    steps.push(
      `If the VM agent cannot be brought back, reset the password offline: ${offlineResetUrl}`
    )
  }
  return steps
}

/** What the remedies may mention about the run. */
export interface FailureContext {
  target: VmRef
  /** The `sub` claim of the last GitHub OIDC token (never the token). */
  oidcSubject?: string
  oidcIssuer?: string
  oidcAudience?: string
  timeoutMinutes: number
  /** The Entra authority and tenant the sign-in used. */
  authorityHost?: string
  tenantId?: string
  /** Why the run's signal fired, when it did. */
  stopReason?: 'timeout' | 'cancelled'
}

/** The fields of an SDK error that the remedies read. */
interface ErrorFields {
  name: string
  message: string
  statusCode?: number
  code?: string
}

function fieldsOf(error: unknown): ErrorFields {
  if (error instanceof Error) {
    const e = error as Error & { statusCode?: unknown; code?: unknown }
    return {
      name: e.name,
      message: e.message,
      statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined,
      code: typeof e.code === 'string' ? e.code : undefined
    }
  }
  return { name: 'Error', message: String(error) }
}

// Reading a long-running operation's status: authorized at subscription scope.
const pollAction = 'Microsoft.Compute/locations/operations/read'

/** The remedy for an ARM error code, by code. */
export function armRemedy(
  code: string,
  message: string,
  ctx: FailureContext
): string {
  const { resourceGroup: rg, vmName: vm, subscriptionId } = ctx.target
  switch (code) {
    case 'AuthorizationFailed': {
      const action = /perform action '([^']+)'/.exec(message)?.[1]
      if (action?.toLowerCase() === pollAction.toLowerCase()) {
        return `Assign the README's 'VM Access Reset Poller' role (${pollAction}) to the signed-in identity on subscription '${subscriptionId}': Azure reports operations at subscription scope, which an assignment on resource group '${rg}' does not reach. Then re-run.`
      }
      return action
        ? `Grant the signed-in identity '${action}' on resource group '${rg}' (the README's least-privilege role, or Virtual Machine Contributor), then re-run.`
        : `Grant the signed-in identity the README's least-privilege role (or Virtual Machine Contributor) on resource group '${rg}', then re-run.`
    }
    case 'ResourceGroupNotFound':
      return `Check resource-group and subscription-id: subscription '${subscriptionId}' has no resource group '${rg}' that this identity can see.`
    case 'ResourceNotFound':
    case 'NotFound':
      return `Check vm-name: resource group '${rg}' has no VM '${vm}' (${azCommand(['vm', 'list', '-g', rg, '-o', 'table'])}). Classic (ASM) VMs were retired and cannot be reset.`
    case 'SubscriptionNotFound':
    case 'InvalidSubscriptionId':
      return `Check subscription-id, and that the identity has a role in subscription '${subscriptionId}'.`
    case 'InvalidAuthenticationToken':
    case 'InvalidAuthenticationTokenAudience':
    case 'AuthenticationFailed':
    case 'ExpiredAuthenticationToken':
      return 'Resource Manager refused the token: check that environment (and resource-manager-endpoint) name the cloud the tenant lives in.'
    case 'OperationNotAllowed':
      return `Start the VM (${azCommand(['vm', 'start', '-g', rg, '-n', vm])}) and run the workflow again.`
    case 'TooManyRequests':
      return `Azure kept throttling requests for ${ctx.timeoutMinutes} minutes; run again later or raise timeout-minutes.`
    case 'VMAgentStatusCommunicationError':
      return `The VM agent stopped reporting: restart the VM (${azCommand(['vm', 'restart', '-g', rg, '-n', vm])}) and re-run, or reset the password offline: ${offlineResetUrl}`
    case 'VMExtensionProvisioningTimeout':
      return `The guest did not finish VMAccess in time: restart the 'Windows Azure Guest Agent' service or the VM, then re-run. Logs: C:\\WindowsAzure\\Logs\\Plugins\\Microsoft.Compute.VMAccessAgent.`
    case 'VMExtensionProvisioningError':
      return guestRemedy(message)
    default:
      return `Re-run the workflow; if it fails again, look up '${code}' in the Azure activity log of VM '${vm}'.`
  }
}

/** The remedy for a failure VMAccess reported from inside the guest. */
export function guestRemedy(message: string): string {
  if (/not in the Administrators group/i.test(message)) {
    return 'The account exists but is not a local administrator, so VMAccess will not change it: pick another username (a new name is created as an administrator) or add the account to Administrators.'
  }
  if (/domain controller/i.test(message)) {
    return `VMAccess cannot reset accounts on a domain controller. ${domainControllerFix}`
  }
  if (/password (policy|history)|complexity|does not meet/i.test(message)) {
    return "The guest's password policy refused the password (length, complexity or history): choose a new password that has not been used before, then re-run."
  }
  return (
    'Re-run the workflow. If it fails again, read the VMAccess logs in the guest (C:\\WindowsAzure\\Logs\\Plugins\\Microsoft.Compute.VMAccessAgent) or reset the password offline: ' +
    offlineResetUrl
  )
}

function entraRemedy(message: string, ctx: FailureContext): string | undefined {
  const code = /AADSTS(\d+)/.exec(message)?.[1]
  switch (code) {
    case '70021':
    case '700213':
    case '7002138': {
      const subject = ctx.oidcSubject ?? '(the sub claim of your workflow)'
      return `Add a federated credential to the app with issuer '${ctx.oidcIssuer ?? 'https://token.actions.githubusercontent.com'}', subject '${subject}' and audience '${ctx.oidcAudience ?? 'api://AzureADTokenExchange'}' (subjects are case-sensitive).`
    }
    case '700016':
      return 'Check client-id and tenant-id: the app is not registered in that tenant.'
    case '7000215':
    case '7000222':
      return 'The client secret is wrong or expired: create a new one (az ad app credential reset --id <client-id>) and update the secret.'
    case '90002':
      return 'Check tenant-id: Entra ID does not know that tenant.'
    case '700024':
      return 'The GitHub token expired before it was exchanged; re-run the workflow.'
    case undefined:
      return undefined
    default:
      return `Look up AADSTS${code} in the Entra ID error reference and fix the app registration.`
  }
}

/** Explains a failure to get a GitHub OIDC token. */
function oidcRemedy(message: string): string | undefined {
  if (/ACTIONS_ID_TOKEN_REQUEST_(URL|TOKEN)/.test(message)) {
    return 'Add `permissions: id-token: write` to the workflow or job. Pull requests from forks get no OIDC token; run from a branch of this repository.'
  }
  if (
    /Failed to get ID Token|Response json body do not have ID Token/.test(
      message
    )
  ) {
    return "GitHub's OIDC token service failed; re-run the workflow."
  }
  return undefined
}

/** Turns any error of the sign-in or the ARM calls into an AzureError. */
export function explain(error: unknown, ctx: FailureContext): AzureError {
  if (error instanceof AzureError) return error
  const e = fieldsOf(error)
  return (
    explainStop(error, e, ctx) ??
    explainSignIn(error, e, ctx) ??
    explainAzure(error, e, ctx) ??
    new AzureError(
      firstLine(e.message),
      'Re-run the workflow; with debug logging on (RUNNER_DEBUG=1) the log shows the stack.',
      { cause: error }
    )
  )
}

/** The run stopped on its own: cancelled, timed out, or a request aborted. */
function explainStop(
  error: unknown,
  e: ErrorFields,
  ctx: FailureContext
): AzureError | undefined {
  if (ctx.stopReason === 'cancelled') {
    return new AzureError(
      'The run was cancelled before Azure finished.',
      'Re-run the workflow when you are ready.',
      { code: 'Cancelled', cause: error }
    )
  }
  if (ctx.stopReason === 'timeout') {
    return new AzureError(
      `Azure did not finish within timeout-minutes (${ctx.timeoutMinutes}).`,
      'Re-run the workflow, with a larger timeout-minutes if the VM is slow to apply VMAccess.',
      { code: 'Timeout', cause: error }
    )
  }
  if (e.name === 'AbortError') {
    return new AzureError(
      'A request to Azure was aborted before it finished.',
      'Re-run the workflow.',
      { code: 'Aborted', cause: error }
    )
  }
  return undefined
}

/** GitHub's OIDC token or Entra ID's sign-in failed. */
function explainSignIn(
  error: unknown,
  e: ErrorFields,
  ctx: FailureContext
): AzureError | undefined {
  if (e.message.includes('endpoints_resolution_error')) {
    // MSAL says this both for an unreachable authority and an unknown tenant.
    const tenant = ctx.tenantId ?? '(tenant-id)'
    const host = ctx.authorityHost ?? 'Entra ID'
    return new AzureError(
      `Sign-in could not resolve tenant '${tenant}' at ${host} (endpoints_resolution_error): the tenant does not exist there or the host cannot be reached.`,
      `Check tenant-id ('${tenant}') and environment, and that the runner can reach Entra ID at ${host} (AZURE_AUTHORITY_HOST, proxy, firewall).`,
      { code: 'EndpointsResolutionError', cause: error }
    )
  }
  const oidc = oidcRemedy(e.message)
  if (oidc)
    return new AzureError(
      `Could not get a GitHub OIDC token: ${e.message.replace(/^Error message: /, '')}`,
      oidc,
      { code: 'OidcToken', cause: error }
    )
  const entra = entraRemedy(e.message, ctx)
  if (
    entra ||
    e.name === 'AuthenticationError' ||
    e.name === 'CredentialUnavailableError'
  ) {
    return new AzureError(
      `Sign-in to Entra ID failed: ${aadstsLine(e.message)}`,
      entra ??
        'Check auth-type, client-id and tenant-id, and that the runner can reach Entra ID.',
      { code: /AADSTS\d+/.exec(e.message)?.[0] ?? e.name, cause: error }
    )
  }
  return undefined
}

/** Resource Manager refused a request, or a long-running operation failed. */
function explainAzure(
  error: unknown,
  e: ErrorFields,
  ctx: FailureContext
): AzureError | undefined {
  const lro =
    /^The long-running operation has failed\. (\w+)\. ([\s\S]*)$/.exec(
      e.message
    )
  if (lro?.[1] && lro[2] !== undefined) {
    return new AzureError(lro[2], armRemedy(lro[1], lro[2], ctx), {
      code: lro[1],
      cause: error
    })
  }
  if (e.name === 'RestError' && isBusyConflict(e.statusCode, e.message)) {
    return busyVm(error, e, ctx)
  }
  if (e.name === 'RestError') {
    const code = e.code ?? `HTTP ${e.statusCode ?? '?'}`
    const status = e.statusCode === undefined ? '' : ` (HTTP ${e.statusCode})`
    return new AzureError(
      `Azure refused the request${status}, ${code}: ${e.message}`,
      armRemedy(code, e.message, ctx),
      { code, cause: error }
    )
  }
  return undefined
}

/** Compute kept answering 409 once the action had waited all it waits for one VM. */
function busyVm(
  error: unknown,
  e: ErrorFields,
  ctx: FailureContext
): AzureError {
  const { resourceGroup: rg, vmName: vm } = ctx.target
  const waited = describeWait(busyWaitMs(ctx.timeoutMinutes * 60_000))
  const code = e.code ?? 'Conflict'
  return new AzureError(
    `VM '${vm}' stayed busy with another operation or Run Command script: Azure still answered 409 ${code} after the action had waited ${waited} for it, the most it waits for one VM (a fifth of timeout-minutes, at most 5 minutes). Azure said: ${firstLine(e.message)}`,
    `Let that work finish (the VM's Activity log shows what runs, and this lists its managed Run Commands: ${azCommand(['vm', 'run-command', 'list', '-g', rg, '--vm-name', vm])}), then run the workflow again for this VM.`,
    { code, cause: error }
  )
}

// "3 minutes", "12 s".
function describeWait(ms: number): string {
  const minutes = ms / 60_000
  return Number.isInteger(minutes)
    ? `${minutes} minute${minutes === 1 ? '' : 's'}`
    : `${Math.round(ms / 1000)} s`
}

// @azure/identity puts 'invalid_request Status code: 400' first and the
// AADSTS description (with the assertion's subject) further down.
function aadstsLine(message: string): string {
  const line = message.split('\n').find((l) => /AADSTS\d+/.test(l))
  return line?.trim() ?? firstLine(message)
}

// MSAL's messages append trace IDs and timestamps on further lines.
function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message
}
