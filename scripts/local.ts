// `npm run local`: the action's real run on this machine. Starts the local
// Azure emulator, runs dist/index.js against one of its VMs, shows what the
// Actions UI would show, then stops the emulator.
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startEmulator } from '../emulator/index.ts'
import { bundlePath, runStep } from './runner.ts'
import { renderLog, renderSummaryText } from './terminal-view.ts'

const usage = `Usage: npm run local -- [--mode reset-password|reset-rdp] [--vm NAME]
                        [--username NAME] [--password PASSWORD | --generate-password]
                        [--scenario NAME|PATH] [--debug]

Runs the real dist/index.js against the built-in Azure emulator (no Azure account,
no network). Default: reset the password of vm-web-01, a running Windows VM that
already carries a VMAccess extension. Try --vm vm-deallocated, vm-linux,
vm-agent-not-ready, vm-ext-fails or --mode reset-rdp to watch other outcomes, and
--generate-password to watch a rotation into the emulator's Key Vault.`

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

const emulator = await startEmulator(
  args.scenario ? { scenario: args.scenario } : {}
)
try {
  const inputs: Record<string, string> = {
    ...emulator.inputs(args.vm),
    mode: args.mode
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
  section(
    `Running dist/index.js: ${args.mode} on ${args.vm} (emulator at ${emulator.armUrl})`
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
} finally {
  await emulator.stop()
}

function section(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`)
}
