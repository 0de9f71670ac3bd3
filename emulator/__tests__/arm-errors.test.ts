import {
  loadScenario,
  scenario,
  startEmulator,
  type Emulator
} from '../index.ts'
import {
  computeClient,
  secretCredential,
  send,
  vmAccessBody,
  vmUrl
} from './sdk-clients.ts'

/** The code and message of the CloudError a call was rejected with. */
async function cloudErrorOf(
  call: Promise<unknown>
): Promise<{ status?: number; code?: string; message: string }> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e
  )) as { statusCode?: number; code?: string; message: string } | undefined
  if (!error) throw new Error('the call succeeded')
  return { status: error.statusCode, code: error.code, message: error.message }
}

describe('ARM error answers', () => {
  let emulator: Emulator

  beforeAll(async () => {
    emulator = await startEmulator({
      // No extension writes on vm-aad: its role assignment is missing.
      scenario: scenario().deny(
        'Microsoft.Compute/virtualMachines/extensions/write',
        {
          scope: `/subscriptions/${loadScenario('default').subscription.id}/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/vm-aad`
        }
      )
    })
  })
  afterAll(async () => {
    await emulator.stop()
  })
  afterEach(() => {
    expect(emulator.contractViolations).toEqual([])
  })

  it('answers 401 AuthenticationFailed with a WWW-Authenticate challenge when the token is missing', async () => {
    const response = await send(emulator, 'GET', vmUrl(emulator, 'vm-web-01'))

    expect(response.status).toBe(401)
    expect(response.body).toEqual({
      error: {
        code: 'AuthenticationFailed',
        message: "Authentication failed. The 'Authorization' header is missing."
      }
    })
    expect(response.headers['www-authenticate']).toMatch(
      /^Bearer authorization_uri=".*", error="invalid_token"/
    )
  })

  it('answers 401 InvalidAuthenticationTokenAudience to a token issued for another resource', async () => {
    const client = computeClient(
      emulator,
      secretCredential(emulator),
      // ARM takes its public ids too (public-audiences.test.ts); Key Vault's it does not.
      'https://vault.azure.net/.default'
    )

    const error = await cloudErrorOf(
      client.virtualMachines.get('rg-demo', 'vm-web-01')
    )

    expect(error).toMatchObject({
      status: 401,
      code: 'InvalidAuthenticationTokenAudience'
    })
    expect(error.message).toContain(
      "wrong audience or resource 'https://vault.azure.net'"
    )
  })

  it('answers 401 InvalidAuthenticationToken to a token another emulator signed', async () => {
    const other = await startEmulator()
    const foreign = await secretCredential(other).getToken(
      `${emulator.armUrl}/.default`
    )
    await other.stop()

    const response = await send(emulator, 'GET', vmUrl(emulator, 'vm-web-01'), {
      token: foreign?.token
    })

    expect(response.status).toBe(401)
    expect(response.body).toMatchObject({
      error: { code: 'InvalidAuthenticationToken' }
    })
  })

  it('tells a missing resource group from a missing VM', async () => {
    const client = computeClient(emulator)

    const rg = await cloudErrorOf(
      client.virtualMachines.get('rg-nowhere', 'vm-web-01')
    )
    const vm = await cloudErrorOf(
      client.virtualMachines.get('rg-demo', 'vm-missing')
    )

    expect(rg).toEqual({
      status: 404,
      code: 'ResourceGroupNotFound',
      message: "Resource group 'rg-nowhere' could not be found."
    })
    expect(vm).toEqual({
      status: 404,
      code: 'ResourceNotFound',
      message:
        "The Resource 'Microsoft.Compute/virtualMachines/vm-missing' under resource group 'rg-demo' was not found. " +
        'For more details please go to https://aka.ms/ARMResourceNotFoundFix'
    })
  })

  it('answers 404 NotFound for an extension that does not exist', async () => {
    const client = computeClient(emulator)

    const error = await cloudErrorOf(
      client.virtualMachineExtensions.get('rg-demo', 'vm-web-01', 'nope')
    )

    expect(error).toMatchObject({ status: 404, code: 'NotFound' })
  })

  it.each(['vm-deallocated', 'vm-stopped', 'vm-starting'])(
    'refuses extension writes on %s with 409 OperationNotAllowed',
    async (vm) => {
      const client = computeClient(emulator)

      const error = await cloudErrorOf(
        client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
          'rg-demo',
          vm,
          'enablevmaccess',
          vmAccessBody({}, {})
        )
      )

      expect(error).toEqual({
        status: 409,
        code: 'OperationNotAllowed',
        message:
          'Cannot modify extensions in the VM when the VM is not running.'
      })
    }
  )

  it('refuses a DELETE on a deallocated VM with 409', async () => {
    const client = computeClient(emulator)

    const error = await cloudErrorOf(
      client.virtualMachineExtensions.beginDeleteAndWait(
        'rg-demo',
        'vm-deallocated',
        'enablevmaccess'
      )
    )

    expect(error).toMatchObject({ status: 409, code: 'OperationNotAllowed' })
  })

  it('refuses a second VMAccess under another name with 400 BadRequest', async () => {
    const client = computeClient(emulator)

    const error = await cloudErrorOf(
      client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
        'rg-demo',
        'vm-web-01',
        'enablevmaccess',
        vmAccessBody({}, {})
      )
    )

    expect(error).toEqual({
      status: 400,
      code: 'BadRequest',
      message:
        "Multiple VMExtensions per handler not supported for OS type 'Windows'. VMExtension 'myVMAccess' with handler " +
        "'Microsoft.Compute.VMAccessAgent' already added or specified in input."
    })
  })

  it('answers 403 AuthorizationFailed for an action the caller was not granted', async () => {
    const client = computeClient(emulator)
    const scope =
      `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg-demo/providers/Microsoft.Compute` +
      '/virtualMachines/vm-aad/extensions/enablevmaccess'

    const error = await cloudErrorOf(
      client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
        'rg-demo',
        'vm-aad',
        'enablevmaccess',
        vmAccessBody({}, {})
      )
    )

    expect(error).toEqual({
      status: 403,
      code: 'AuthorizationFailed',
      message:
        `The client '${emulator.clientId}' with object id '${emulator.scenario.appRegistration.servicePrincipalId}' does not ` +
        `have authorization to perform action 'Microsoft.Compute/virtualMachines/extensions/write' over scope '${scope}' ` +
        'or the scope is invalid. If access was recently granted, please refresh your credentials.'
    })
  })

  it('refuses an api-version Compute does not register', async () => {
    const token = await secretCredential(emulator).getToken(
      `${emulator.armUrl}/.default`
    )

    const response = await send(
      emulator,
      'GET',
      vmUrl(emulator, 'vm-web-01', '', '2019-01-01'),
      { token: token?.token }
    )

    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      error: { code: 'NoRegisteredProviderFound' }
    })
  })
})
