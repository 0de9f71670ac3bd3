// Every failure gets the fix for its own cause: ARM codes, guest failures,
// Entra ID codes, GitHub OIDC, timeouts and cancels.
import * as core from '@actions/core'
import { AuthenticationError } from '@azure/identity'
import { AzureError } from '../../src/errors.ts'
import {
  armRemedy,
  explain,
  guestRemedy,
  type FailureContext
} from '../../src/remedies.ts'

const subscriptionId = '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f'
const ctx: FailureContext = {
  target: { subscriptionId, resourceGroup: 'rg-prod', vmName: 'web-01' },
  timeoutMinutes: 15
}
const offlineReset =
  'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/reset-local-password-without-agent'
const authorizationFailed = `The client 'a1b2c3d4-0000-0000-0000-000000000000' with object id 'a1b2c3d4-0000-0000-0000-000000000000' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/extensions/write' over scope '/subscriptions/${subscriptionId}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/web-01/extensions/enablevmaccess' or the scope is invalid. If access was recently granted, please refresh your credentials.`

/** An error with the fields the ARM client's RestError carries. */
function restError(message: string, statusCode: number, code?: string): Error {
  return Object.assign(new Error(message), {
    name: 'RestError',
    statusCode,
    code
  })
}

function abortError(): Error {
  return Object.assign(new Error('The operation was aborted.'), {
    name: 'AbortError'
  })
}

describe('armRemedy', () => {
  it.each([
    [
      'AuthorizationFailed',
      authorizationFailed,
      "Grant the signed-in identity 'Microsoft.Compute/virtualMachines/extensions/write' on resource group 'rg-prod' (the README's least-privilege role, or Virtual Machine Contributor), then re-run."
    ],
    [
      'AuthorizationFailed',
      'The client does not have authorization.',
      "Grant the signed-in identity the README's least-privilege role (or Virtual Machine Contributor) on resource group 'rg-prod', then re-run."
    ],
    [
      'ResourceGroupNotFound',
      "Resource group 'rg-prod' could not be found.",
      `Check resource-group and subscription-id: subscription '${subscriptionId}' has no resource group 'rg-prod' that this identity can see.`
    ],
    [
      'ResourceNotFound',
      "The Resource 'Microsoft.Compute/virtualMachines/web-01' under resource group 'rg-prod' was not found.",
      "Check vm-name: resource group 'rg-prod' has no VM 'web-01' (az vm list -g rg-prod -o table). Classic (ASM) VMs were retired and cannot be reset."
    ],
    [
      'NotFound',
      'Not found.',
      "Check vm-name: resource group 'rg-prod' has no VM 'web-01' (az vm list -g rg-prod -o table). Classic (ASM) VMs were retired and cannot be reset."
    ],
    [
      'SubscriptionNotFound',
      'The subscription could not be found.',
      `Check subscription-id, and that the identity has a role in subscription '${subscriptionId}'.`
    ],
    [
      'InvalidAuthenticationTokenAudience',
      'The access token has been obtained for wrong audience.',
      'Resource Manager refused the token: check that environment (and resource-manager-endpoint) name the cloud the tenant lives in.'
    ],
    [
      'OperationNotAllowed',
      'Operation cannot be performed because the VM is deallocated.',
      'Start the VM (az vm start -g rg-prod -n web-01) and run the workflow again.'
    ],
    [
      'TooManyRequests',
      'Too many requests.',
      'Azure kept throttling requests for 15 minutes; run again later or raise timeout-minutes.'
    ],
    [
      'VMAgentStatusCommunicationError',
      'VM has not reported status for VM agent or extensions.',
      `The VM agent stopped reporting: restart the VM (az vm restart -g rg-prod -n web-01) and re-run, or reset the password offline: ${offlineReset}`
    ],
    [
      'VMExtensionProvisioningTimeout',
      'Provisioning of VM extension enablevmaccess has timed out.',
      "The guest did not finish VMAccess in time: restart the 'Windows Azure Guest Agent' service or the VM, then re-run. Logs: C:\\WindowsAzure\\Logs\\Plugins\\Microsoft.Compute.VMAccessAgent."
    ],
    [
      'SomethingNew',
      'Something new happened.',
      "Re-run the workflow; if it fails again, look up 'SomethingNew' in the Azure activity log of VM 'web-01'."
    ]
  ])('gives %s its own remedy (%s)', (code, message, expected) => {
    const remedy = armRemedy(code, message, ctx)

    expect(remedy).toBe(expected)
  })

  it('tells a missing resource group apart from a missing VM', () => {
    const group = armRemedy('ResourceGroupNotFound', 'not found', ctx)
    const vm = armRemedy('ResourceNotFound', 'not found', ctx)

    expect(group).toContain('Check resource-group')
    expect(group).not.toContain('vm-name')
    expect(vm).toContain('Check vm-name')
    expect(vm).not.toContain('Check resource-group')
  })

  it('sends a guest failure to the guest remedies', () => {
    const remedy = armRemedy(
      'VMExtensionProvisioningError',
      'The user is not in the Administrators group.',
      ctx
    )

    expect(remedy).toBe(
      guestRemedy('The user is not in the Administrators group.')
    )
  })
})

describe('guestRemedy', () => {
  it.each([
    [
      'an account outside Administrators',
      "Cannot update password for user 'ops': the user is not in the Administrators group.",
      'The account exists but is not a local administrator, so VMAccess will not change it: pick another username (a new name is created as an administrator) or add the account to Administrators.'
    ],
    [
      'a domain controller',
      'VMAccess is not supported on a Domain Controller.',
      'VMAccess cannot reset accounts on a domain controller. Set domain-controller: run-command to set the domain account’s password through a managed Run Command (it needs Microsoft.Compute/virtualMachines/runCommands/write, read and delete), or reset it with Active Directory tools (Set-ADAccountPassword).'
    ],
    [
      'the password policy',
      'The password does not meet the password policy requirements.',
      "The guest's password policy refused the password (length, complexity or history): choose a new password that has not been used before, then re-run."
    ],
    [
      'the password history',
      'Unable to update the password: password history requirements not met.',
      "The guest's password policy refused the password (length, complexity or history): choose a new password that has not been used before, then re-run."
    ],
    [
      'anything else',
      'Enable failed: an unexpected error occurred.',
      `Re-run the workflow. If it fails again, read the VMAccess logs in the guest (C:\\WindowsAzure\\Logs\\Plugins\\Microsoft.Compute.VMAccessAgent) or reset the password offline: ${offlineReset}`
    ]
  ])('explains %s', (_, message, expected) => {
    const remedy = guestRemedy(message)

    expect(remedy).toBe(expected)
  })
})

describe('explain', () => {
  const savedEnv = { ...process.env }

  afterEach(() => {
    for (const key of Object.keys(process.env)) {
      if (!(key in savedEnv)) delete process.env[key]
    }
    Object.assign(process.env, savedEnv)
  })

  it('explains a RestError by its code and HTTP status', () => {
    const error = restError(authorizationFailed, 403, 'AuthorizationFailed')

    const explained = explain(error, ctx)

    expect(explained).toBeInstanceOf(AzureError)
    expect(explained.message).toBe(
      `Azure refused the request (HTTP 403), AuthorizationFailed: ${authorizationFailed}`
    )
    expect(explained.fix).toContain(
      "'Microsoft.Compute/virtualMachines/extensions/write'"
    )
    expect(explained.code).toBe('AuthorizationFailed')
    expect(explained.change).toBe('none')
    expect(explained.cause).toBe(error)
  })

  it.each([
    ['ResourceGroupNotFound', 'Check resource-group and subscription-id'],
    ['ResourceNotFound', 'Check vm-name']
  ])('explains a 404 %s with its own fix', (code, fix) => {
    const error = restError('Not found.', 404, code)

    const explained = explain(error, ctx)

    expect(explained.fix).toContain(fix)
  })

  it('tells a VM that stayed busy past its wait, with what holds it and the way on', () => {
    const said =
      'Run command extension execution is in progress. Please wait for completion before invoking a run command.'
    const error = restError(said, 409, 'Conflict')

    const explained = explain(error, ctx)

    expect(explained.message).toBe(
      `VM 'web-01' stayed busy with another operation or Run Command script: Azure still answered 409 Conflict after the action had waited 3 minutes for it, the most it waits for one VM (a fifth of timeout-minutes, at most 5 minutes). Azure said: ${said}`
    )
    expect(explained.fix).toContain(
      'az vm run-command list -g rg-prod --vm-name web-01'
    )
    expect(explained.code).toBe('Conflict')
  })

  it('tells a 409 for a VM that is not running to start it, not to wait', () => {
    const error = restError(
      'Cannot modify extensions in the VM when the VM is not running.',
      409,
      'OperationNotAllowed'
    )

    const explained = explain(error, ctx)

    expect(explained.fix).toBe(
      'Start the VM (az vm start -g rg-prod -n web-01) and run the workflow again.'
    )
  })

  it('names the HTTP status of a RestError without a code', () => {
    const error = restError('Internal server error.', 500)

    const explained = explain(error, ctx)

    expect(explained.code).toBe('HTTP 500')
    expect(explained.message).toBe(
      'Azure refused the request (HTTP 500), HTTP 500: Internal server error.'
    )
  })

  it('explains the failure of a long-running operation from the guest', () => {
    const guestMessage =
      "VM has reported a failure when processing extension 'enablevmaccess' (publisher 'Microsoft.Compute' and type 'VMAccessAgent'). Error message: 'Cannot update password for user azureuser: the user is not in the Administrators group.'"
    const error = new Error(
      `The long-running operation has failed. VMExtensionProvisioningError. ${guestMessage}`
    )

    const explained = explain(error, ctx)

    expect(explained.message).toBe(guestMessage)
    expect(explained.code).toBe('VMExtensionProvisioningError')
    expect(explained.fix).toContain('is not a local administrator')
    expect(explained.cause).toBe(error)
  })

  it('explains a long-running operation that timed out in the guest', () => {
    const error = new Error(
      'The long-running operation has failed. VMExtensionProvisioningTimeout. Provisioning of VM extension enablevmaccess has timed out.'
    )

    const explained = explain(error, ctx)

    expect(explained.code).toBe('VMExtensionProvisioningTimeout')
    expect(explained.fix).toContain("restart the 'Windows Azure Guest Agent'")
  })

  it('tells AADSTS70021 to add a federated credential for the run’s subject', () => {
    const error = new AuthenticationError(400, {
      error: 'invalid_request',
      error_description:
        "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: 'repo:contoso/ops:environment:production'."
    })
    const context: FailureContext = {
      ...ctx,
      oidcSubject: 'repo:contoso/ops:environment:production'
    }

    const explained = explain(error, context)

    expect(explained.code).toBe('AADSTS70021')
    expect(explained.message).toMatch(/^Sign-in to Entra ID failed: /)
    expect(explained.fix).toBe(
      "Add a federated credential to the app with issuer 'https://token.actions.githubusercontent.com', subject 'repo:contoso/ops:environment:production' and audience 'api://AzureADTokenExchange' (subjects are case-sensitive)."
    )
  })

  it.each([
    [
      'AADSTS700016',
      "AADSTS700016: Application with identifier '0c6e1a2b-3d4f-4a5b-8c7d-9e0f1a2b3c4d' was not found in the directory 'contoso'.",
      'Check client-id and tenant-id: the app is not registered in that tenant.'
    ],
    [
      'AADSTS7000215',
      'AADSTS7000215: Invalid client secret provided.',
      'The client secret is wrong or expired: create a new one (az ad app credential reset --id <client-id>) and update the secret.'
    ],
    [
      'AADSTS90002',
      "AADSTS90002: Tenant 'contoso' not found.",
      'Check tenant-id: Entra ID does not know that tenant.'
    ]
  ])('explains %s', (code, description, fix) => {
    const error = new AuthenticationError(400, {
      error: 'invalid_client',
      error_description: description
    })

    const explained = explain(error, ctx)

    expect(explained.code).toBe(code)
    expect(explained.fix).toBe(fix)
  })

  it('explains a sign-in failure without an AADSTS code', () => {
    const error = new AuthenticationError(500, 'upstream unavailable')

    const explained = explain(error, ctx)

    expect(explained.code).toBe('AuthenticationError')
    expect(explained.fix).toBe(
      'Check auth-type, client-id and tenant-id, and that the runner can reach Entra ID.'
    )
  })

  it('asks for id-token: write when GitHub gave no OIDC token', () => {
    const error = new Error(
      'Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable'
    )

    const explained = explain(error, ctx)

    expect(explained.code).toBe('OidcToken')
    expect(explained.message).toBe(
      'Could not get a GitHub OIDC token: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable'
    )
    expect(explained.fix).toContain('`permissions: id-token: write`')
    expect(explained.fix).toContain('forks')
  })

  it('explains the error core.getIDToken throws on a run without id-token: write', async () => {
    delete process.env['ACTIONS_ID_TOKEN_REQUEST_URL']
    delete process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']
    const error = await core.getIDToken('api://AzureADTokenExchange').then(
      () => undefined,
      (e: unknown) => e
    )

    const explained = explain(error, ctx)

    expect(explained.code).toBe('OidcToken')
    expect(explained.fix).toContain('id-token: write')
  })

  it.each([
    ['timeout', 'Timeout', 'Azure did not finish within timeout-minutes (15).'],
    ['cancelled', 'Cancelled', 'The run was cancelled before Azure finished.']
  ] as const)('explains an abort on %s', (stopReason, code, message) => {
    const error = abortError()

    const explained = explain(error, { ...ctx, stopReason })

    expect(explained.code).toBe(code)
    expect(explained.message).toBe(message)
    expect(explained.cause).toBe(error)
  })

  it('explains any error after the timeout fired as the timeout', () => {
    const error = restError('Request aborted.', 0)

    const explained = explain(error, { ...ctx, stopReason: 'timeout' })

    expect(explained.code).toBe('Timeout')
  })

  it('passes an AzureError through unchanged', () => {
    const error = new AzureError('Already explained.', 'Do this.', {
      code: 'not-running'
    })

    const explained = explain(error, ctx)

    expect(explained).toBe(error)
  })

  it('keeps only the first line of an unknown error', () => {
    const error = new Error('socket hang up\n    at trace 1\n    at trace 2')

    const explained = explain(error, ctx)

    expect(explained.message).toBe('socket hang up')
    expect(explained.fix).toBe(
      'Re-run the workflow; with debug logging on (RUNNER_DEBUG=1) the log shows the stack.'
    )
    expect(explained.cause).toBe(error)
  })

  it('explains a thrown value that is not an Error', () => {
    const explained = explain('plain string failure', ctx)

    expect(explained.message).toBe('plain string failure')
  })
})
