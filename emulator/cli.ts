// `node emulator/cli.ts [--scenario NAME|PATH] [--fleet N] [--write-env FILE]`:
// runs the emulator until SIGINT/SIGTERM and prints how to point the action at it.
import { appendFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import {
  maxFleetSize,
  scenario,
  startEmulator,
  type Emulator,
  type Scenario
} from './index.ts'

const usage = `Usage: node emulator/cli.ts [--scenario NAME|PATH] [--fleet N] [--write-env FILE]

Starts the local Azure emulator (GitHub OIDC, Entra ID, managed identity,
Resource Manager and Key Vault over HTTPS on 127.0.0.1) and runs until Ctrl-C.
  --scenario   fixture name in emulator/scenarios (default: default) or a JSON path
  --fleet      add N VMs (vm-fleet-0001 …) over rg-fleet-1..3, beside the scenario's
  --write-env  append KEY=VALUE lines to FILE (e.g. "$GITHUB_ENV")`

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'default' },
    fleet: { type: 'string' },
    'write-env': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false }
  }
})

if (args.help) {
  console.log(usage)
  process.exit(0)
}

const fleetSize = args.fleet === undefined ? 0 : Number(args.fleet)
if (!Number.isInteger(fleetSize) || fleetSize < 0 || fleetSize > maxFleetSize) {
  console.error(
    `--fleet takes a whole number from 0 to ${maxFleetSize}.\n\n${usage}`
  )
  process.exit(2)
}

const emulator = await startEmulator({
  scenario:
    fleetSize > 0 ? scenario(args.scenario).fleet(fleetSize) : args.scenario
})
const env = emulator.env()
const fileLines = {
  ...env,
  EMULATOR_ARM_URL: emulator.armUrl,
  EMULATOR_TENANT_ID: emulator.tenantId,
  EMULATOR_CLIENT_ID: emulator.clientId,
  EMULATOR_SUBSCRIPTION_ID: emulator.subscriptionId,
  EMULATOR_RESOURCE_GROUP: emulator.resourceGroup,
  EMULATOR_KEY_VAULT_URL: emulator.keyVaultUrl
}
if (args['write-env']) {
  await appendFile(
    args['write-env'],
    Object.entries(fileLines)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('')
  )
}
// The handlers go in before "ready" is printed: whoever waits for that line
// may signal at once, and until a handler is installed the signal's default
// action kills the process (exit by signal, not 0).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.stop().then(() => process.exit(0))
  })
}
console.log(describe(emulator, env))
console.log('Emulator ready. Press Ctrl-C to stop.')

function describe(e: Emulator, oidcEnv: Record<string, string>): string {
  const quote = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`
  const inputs = {
    ...e.inputs('vm-web-01'),
    mode: 'reset-password',
    password: '<new password>'
  }
  const mi = e.env({ auth: 'managed-identity' })
  return [
    `Azure emulator (scenario ${e.scenario.name})`,
    `  Resource Manager  ${e.armUrl}`,
    `  Entra ID          ${e.authorityHost}`,
    `  GitHub OIDC       ${e.oidcRequestUrl}`,
    `  Managed identity  ${e.identityEndpoint}`,
    `  Key Vault         ${e.keyVaultUrl}`,
    `  VMs               ${describeVms(e.scenario)}`,
    '',
    '# Environment for the action (auth-type oidc):',
    ...Object.entries(oidcEnv).map(([k, v]) => `export ${k}=${quote(v)}`),
    `export EMULATOR_KEY_VAULT_URL=${quote(e.keyVaultUrl)}`,
    '# For auth-type managed-identity add:',
    `#   IDENTITY_ENDPOINT=${mi['IDENTITY_ENDPOINT'] ?? ''}  IDENTITY_HEADER=${mi['IDENTITY_HEADER'] ?? ''}`,
    `# For auth-type client-secret the client secret is: ${e.clientSecret}`,
    '',
    '# Action inputs (the runner passes them as INPUT_<NAME> with the hyphen kept):',
    ...Object.entries(inputs).map(([k, v]) => `INPUT_${k.toUpperCase()}=${v}`),
    `# With generate-password add: INPUT_KEY-VAULT-URL=${e.keyVaultUrl}`,
    '',
    ...azureCliRecipe(e, quote),
    ''
  ].join('\n')
}

// The tried recipe of the README ("The Azure CLI against the emulator"):
// the /adfs authority spares MSAL the instance discovery it would send to
// login.microsoftonline.com, the hybrid profile the Compute version that
// Debian's azure-cli 2.45 can build.
function azureCliRecipe(e: Emulator, quote: (v: string) => string): string[] {
  return [
    '# The Azure CLI (README "The Azure CLI against the emulator"):',
    `export REQUESTS_CA_BUNDLE=${quote(e.caPath)}`,
    `az cloud register -n Emulator --endpoint-resource-manager ${quote(`${e.armUrl}/`)} \\`,
    `  --endpoint-active-directory ${quote(`${e.authorityHost}/adfs`)} --profile 2020-09-01-hybrid`,
    'az cloud set -n Emulator',
    `az login --service-principal -u ${e.clientId} -p ${quote(e.clientSecret)} --tenant ${e.tenantId}`
  ]
}

// A fleet of thousands would bury the variables: past a screenful, count per group.
function describeVms(s: Scenario): string {
  const vms = s.resourceGroups.flatMap((rg) =>
    rg.virtualMachines.map((vm) => `${rg.name}/${vm.name}`)
  )
  if (vms.length <= 30) return vms.join(', ')
  const groups = s.resourceGroups.map(
    (rg) => `${rg.name} (${rg.virtualMachines.length})`
  )
  return `${vms.length} in ${groups.join(', ')}`
}
