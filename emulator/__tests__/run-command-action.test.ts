// The action Run Command (v1) through the real @azure/arm-compute client, and
// what the guest's probe reads. One emulator serves the file; each test has
// VMs of its own.
import type { ComputeManagementClient } from '@azure/arm-compute'
import {
  domainControllerRefusal,
  scenario,
  vmRecipes,
  type Emulator,
  type RunCommandRecord
} from '../index.ts'
import { emulatorPerFile, vmScope } from './emulator-per-file.ts'
import { emulatorPerTest } from './emulator-per-test.ts'
import { countOf, startOnRequestClock } from './request-clock.ts'
import {
  base64,
  lastJsonLine,
  probeScript,
  streamOf
} from './run-command-scripts.ts'
import {
  computeClient,
  secretCredential,
  send,
  vmAccessBody,
  vmUrl
} from './sdk-clients.ts'

const password = 'Reset-Passw0rd!42'
const seededPasswordLastSet = '2025-03-14T09:26:53.123Z'
const subscriptionId = scenario().build().subscription.id

// Nothing waits on Retry-After: the SDK polls every 10 ms.
const emulator = emulatorPerFile(() => ({
  scenario: scenario()
    .vm('vm-rdp-off', (vm) =>
      vm.rdpDisabled().termServiceStopped().rdpPort(3390)
    )
    .vm('vm-silent', (vm) => vmRecipes.silentSuccess(vm.rdpDisabled()))
    .vm('vm-accounts', (vm) =>
      vm.account('helpdesk', { isAdmin: false, passwordLastSet: null })
    )
    .vm('vm-dc', vmRecipes.domainControllerRefused)
    .vm('vm-untouched', (vm) => vm.rdpDisabled())
    .vm('vm-busy', (vm) => vm.runCommandBusyFor(60_000))
    .vm('vm-one-at-a-time', (vm) => vm.runCommandNeverEnds())
    .vm('vm-fails', (vm) =>
      vm.runCommandFails('Access is denied. (0x80070005)')
    )
    .vm('vm-noisy', (vm) => vm.runCommandNoise(10_000))
    .vm('vm-cut', (vm) => vm.runCommandNoise(500).runCommandOutputCut())
    .vm('vm-stuck', (vm) => vm.runCommandNeverEnds())
    .vm('vm-denied')
    .deny('Microsoft.Compute/virtualMachines/runCommand/action', {
      scope: vmScope(subscriptionId, 'vm-denied')
    })
    .everyVm((vm) => vm.extensionTakes(0).deleteTakes(0)),
  retryAfterSeconds: 0
}))
let client: ComputeManagementClient
beforeAll(() => {
  client = computeClient(emulator())
})

function probe(
  vmName: string,
  userName?: string,
  on: ComputeManagementClient = client
): Promise<{ value?: { code?: string; message?: string }[] }> {
  return on.virtualMachines.runCommand(
    'rg-demo',
    vmName,
    {
      commandId: 'RunPowerShellScript',
      script: probeScript,
      parameters:
        userName === undefined
          ? []
          : [{ name: 'UserNameBase64', value: base64(userName) }]
    },
    { updateIntervalInMs: 10 }
  )
}

async function resetPassword(vmName: string): Promise<void> {
  await client.virtualMachineExtensions.beginCreateOrUpdateAndWait(
    'rg-demo',
    vmName,
    'enablevmaccess',
    vmAccessBody({ UserName: 'azureadmin' }, { Password: password }),
    { updateIntervalInMs: 10 }
  )
}

function loggedFor(vmName: string): RunCommandRecord[] {
  return emulator().runCommandLog.filter((r) => r.vm === vmName)
}

describe('the verification probe over the action Run Command', () => {
  it('reads the guest as VMAccess left it: new passwordLastSet, RDP on, port kept', async () => {
    const before = Date.now()
    await resetPassword('vm-rdp-off')

    const result = await probe('vm-rdp-off', 'azureadmin')

    const report = lastJsonLine(streamOf(result, 'StdOut')) as {
      account: { passwordLastSet: string }
    }
    expect(report).toMatchObject({
      probe: 'verify/2',
      domainRole: 3,
      account: { name: 'azureadmin', exists: true, enabled: true, admin: true },
      rdp: {
        fDenyTSConnections: 0,
        portNumber: 3390,
        termService: 'Running',
        firewall: {
          activeProfiles: ['Public'],
          enabledProfiles: ['Domain', 'Private', 'Public']
        }
      }
    })
    expect(Date.parse(report.account.passwordLastSet)).toBeGreaterThanOrEqual(
      before
    )
    expect(streamOf(result, 'StdErr')).toBe('')
  })

  it('shows the old state after VMAccess succeeded silently', async () => {
    await resetPassword('vm-silent')

    const result = await probe('vm-silent', 'azureadmin')

    expect(lastJsonLine(streamOf(result, 'StdOut'))).toMatchObject({
      account: { passwordLastSet: seededPasswordLastSet },
      rdp: { fDenyTSConnections: 1, firewall: { enabledProfiles: [] } }
    })
    expect(
      emulator().passwordMatches('rg-demo', 'vm-silent', 'azureadmin', password)
    ).toBe(false)
  })

  it('writes one compact JSON line with the guest clock, and no account without a user name', async () => {
    const before = new Date().toISOString()

    const result = await probe('vm-no-vmaccess')

    const stdout = streamOf(result, 'StdOut') ?? ''
    expect(stdout.split('\n')).toHaveLength(1)
    const report = JSON.parse(stdout) as Record<string, unknown>
    expect(Object.keys(report)).toEqual(['probe', 'time', 'domainRole', 'rdp'])
    expect(String(report['time']) >= before).toBe(true)
  })

  it('says an account does not exist, and a password never set is null', async () => {
    const missing = await probe('vm-accounts', 'nobody')
    const neverSet = await probe('vm-accounts', 'HELPDESK')

    expect(lastJsonLine(streamOf(missing, 'StdOut'))).toMatchObject({
      account: { name: 'nobody', exists: false }
    })
    expect(lastJsonLine(streamOf(neverSet, 'StdOut'))).toMatchObject({
      account: { name: 'helpdesk', admin: false, passwordLastSet: null }
    })
  })

  it('reports domain role 5 on a domain controller that VMAccess refused', async () => {
    const result = await probe('vm-dc')

    expect(lastJsonLine(streamOf(result, 'StdOut'))).toMatchObject({
      domainRole: 5,
      rdp: { firewall: { activeProfiles: ['Domain'] } }
    })
    const vm = await client.virtualMachines.get('rg-demo', 'vm-dc', {
      expand: 'instanceView'
    })
    expect(vm.instanceView?.extensions?.[0]?.statuses?.[0]?.message).toBe(
      domainControllerRefusal
    )
  })

  it('changes nothing in the guest', async () => {
    const before = emulator().vm('rg-demo', 'vm-untouched')

    await probe('vm-untouched', 'azureadmin')

    expect(emulator().vm('rg-demo', 'vm-untouched')).toEqual(before)
  })

  it('runs nothing but the action’s own scripts', async () => {
    const result = await client.virtualMachines.runCommand(
      'rg-demo',
      'vm-aad',
      { commandId: 'RunPowerShellScript', script: ['Get-LocalUser'] },
      { updateIntervalInMs: 10 }
    )

    expect(streamOf(result, 'StdOut')).toBe('')
    expect(streamOf(result, 'StdErr')).toBe(
      "The emulator's guest runs only azure-vm-access-reset's own scripts (verify/2, set-access/1)."
    )
  })

  it('logs what ran and what the client got back', async () => {
    await probe('vm-web-01', 'azureadmin')

    expect(loggedFor('vm-web-01')).toMatchObject([
      {
        resourceGroup: 'rg-demo',
        kind: 'action',
        commandId: 'RunPowerShellScript',
        script: probeScript,
        parameters: [{ name: 'UserNameBase64', value: base64('azureadmin') }],
        protectedParameterNames: [],
        executionState: 'Succeeded',
        exitCode: 0,
        result: [
          { code: 'ComponentStatus/StdOut/succeeded' },
          { code: 'ComponentStatus/StdErr/succeeded', message: '' }
        ]
      }
    ])
  })

  it('spends the VM’s Update VM budget, as Compute charges Run Command', async () => {
    const token = await tokenFor(emulator())

    const accepted = await send(
      emulator(),
      'POST',
      vmUrl(emulator(), 'vm-vmaccess-27', '/runCommand'),
      { token, body: { commandId: 'RunPowerShellScript', script: probeScript } }
    )

    expect(accepted.headers['x-ms-ratelimit-remaining-resource']).toBe(
      'Microsoft.Compute/UpdateVM;11'
    )
  })
})

describe('what the action Run Command refuses', () => {
  it('fails an unknown command id as Azure does', async () => {
    const run = client.virtualMachines.runCommand(
      'rg-demo',
      'vm-two-vmaccess',
      {
        commandId: 'RunBashScript',
        script: probeScript
      }
    )

    await expect(run).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
      message: 'The entity was not found in this Azure location.'
    })
    expect(loggedFor('vm-two-vmaccess')).toEqual([])
  })

  it('refuses a deallocated VM before anything runs', async () => {
    const run = probe('vm-deallocated')

    await expect(run).rejects.toMatchObject({
      statusCode: 409,
      code: 'OperationNotAllowed',
      message: 'The operation requires the VM to be running (or set to run).'
    })
  })

  it('answers 409 Conflict while the Run Command extension is busy', async () => {
    const run = probe('vm-busy')

    await expect(run).rejects.toMatchObject({
      statusCode: 409,
      code: 'Conflict',
      message:
        'Run command extension execution is in progress. Please wait for completion before invoking a run command.'
    })
  })

  it('runs one action script at a time: a second one gets the same 409', async () => {
    const first = client.virtualMachines.runCommand(
      'rg-demo',
      'vm-one-at-a-time',
      { commandId: 'RunPowerShellScript', script: probeScript }
    )
    await first.submitted()

    const second = probe('vm-one-at-a-time')

    await expect(second).rejects.toMatchObject({
      statusCode: 409,
      code: 'Conflict'
    })
    expect(first.isDone).toBe(false)
  })

  it('ends in VMAgentStatusCommunicationError when the agent is not ready', async () => {
    const run = probe('vm-agent-not-ready')

    await expect(run).rejects.toMatchObject({
      code: 'VMAgentStatusCommunicationError'
    })
    expect(loggedFor('vm-agent-not-ready')[0]?.executionState).toBe('Unknown')
  })

  it('needs Microsoft.Compute/virtualMachines/runCommand/action', async () => {
    const run = probe('vm-denied')

    await expect(run).rejects.toMatchObject({
      statusCode: 403,
      code: 'AuthorizationFailed'
    })
    await expect(run).rejects.toThrow(
      "to perform action 'Microsoft.Compute/virtualMachines/runCommand/action' over scope " +
        `'${vmScope(subscriptionId, 'vm-denied')}'`
    )
  })
})

describe('Run Command faults in the guest', () => {
  it('fails with stderr and an empty stdout', async () => {
    const result = await probe('vm-fails', 'azureadmin')

    expect(streamOf(result, 'StdOut')).toBe('')
    expect(streamOf(result, 'StdErr')).toBe('Access is denied. (0x80070005)')
    expect(loggedFor('vm-fails')).toMatchObject([
      { executionState: 'Failed', exitCode: 1 }
    ])
  })

  it('keeps the last 4,096 bytes of a noisy output, the JSON line intact', async () => {
    const result = await probe('vm-noisy', 'azureadmin')

    const stdout = streamOf(result, 'StdOut') ?? ''
    expect(Buffer.byteLength(stdout)).toBe(4096)
    const [cutLine, nextLine] = stdout.split('\n')
    expect(cutLine).not.toMatch(/^\[guest\]/)
    expect(nextLine).toMatch(/^\[guest\] unrelated output/)
    expect(lastJsonLine(stdout)).toMatchObject({ probe: 'verify/2' })
  })

  it('cuts inside the JSON line, so the client gets invalid JSON', async () => {
    const result = await probe('vm-cut', 'azureadmin')

    const stdout = streamOf(result, 'StdOut') ?? ''
    expect(stdout).not.toContain('\n')
    expect(stdout).toMatch(/\}\}\}$/)
    expect(() => lastJsonLine(stdout)).toThrow(SyntaxError)
  })

  it('keeps answering 202 on the Location URL of a script that never ends', async () => {
    const token = await tokenFor(emulator())
    const accepted = await send(
      emulator(),
      'POST',
      vmUrl(emulator(), 'vm-stuck', '/runCommand'),
      { token, body: { commandId: 'RunPowerShellScript', script: probeScript } }
    )
    const location = String(accepted.headers['location'])

    const polls = [
      await send(emulator(), 'GET', location, { token }),
      await send(emulator(), 'GET', location, { token })
    ]

    expect(accepted.status).toBe(202)
    expect(location).toMatch(
      /\/providers\/Microsoft\.Compute\/locations\/westeurope\/operations\/[0-9a-f-]{36}\?monitor=true&api-version=2026-04-01$/
    )
    expect(polls.map((p) => p.status)).toEqual([202, 202])
    expect(loggedFor('vm-stuck')[0]?.executionState).toBe('Running')
  })
})

describe('a script that takes a while', () => {
  const { start } = emulatorPerTest()

  it('keeps the operation running for as long as the script takes', async () => {
    // The script's 300 ms are ARM's time, which passes only once the SDK has
    // polled twice: both polls find it running however slow the machine.
    const e = await startOnRequestClock(
      start,
      {
        scenario: scenario().vm('vm-slow-script', (vm) =>
          vm.runCommandTakes(300)
        ),
        retryAfterSeconds: 0
      },
      (requests) => (countOf(requests, 'Operations_Monitor') >= 2 ? 300 : 0)
    )

    await probe('vm-slow-script', undefined, computeClient(e))

    const polls = e.requests.filter(
      (r) => r.operationId === 'Operations_Monitor'
    )
    expect(polls.map((p) => p.status)).toEqual([202, 202, 200])
  })
})

async function tokenFor(e: Emulator): Promise<string> {
  const token = await secretCredential(e).getToken(`${e.armUrl}/.default`)
  return token.token
}
