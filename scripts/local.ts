// `npm run local`: the action's real run on this machine. Starts the local
// Azure emulator, runs dist/index.js against one of its VMs, shows what the
// Actions UI would show, then stops the emulator.
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startEmulator } from '../emulator/index.ts'
import { bundlePath, runStep } from './runner.ts'
import { renderLog, renderSummaryText } from './terminal-view.ts'

const usage = `Usage: npm run local -- [--mode reset-password|reset-rdp] [--vm NAME]
                        [--username NAME] [--password PASSWORD] [--scenario NAME|PATH] [--debug]

Runs the real dist/index.js against the built-in Azure emulator (no Azure account,
no network). Default: reset the password of vm-web-01, a running Windows VM that
already carries a VMAccess extension. Try --vm vm-deallocated, vm-linux,
vm-agent-not-ready, vm-ext-fails or --mode reset-rdp to watch other outcomes.`

// A throwaway password for the emulator's demo VM, never a real one.
const demoPassword = 'Demo-Only!Emulator-2026'

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'reset-password' },
    vm: { type: 'string', default: 'vm-web-01' },
    username: { type: 'string' },
    password: { type: 'string' },
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
    inputs['password'] = args.password ?? demoPassword
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
  if (inputs['password']) {
    const user = step.outputs['username'] || inputs['username'] || ''
    const matches =
      user !== '' &&
      emulator.passwordMatches(
        emulator.resourceGroup,
        args.vm,
        user,
        inputs['password']
      )
    console.log(
      `  new password works   ${matches ? 'yes' : 'no'}${user ? ` (for ${user})` : ''}`
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
