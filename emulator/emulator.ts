import { randomBytes } from 'node:crypto'
import { publicArmAudiences } from './arm/auth.ts'
import { apiVersion } from './arm/context.ts'
import { finishOperationsNow } from './arm/long-running.ts'
import { armService } from './arm/service.ts'
import {
  resolveThrottling,
  type ThrottlingSpec
} from './arm/throttling-config.ts'
import { createArmThrottle } from './arm/throttling.ts'
import { loadContractValidator } from './contract/validator.ts'
import {
  identityPath,
  managedIdentityService
} from './entra/managed-identity.ts'
import { entraService } from './entra/service.ts'
import type { EntraContext } from './entra/token.ts'
import { createFaultBook, type FaultBook } from './faults.ts'
import { keyVaultService } from './keyvault/service.ts'
import { createVault } from './keyvault/seed.ts'
import {
  readSecretValue,
  snapshotSecretVersions,
  type SecretVersionSnapshot
} from './keyvault/snapshot.ts'
import {
  addJob,
  githubIssuer,
  githubService,
  idTokenPath,
  type GitHubContext
} from './github/oidc.ts'
import { createRequestLog, type LoggedRequest } from './request-log.ts'
import { loadScenario, type Scenario } from './scenario.ts'
import type { ScenarioBuilder } from './scenario-builder.ts'
import { startServiceServer, type RunningServer } from './server.ts'
import { createSigningKey } from './signing-keys.ts'
import { createWorld } from './initial-state.ts'
import { createTlsMaterial } from './tls.ts'
import { passwordMatches, snapshotVm, type VmSnapshot } from './vm-snapshot.ts'
import {
  snapshotManagedRunCommands,
  snapshotRunCommands,
  type ManagedRunCommandSnapshot,
  type RunCommandRecord
} from './run-command-log.ts'
import {
  emulatorEnv,
  emulatorInputs,
  type ActionInputs,
  type EnvOptions
} from './wiring.ts'

/** How to start an emulator. */
export interface EmulatorOptions {
  /** A Scenario, a builder, a fixture name (`default`) or a fixture path. Default: `default`. */
  scenario?: Scenario | ScenarioBuilder | string
  /** `Retry-After` on long-running answers and polls; default 1 (whole seconds, as core-lro reads it). */
  retryAfterSeconds?: number
  /** VMs per page of VirtualMachines_List and _ListAll; default 50. */
  listPageSize?: number
  /**
   * Throttling buckets to replace (`{capacity, refillPerSecond}`) or turn
   * off (`false`), or `false` for none; replaces the scenario's `throttling`.
   * Default: Azure's published limits (README "Throttling").
   */
  throttling?: ThrottlingSpec | false
  /**
   * Resource Manager's clock, epoch ms: when long-running operations and Run
   * Commands end, and when throttling buckets refill. Default `Date.now`. A
   * test that must not depend on the machine's speed passes one it moves
   * itself. Key Vault, tokens and the request log keep the real time.
   */
  armClock?: () => number
}

/** A running emulator: where its services are, what it saw, and the VMs' state. */
export interface Emulator {
  /** `https://127.0.0.1:PORT`, no trailing slash: the resource-manager-endpoint. */
  armUrl: string
  /** `https://127.0.0.1:PORT`: AZURE_AUTHORITY_HOST. */
  authorityHost: string
  /** ACTIONS_ID_TOKEN_REQUEST_URL; it already carries a query, as the runner's does. */
  oidcRequestUrl: string
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN of the scenario's default job. */
  oidcRequestToken: string
  /** `https://127.0.0.1:PORT`, no trailing slash: the key-vault-url (secrets data plane). */
  keyVaultUrl: string
  /** IDENTITY_ENDPOINT for managed identity (App Service protocol). */
  identityEndpoint: string
  /** The CA PEM file to pass as NODE_EXTRA_CA_CERTS. */
  caPath: string
  /** The CA PEM itself, for in-process clients (`tlsOptions: {ca}`). */
  caPem: string
  tenantId: string
  clientId: string
  clientSecret: string
  subscriptionId: string
  /** The first resource group of the scenario (`rg-demo` in the default one). */
  resourceGroup: string
  scenario: Scenario
  /** Environment variables for the action's process. */
  env: (options?: EnvOptions) => Record<string, string>
  /** The action's inputs that point it at this emulator and a VM. */
  inputs: (vmName: string) => ActionInputs
  /** Every request answered: service, method, path, operationId, status, time. Never bodies or headers. */
  readonly requests: readonly LoggedRequest[]
  /** Every OIDC token and access token issued, so tests can look for leaks. */
  readonly issuedTokens: readonly string[]
  /** Spec violations seen in requests and responses; tests assert it stays empty. */
  readonly contractViolations: readonly string[]
  faults: FaultBook
  /**
   * Ends a VM's long-running operations that are still in progress, now, as
   * the guest would end them (`extensionHeld` and `extensionNeverEnds` ones
   * too): how a test lets a VM finish what a stopped run left, without
   * waiting on a clock.
   */
  finishOperations: (resourceGroup: string, vmName: string) => void
  /** State of a VM now, for assertions. Throws if there is no such VM. */
  vm: (resourceGroup: string, vmName: string) => VmSnapshot
  /** True when the account exists and `password` is its password. */
  passwordMatches: (
    resourceGroup: string,
    vmName: string,
    userName: string,
    password: string
  ) => boolean
  /**
   * Every script a VM was asked to run (action and managed Run Command),
   * oldest first: script, public parameters, protected parameter names
   * (never values) and what the client got back. Read afresh each time.
   */
  readonly runCommandLog: readonly RunCommandRecord[]
  /** A VM's managed run commands now; [] once deleted. */
  runCommandResources: (
    resourceGroup: string,
    vmName: string
  ) => ManagedRunCommandSnapshot[]
  /** A secret's versions, oldest first, without values; [] when there is no such secret. */
  secretVersions: (name: string) => SecretVersionSnapshot[]
  /** A version's value (the latest without `version`). Throws when there is none. */
  secretValue: (name: string, version?: string) => string
  /** Closes every server and socket (held ones too) and removes the CA file. */
  stop: () => Promise<void>
}

/** Starts the GitHub OIDC, Entra, managed identity, ARM and Key Vault services on 127.0.0.1. */
export async function startEmulator(
  options: EmulatorOptions = {}
): Promise<Emulator> {
  const scenario = resolveScenario(options.scenario)
  // Settings are checked before anything starts, so a bad one leaks nothing.
  const listPageSize = pageSize(options.listPageSize)
  const throttle = createArmThrottle(
    resolveThrottling(options.throttling ?? scenario.throttling)
  )
  const [tls, githubKey, entraKey] = await Promise.all([
    createTlsMaterial(),
    createSigningKey(),
    createSigningKey()
  ])
  const world = createWorld(scenario)
  const armClock = options.armClock ?? Date.now
  const vault = createVault(scenario, Date.now())
  const log = createRequestLog()
  const faults = createFaultBook()
  for (const { operationId, fault } of scenario.faults ?? [])
    faults.add(operationId, fault)
  const issuedTokens: string[] = []
  const contractViolations: string[] = []
  const urls = { arm: '', entra: '', github: '', msi: '', keyVault: '' }
  const github: GitHubContext = {
    key: githubKey,
    issuedTokens,
    jobs: new Map()
  }
  const entra: EntraContext = {
    scenario,
    authorityHost: () => urls.entra,
    key: entraKey,
    trusted: { issuer: githubIssuer, verify: githubKey.verify },
    issuedTokens
  }
  const identityHeader = randomBytes(24).toString('base64url')
  const shared = { tls, log, faults }
  const servers: RunningServer[] = []
  const start = async (
    definition: Parameters<typeof startServiceServer>[0]
  ): Promise<string> => {
    const server = await startServiceServer(definition, shared)
    servers.push(server)
    return server.url
  }
  urls.github = await start(githubService(github))
  urls.entra = await start(entraService(entra))
  urls.msi = await start(managedIdentityService(entra, identityHeader))
  urls.arm = await start(
    armService(
      {
        world,
        armUrl: () => urls.arm,
        apiVersion,
        retryAfterSeconds: options.retryAfterSeconds ?? 1,
        now: armClock,
        listPageSize,
        throttle,
        contract: loadContractValidator(),
        recordViolation: (v) => void contractViolations.push(v)
      },
      {
        verify: entraKey.verify,
        audiences: () => [...publicArmAudiences, urls.arm, `${urls.arm}/`],
        tenantId: scenario.tenant.id,
        authorityHost: urls.entra
      }
    )
  )
  urls.keyVault = await start(
    keyVaultService(
      { vault, vaultUrl: () => urls.keyVault, scenario, now: Date.now },
      {
        verify: entraKey.verify,
        tenantId: scenario.tenant.id,
        authorityHost: urls.entra
      }
    )
  )
  const wiring = {
    scenario,
    caPath: tls.caPath,
    oidcRequestUrl: `${urls.github}${idTokenPath}?api-version=2.0`,
    oidcRequestToken: addJob(github, scenario.github),
    authorityHost: urls.entra,
    identityEndpoint: `${urls.msi}${identityPath}`,
    identityHeader,
    armUrl: urls.arm,
    keyVaultUrl: urls.keyVault
  }
  let stopped: Promise<void> | undefined
  return {
    armUrl: urls.arm,
    keyVaultUrl: urls.keyVault,
    authorityHost: urls.entra,
    oidcRequestUrl: wiring.oidcRequestUrl,
    oidcRequestToken: wiring.oidcRequestToken,
    identityEndpoint: wiring.identityEndpoint,
    caPath: tls.caPath,
    caPem: tls.caPem,
    tenantId: scenario.tenant.id,
    clientId: scenario.appRegistration.clientId,
    clientSecret: scenario.appRegistration.clientSecret,
    subscriptionId: scenario.subscription.id,
    resourceGroup: scenario.resourceGroups[0]?.name ?? 'rg-demo',
    scenario,
    env: (envOptions = {}) =>
      emulatorEnv(wiring, envOptions, (job) => addJob(github, job)),
    inputs: (vmName) => emulatorInputs(wiring, vmName),
    requests: log.entries,
    issuedTokens,
    contractViolations,
    faults,
    finishOperations: (resourceGroup, vmName) =>
      finishOperationsNow(world, resourceGroup, vmName, armClock()),
    vm: (resourceGroup, vmName) =>
      snapshotVm(world, resourceGroup, vmName, armClock()),
    passwordMatches: (resourceGroup, vmName, userName, password) =>
      passwordMatches(
        world,
        resourceGroup,
        vmName,
        userName,
        password,
        armClock()
      ),
    get runCommandLog() {
      return snapshotRunCommands(world, armClock())
    },
    runCommandResources: (resourceGroup, vmName) =>
      snapshotManagedRunCommands(world, resourceGroup, vmName, armClock()),
    secretVersions: (name) => snapshotSecretVersions(vault, name),
    secretValue: (name, version) => readSecretValue(vault, name, version),
    stop: () =>
      (stopped ??= Promise.all(servers.map((s) => s.close())).then(() =>
        tls.dispose()
      ))
  }
}

function pageSize(requested: number | undefined): number {
  const size = requested ?? 50
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`listPageSize must be a whole number ≥ 1, got ${size}`)
  return size
}

function resolveScenario(input: EmulatorOptions['scenario']): Scenario {
  if (input === undefined || typeof input === 'string')
    return loadScenario(input ?? 'default')
  return 'build' in input ? input.build() : structuredClone(input)
}
