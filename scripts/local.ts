// `npm run local`: the action's real run on this machine. Starts the local
// Azure emulator, runs dist/index.js against one of its VMs, shows what the
// Actions UI would show, then stops the emulator.
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { scenario, startEmulator } from '../emulator/index.ts'
import { bundlePath, runStep, type StepResult } from './runner.ts'
import { renderLog, renderSummaryText } from './terminal-view.ts'

const usage = `Usage: npm run local -- [--mode reset-password|reset-rdp] [--vm NAME]
                        [--username NAME] [--password PASSWORD | --generate-password]
                        [--scenario NAME|PATH] [--fleet N] [--debug]

Runs the real dist/index.js against the built-in Azure emulator (no Azure account,
no network). Default: reset the password of vm-web-01, a running Windows VM that
already carries a VMAccess extension. Try --vm vm-deallocated, vm-linux,
vm-agent-not-ready, vm-ext-fails or --mode reset-rdp to watch other outcomes, and
--generate-password to watch a rotation into the emulator's Key Vault.
--fleet N adds N VMs over rg-fleet-1..3 (some deallocated, Linux, failing or
domain controllers) and resets every VM tagged rotate=weekly in one step.`

// A throwaway password for the emulator's demo VM, never a real one.
const demoPassword = 'Demo-Only!Emulator-2026'

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'reset-password' },
    vm: { type: 'string', default: 'vm-web-01' },
    username: { type: 'string' },
    password: { type: 'string' },
    'generate-password': { type: 'boolean', default: false },
    scenario: { type: 'string' },
    fleet: { type: 'string' },
    debug: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
  }
})

if (args.help) {
  console.log(usage)
  process.exit(0)
}
if (!existsSync(bundlePath)) {
  console.error(`${bundlePath} is missing: run 'npm run bundle' first.`)
  process.exit(2)
}

const fleetSize = args.fleet === undefined ? 0 : Number(args.fleet)
if (!Number.isInteger(fleetSize) || fleetSize < 0) {
  console.error(`--fleet takes a number of VMs, not ${args.fleet}.`)
  process.exit(2)
}
const base = scenario(args.scenario ?? 'default')
const emulator = await startEmulator({
  scenario: fleetSize > 0 ? base.fleet(fleetSize) : base
})
try {
  const inputs: Record<string, string> = {
    ...emulator.inputs(args.vm),
    mode: args.mode,
    ...(fleetSize > 0
      ? { 'resource-group': '', 'vm-name': '', 'vm-tag': 'rotate=weekly' }
      : {})
  }
  if (args.mode === 'reset-password') {
    if (args['generate-password']) {
      inputs['generate-password'] = 'true'
      inputs['key-vault-url'] = emulator.keyVaultUrl
    } else {
      inputs['password'] = args.password ?? demoPassword
    }
    if (args.username) inputs['username'] = args.username
  }
  const what = fleetSize > 0 ? 'every VM tagged rotate=weekly' : args.vm
  section(
    `Running dist/index.js: ${args.mode} on ${what} (emulator at ${emulator.armUrl})`
  )
  const step = await runStep({
    inputs,
    env: { ...emulator.env(), ...(args.debug ? { RUNNER_DEBUG: '1' } : {}) }
  })

  section('Log')
  console.log(renderLog(step.stdout, args.debug).trimEnd())
  if (step.stderr.trim()) console.log(step.stderr.trimEnd())
  section('Outputs')
  for (const [name, value] of Object.entries(step.outputs)) {
    console.log(
      `  ${name.padEnd(20)} ${value.replace(/\n/g, '\n' + ' '.repeat(23))}`
    )
  }
  section('Job summary')
  console.log(renderSummaryText(step.summary))
  if (fleetSize > 0) {
    console.log(
      `\nThe action exited with code ${step.exitCode ?? step.signal}.`
    )
    process.exitCode = step.exitCode ?? 1
  } else showVm(step, inputs)
} finally {
  await emulator.stop()
}

/** The VM afterwards: power, RDP, extensions, and whether the password works. */
function showVm(step: StepResult, inputs: Record<string, string>): void {
  section('The VM in the emulator afterwards')
  const vm = emulator.vm(emulator.resourceGroup, args.vm)
  console.log(`  power state          ${vm.powerState}`)
  console.log(`  RDP enabled          ${vm.rdpEnabled}`)
  console.log(
    `  extensions           ${vm.extensions.map((e) => `${e.name} (${e.type} ${e.typeHandlerVersion}, ${e.provisioningState})`).join(', ') || 'none'}`
  )
  const user = step.outputs['username'] || inputs['username'] || ''
  const secretId = step.outputs['secret-id']
  // The secret id is https://<vault>/secrets/<name>/<version>.
  const secretName = secretId ? new URL(secretId).pathname.split('/')[2] : ''
  const password = secretName
    ? emulator.secretValue(secretName)
    : inputs['password']
  if (password && user) {
    const matches = emulator.passwordMatches(
      emulator.resourceGroup,
      args.vm,
      user,
      password
    )
    const source = secretId ? 'the Key Vault secret' : 'the new password'
    console.log(`  ${source} works for ${user}: ${matches ? 'yes' : 'no'}`)
  }
  for (const v of secretName ? emulator.secretVersions(secretName) : []) {
    const state = v.tags['rotation-state'] ?? ''
    console.log(
      `  Key Vault ${secretName}/${v.version}  rotation-state=${state}`
    )
  }
  console.log(`\nThe action exited with code ${step.exitCode ?? step.signal}.`)
  process.exitCode = step.exitCode ?? 1
}

function section(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`)
}
