import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../cli.ts', import.meta.url))

// Exit code 0 from its own handler; a SIGTERM that beat the handler would
// show as signal 'SIGTERM' with no code.
const cleanExit = { code: 0, signal: null }

describe('node emulator/cli.ts', () => {
  let folder: string

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'emulator-cli-'))
  })
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('writes the env file, prints the inputs, and stops cleanly on SIGTERM', async () => {
    const envFile = path.join(folder, 'github-env')
    const { ready, exited, stop, output } = runCli(['--write-env', envFile])

    await ready
    const written = await readFile(envFile, 'utf8')
    stop()
    const stdout = output()

    expect(await exited).toEqual(cleanExit)
    expect(written.split('\n').map((line) => line.split('=')[0])).toEqual([
      'NODE_EXTRA_CA_CERTS',
      'AZURE_AUTHORITY_HOST',
      'AZURE_VM_ACCESS_RESET_LOOPBACK_VAULT',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'EMULATOR_ARM_URL',
      'EMULATOR_TENANT_ID',
      'EMULATOR_CLIENT_ID',
      'EMULATOR_SUBSCRIPTION_ID',
      'EMULATOR_RESOURCE_GROUP',
      'EMULATOR_KEY_VAULT_URL',
      ''
    ])
    expect(written).toMatch(/^EMULATOR_ARM_URL=https:\/\/127\.0\.0\.1:\d+$/m)
    expect(written).toMatch(
      /^EMULATOR_KEY_VAULT_URL=https:\/\/127\.0\.0\.1:\d+$/m
    )
    expect(stdout).toContain(
      'INPUT_RESOURCE-MANAGER-ENDPOINT=https://127.0.0.1:'
    )
    expect(stdout).toMatch(
      /^export ACTIONS_ID_TOKEN_REQUEST_URL='https:\/\/127\.0\.0\.1:\d+\/_apis\/distributedtask\/idtoken\?api-version=2\.0'$/m
    )
  })

  it('prints the Azure CLI sign-in lines: CA bundle, custom cloud, service principal', async () => {
    const { ready, exited, stop, output } = runCli([])

    await ready
    stop()

    expect(await exited).toEqual(cleanExit)
    expect(output()).toMatch(
      new RegExp(
        "^export REQUESTS_CA_BUNDLE='/.+/emulator-ca\\.pem'\n" +
          "az cloud register -n Emulator --endpoint-resource-manager 'https://127\\.0\\.0\\.1:\\d+/' \\\\\n" +
          "  --endpoint-active-directory 'https://127\\.0\\.0\\.1:\\d+/adfs' --profile 2020-09-01-hybrid\n" +
          'az cloud set -n Emulator\n' +
          "az login --service-principal -u [0-9a-f-]{36} -p 'emulator-client-secret\\.not-a-real-credential' --tenant [0-9a-f-]{36}$",
        'm'
      )
    )
  })

  it('adds a fleet with --fleet and counts the VMs per group', async () => {
    const { ready, exited, stop, output } = runCli(['--fleet', '40'])

    await ready
    stop()

    expect(await exited).toEqual(cleanExit)
    expect(output()).toContain(
      '  VMs               56 in rg-demo (16), rg-fleet-1 (14), rg-fleet-2 (13), rg-fleet-3 (13)\n'
    )
  })

  it('refuses a --fleet that is not a whole number', async () => {
    const { exited, errors } = runCli(['--fleet', 'many'])

    expect(await exited).toEqual({ code: 2, signal: null })
    expect(errors()).toContain('--fleet takes a whole number from 0 to 9999.')
  })
})

/** How the CLI process ended. */
interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

/**
 * Runs the CLI; `ready` resolves once it prints that it is, and rejects if it
 * ends first, so a CLI that dies at start fails the test at once with its
 * stderr rather than at the test's timeout.
 */
function runCli(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal }))
  )
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk
      if (stdout.includes('Emulator ready.')) resolve()
    })
    void exited.then(({ code, signal }) =>
      reject(
        new Error(
          `the CLI ended (code ${code}, signal ${signal}) before it was ready:\n${stderr}`
        )
      )
    )
  })
  // A test that expects a refusal never awaits `ready`; this keeps its
  // rejection from counting as unhandled, and an await still sees it.
  ready.catch(() => undefined)
  return {
    ready,
    exited,
    stop: () => child.kill('SIGTERM'),
    output: () => stdout,
    errors: () => stderr
  }
}
