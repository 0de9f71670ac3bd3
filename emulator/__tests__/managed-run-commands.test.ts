// Managed run commands (v2) through the real @azure/arm-compute client: the
// set-access script on a domain controller, what GET shows, and what is kept.
// One emulator serves the file; each test has VMs of its own.
import type {
  ComputeManagementClient,
  VirtualMachineRunCommand
} from '@azure/arm-compute'
import {
  scenario,
  startEmulator,
  vmRecipes,
  type Emulator,
  type VmBuilder
} from '../index.ts'
import { emulatorPerFile, vmScope } from './emulator-per-file.ts'
import {
  base64,
  lastJsonLine,
  probeScript,
  setAccessScript
} from './run-command-scripts.ts'
import { computeClient, secretCredential, send, vmUrl } from './sdk-clients.ts'

const password = 'Dc-Reset-Passw0rd!77'
const fast = { updateIntervalInMs: 10 }
const subscriptionId = scenario().build().subscription.id
const lockedOutDc = (vm: VmBuilder): VmBuilder =>
  vmRecipes.domainControllerRefused(vm.rdpDisabled())
const dcs = [
  'vm-dc-set',
  'vm-dc-expand',
  'vm-dc-echo',
  'vm-dc-delete',
  'vm-dc-log',
  'vm-dc-missing',
  'vm-dc-deploy',
  'vm-dc-denied-write',
  'vm-dc-denied-read'
]

const emulator = emulatorPerFile(() => {
  const build = scenario()
  for (const name of dcs) build.vm(name, lockedOutDc)
  return {
    scenario: build
      .vm('vm-dc-async', (vm) => lockedOutDc(vm).runCommandNeverEnds())
      .vm('vm-dc-sync', (vm) => lockedOutDc(vm).runCommandNeverEnds())
      .vm('vm-dc-terminate', (vm) => lockedOutDc(vm).runCommandNeverEnds())
      .vm('vm-busy', (vm) => vm.runCommandBusyFor(60_000))
      .vm('vm-probes')
      .vm('vm-limit')
      .deny('Microsoft.Compute/virtualMachines/runCommands/write', {
        scope: vmScope(subscriptionId, 'vm-dc-denied-write')
      })
      .deny('Microsoft.Compute/virtualMachines/runCommands/read', {
        scope: vmScope(subscriptionId, 'vm-dc-denied-read')
      })
      .deny('Microsoft.Compute/virtualMachines/runCommands/delete', {
        scope: vmScope(subscriptionId, 'vm-dc-denied-read')
      })
      // 26 PUTs on one VM would spend its Update VM budget (12, then 4/min).
      .throttling({ computeUpdate: false }),
    retryAfterSeconds: 0,
    listPageSize: 2
  }
})
let client: ComputeManagementClient
beforeAll(() => {
  client = computeClient(emulator())
})

function setAccess(userName: string): VirtualMachineRunCommand {
  return {
    location: 'westeurope',
    source: { script: setAccessScript },
    parameters: [{ name: 'UserNameBase64', value: base64(userName) }],
    protectedParameters: [{ name: 'PasswordBase64', value: base64(password) }],
    asyncExecution: false
  }
}

function put(
  vmName: string,
  name: string,
  body: VirtualMachineRunCommand
): Promise<VirtualMachineRunCommand> {
  return client.virtualMachineRunCommands.createOrUpdate(
    'rg-demo',
    vmName,
    name,
    body,
    fast
  )
}

function get(vmName: string, name: string, expand?: 'instanceView') {
  return client.virtualMachineRunCommands.getByVirtualMachine(
    'rg-demo',
    vmName,
    name,
    expand ? { expand } : {}
  )
}

async function tokenFor(e: Emulator): Promise<string> {
  const token = await secretCredential(e).getToken(`${e.armUrl}/.default`)
  return token.token
}

describe('the set-access script over a managed run command', () => {
  it('sets a domain controller’s password and RDP, which VMAccess refuses', async () => {
    const before = Date.now()

    const created = await put(
      'vm-dc-set',
      'set-access',
      setAccess('azureadmin')
    )

    expect(created.provisioningState).toBe('Succeeded')
    expect(
      emulator().passwordMatches('rg-demo', 'vm-dc-set', 'azureadmin', password)
    ).toBe(true)
    const vm = emulator().vm('rg-demo', 'vm-dc-set')
    expect(vm).toMatchObject({
      rdpEnabled: true,
      rdpFirewallEnabled: true,
      termService: 'Running'
    })
    expect(
      Date.parse(vm.accounts[0]?.passwordLastSet ?? '')
    ).toBeGreaterThanOrEqual(before)
  })

  it('shows the output, exit code and state only with $expand=instanceView', async () => {
    await put('vm-dc-expand', 'set-access', setAccess('azureadmin'))

    const plain = await get('vm-dc-expand', 'set-access')
    const expanded = await get('vm-dc-expand', 'set-access', 'instanceView')

    expect(plain.instanceView).toBeUndefined()
    expect(expanded.instanceView).toMatchObject({
      executionState: 'Succeeded',
      executionMessage: 'Execution completed',
      exitCode: 0,
      error: ''
    })
    expect(lastJsonLine(expanded.instanceView?.output)).toEqual({
      script: 'set-access/1',
      passwordSet: true,
      rdp: {
        fDenyTSConnections: 0,
        termService: 'Running',
        firewallGroupEnabled: true
      }
    })
  })

  it('never sends protectedParameters or runAsPassword back', async () => {
    await put('vm-dc-echo', 'set-access', {
      ...setAccess('azureadmin'),
      runAsUser: 'azureadmin',
      runAsPassword: password
    })
    const token = await tokenFor(emulator())

    const answers = await Promise.all([
      send(
        emulator(),
        'GET',
        vmUrl(emulator(), 'vm-dc-echo', '/runCommands/set-access'),
        { token }
      ),
      send(
        emulator(),
        'GET',
        `${vmUrl(emulator(), 'vm-dc-echo', '/runCommands')}&$expand=instanceView`,
        { token }
      )
    ])

    const [one, list] = answers.map((a) => JSON.stringify(a.body))
    expect(one).toContain('"parameters":[{"name":"UserNameBase64"')
    expect(one).toContain('"runAsUser":"azureadmin"')
    for (const body of [one, list]) {
      expect(body).not.toContain('protectedParameters')
      expect(body).not.toContain('runAsPassword')
      expect(body).not.toContain(base64(password))
    }
  })

  it('deletes the run command: it is gone from the VM and GET answers 404', async () => {
    await put('vm-dc-delete', 'set-access', setAccess('azureadmin'))

    await client.virtualMachineRunCommands.delete(
      'rg-demo',
      'vm-dc-delete',
      'set-access',
      fast
    )

    expect(emulator().runCommandResources('rg-demo', 'vm-dc-delete')).toEqual(
      []
    )
    await expect(get('vm-dc-delete', 'set-access')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound'
    })
  })

  it('keeps the password out of everything the emulator records', async () => {
    await put('vm-dc-log', 'set-access', setAccess('azureadmin'))
    await client.virtualMachineRunCommands.delete(
      'rg-demo',
      'vm-dc-log',
      'set-access',
      fast
    )

    const recorded = JSON.stringify([
      emulator().runCommandLog,
      emulator().requests,
      emulator().vm('rg-demo', 'vm-dc-log')
    ])

    expect(
      emulator().runCommandLog.filter((r) => r.vm === 'vm-dc-log')
    ).toMatchObject([
      {
        kind: 'managed',
        name: 'set-access',
        parameters: [{ name: 'UserNameBase64', value: base64('azureadmin') }],
        protectedParameterNames: ['PasswordBase64'],
        executionState: 'Succeeded',
        exitCode: 0
      }
    ])
    expect(recorded).not.toContain(password)
    expect(recorded).not.toContain(base64(password))
  })

  it('fails on a domain controller account that does not exist, and creates none', async () => {
    await put('vm-dc-missing', 'set-access', setAccess('breakglass'))

    const view = await get('vm-dc-missing', 'set-access', 'instanceView')

    expect(view.provisioningState).toBe('Succeeded')
    expect(view.instanceView).toMatchObject({
      executionState: 'Failed',
      exitCode: 1,
      output: '',
      error:
        "The account 'breakglass' does not exist; create it with Active Directory tools first."
    })
    expect(emulator().vm('rg-demo', 'vm-dc-missing')).toMatchObject({
      rdpEnabled: false,
      accounts: [{ name: 'azureadmin' }]
    })
  })

  it('fails the deployment when treatFailureAsDeploymentFailure is set', async () => {
    const run = put('vm-dc-deploy', 'set-access', {
      ...setAccess('breakglass'),
      treatFailureAsDeploymentFailure: true
    })

    await expect(run).rejects.toMatchObject({
      code: 'VMExtensionProvisioningError'
    })
    expect(
      emulator().runCommandResources('rg-demo', 'vm-dc-deploy')
    ).toMatchObject([{ name: 'set-access', provisioningState: 'Failed' }])
  })

  it('runs the probe too, and lists a VM’s run commands page by page', async () => {
    const from = emulator().requests.length
    for (const name of ['probe-1', 'probe-2', 'probe-3']) {
      await put('vm-probes', name, {
        location: 'westeurope',
        source: { script: probeScript.join('\n') }
      })
    }

    const listed: VirtualMachineRunCommand[] = []
    for await (const item of client.virtualMachineRunCommands.listByVirtualMachine(
      'rg-demo',
      'vm-probes',
      { expand: 'instanceView' }
    ))
      listed.push(item)

    expect(listed.map((r) => r.name)).toEqual(['probe-1', 'probe-2', 'probe-3'])
    expect(lastJsonLine(listed[2]?.instanceView?.output)).toMatchObject({
      probe: 'verify/2'
    })
    const pages = emulator()
      .requests.slice(from)
      .filter(
        (r) =>
          r.operationId === 'VirtualMachineRunCommands_ListByVirtualMachine'
      )
    expect(pages).toHaveLength(2)
  })
})

describe('managed run commands over time', () => {
  it('ends the PUT as soon as the script starts with asyncExecution', async () => {
    const created = await put('vm-dc-async', 'set-access', {
      ...setAccess('azureadmin'),
      asyncExecution: true
    })

    expect(created.provisioningState).toBe('Succeeded')
    expect(
      emulator().runCommandResources('rg-demo', 'vm-dc-async')
    ).toMatchObject([{ executionState: 'Running' }])
  })

  it('keeps the PUT running while a synchronous script runs', async () => {
    const token = await tokenFor(emulator())
    const created = await send(
      emulator(),
      'PUT',
      vmUrl(emulator(), 'vm-dc-sync', '/runCommands/set-access'),
      {
        token,
        body: {
          location: 'westeurope',
          properties: { source: { script: setAccessScript } }
        }
      }
    )

    const poll = await send(
      emulator(),
      'GET',
      String(created.headers['location']),
      { token }
    )

    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      properties: { provisioningState: 'Creating' }
    })
    expect(poll.status).toBe(202)
  })

  it('terminates a running script when its run command is deleted', async () => {
    await put('vm-dc-terminate', 'set-access', {
      ...setAccess('azureadmin'),
      asyncExecution: true
    })

    await client.virtualMachineRunCommands.delete(
      'rg-demo',
      'vm-dc-terminate',
      'set-access',
      fast
    )

    expect(
      emulator().runCommandLog.filter((r) => r.vm === 'vm-dc-terminate')
    ).toMatchObject([{ executionState: 'Canceled' }])
    expect(
      emulator().passwordMatches(
        'rg-demo',
        'vm-dc-terminate',
        'azureadmin',
        password
      )
    ).toBe(false)
  })

  it('answers 204 to deleting a run command that does not exist', async () => {
    const token = await tokenFor(emulator())

    const response = await send(
      emulator(),
      'DELETE',
      vmUrl(emulator(), 'vm-no-vmaccess', '/runCommands/nothing'),
      { token }
    )

    expect(response.status).toBe(204)
  })

  it('holds a VM to 25 run commands', async () => {
    const token = await tokenFor(emulator())
    const create = (name: string) =>
      send(
        emulator(),
        'PUT',
        vmUrl(emulator(), 'vm-limit', `/runCommands/${name}`),
        {
          token,
          body: {
            location: 'westeurope',
            properties: { source: { script: probeScript.join('\n') } }
          }
        }
      )
    for (let i = 1; i <= 25; i++) await create(`probe-${i}`)

    const refused = await create('probe-26')
    const replaced = await create('probe-25')

    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({
      error: { code: 'OperationNotAllowed' }
    })
    expect(replaced.status).toBe(200)
  })
})

describe('what a managed run command needs', () => {
  it('needs Microsoft.Compute/virtualMachines/runCommands/write to create one', async () => {
    const run = put('vm-dc-denied-write', 'set-access', setAccess('azureadmin'))

    await expect(run).rejects.toMatchObject({
      statusCode: 403,
      code: 'AuthorizationFailed'
    })
    await expect(run).rejects.toThrow(
      "'Microsoft.Compute/virtualMachines/runCommands/write' over scope " +
        `'${vmScope(subscriptionId, 'vm-dc-denied-write')}/runCommands/set-access'`
    )
    expect(
      emulator().runCommandLog.filter((r) => r.vm === 'vm-dc-denied-write')
    ).toEqual([])
  })

  it('grants the reads and the delete by their own actions', async () => {
    await put('vm-dc-denied-read', 'set-access', setAccess('azureadmin'))

    // Settled together, so neither rejection is left unhandled meanwhile.
    const [read, remove] = await Promise.allSettled([
      get('vm-dc-denied-read', 'set-access'),
      client.virtualMachineRunCommands.delete(
        'rg-demo',
        'vm-dc-denied-read',
        'set-access'
      )
    ])

    expect(read).toMatchObject({ reason: { code: 'AuthorizationFailed' } })
    expect(remove).toMatchObject({ reason: { code: 'AuthorizationFailed' } })
  })

  it('refuses a stopped VM and a busy one', async () => {
    const [stopped, busy] = await Promise.allSettled([
      put('vm-stopped', 'x', setAccess('azureadmin')),
      put('vm-busy', 'x', setAccess('azureadmin'))
    ])

    expect(stopped).toMatchObject({
      reason: { statusCode: 409, code: 'OperationNotAllowed' }
    })
    expect(busy).toMatchObject({
      reason: { statusCode: 409, code: 'Conflict' }
    })
  })
})

describe('a run command body the contract refuses', () => {
  it('answers 400 to a PUT without location and records the violation', async () => {
    const own = await startEmulator()
    const token = await tokenFor(own)

    const response = await send(
      own,
      'PUT',
      vmUrl(own, 'vm-web-01', '/runCommands/x'),
      { token, body: { properties: { source: { script: setAccessScript } } } }
    )

    await own.stop()
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      error: { code: 'InvalidRequestContent' }
    })
    expect(own.contractViolations).toEqual([
      "VirtualMachineRunCommands_CreateOrUpdate request: / must have required property 'location'"
    ])
  })
})
