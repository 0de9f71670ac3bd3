import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ThrottlingSpec } from './arm/throttling-config.ts'
import type { Fault } from './faults.ts'
import type { VmNetworkSpec } from './network-spec.ts'
import { secretNamePattern } from './keyvault/vault.ts'

/** Power states ARM reports as `PowerState/<state>`. */
export type PowerState =
  | 'running'
  | 'starting'
  | 'stopping'
  | 'stopped'
  | 'deallocating'
  | 'deallocated'

/** What the VMAccess handler does in the guest when an extension PUT runs. */
export type ExtensionRun =
  | { outcome: 'succeeds' }
  /** It reports success, with a real success's messages, and changes nothing in the guest. */
  | { outcome: 'silently-succeeds' }
  /** The handler reports this text as its failure (VMExtensionProvisioningError). */
  | { outcome: 'fails'; message: string }
  /**
   * The handler never reports (VMExtensionProvisioningTimeout); with
   * `once`, the guest then recovers and later PUTs succeed.
   */
  | { outcome: 'times-out'; once?: boolean }
  /** The operation stays InProgress and the extension Transitioning forever. */
  | { outcome: 'never-ends' }
  /**
   * Like never-ends until the test calls `emulator.finishOperations`: then
   * it succeeds, and later PUTs take the usual time.
   */
  | { outcome: 'held' }

/** A local account inside the guest. `password` is hashed on load, never kept. */
export interface AccountSpec {
  name: string
  isAdmin: boolean
  enabled: boolean
  password?: string
  /** ISO time its password was last set; null: never. Default: the VM's timeCreated. */
  passwordLastSet?: string | null
}

/** A Windows Firewall profile. */
export type FirewallProfile = 'Domain' | 'Private' | 'Public'

/**
 * How the guest's Run Command handler behaves, for action (v1) and managed
 * (v2) run commands alike. Defaults are in initial-state.ts.
 */
export interface RunCommandBehaviour {
  /** How long a script runs; null: it never ends. */
  durationMs: number | null
  /** Script requests get 409 Conflict for this long after the VM's first one. */
  busyForMs: number
  /** The script writes this to stderr and exits 1 instead of doing its work. */
  failsWith?: string
  /** Bytes of noise the guest prints before the script's own output. */
  noiseBytes: number
  /** The 4,096-byte output limit falls inside the script's JSON line. */
  outputCut: boolean
}

/** An extension already on the VM when the emulator starts. */
export interface ExtensionSpec {
  name: string
  publisher: string
  type: string
  typeHandlerVersion: string
  autoUpgradeMinorVersion: boolean
  settings?: Record<string, unknown>
  /** Updating: the agent reports it `ProvisioningState/transitioning`, stuck. */
  provisioningState?: 'Succeeded' | 'Failed' | 'Updating'
  /** What the handler said last, shown in the instance view (e.g. VMAccess's refusal). */
  statusMessage?: string
}

/** A virtual machine as a fixture describes it; optional fields have defaults. */
export interface VmSpec {
  name: string
  vmId: string
  osType: 'Windows' | 'Linux'
  powerState: PowerState
  adminUsername: string
  computerName?: string
  location?: string
  /** ARM resource tags, shown by GET and the lists (`vm-tag` selects by them). */
  tags?: Record<string, string>
  vmSize?: string
  osName?: string
  osVersion?: string
  /**
   * The VM agent. `lastHeartbeat` (ISO time) is the `time` of its status in
   * the instance view; default: the moment of the request when ready, 30
   * minutes before the emulator started when not.
   */
  agent?: { ready: boolean; version: string; lastHeartbeat?: string }
  /** `diagnosticsProfile.bootDiagnostics.enabled`; default true. */
  bootDiagnostics?: boolean
  /** NICs, public IPs, security groups (network-spec.ts); default: one NIC RDP reaches. */
  network?: VmNetworkSpec
  guest?: {
    accounts?: AccountSpec[]
    rdpEnabled?: boolean
    /** The "Remote Desktop" firewall group in every profile; `rdpFirewallProfiles` wins. */
    rdpFirewallEnabled?: boolean
    /** Profiles where the "Remote Desktop" group is enabled. Default: all three. */
    rdpFirewallProfiles?: FirewallProfile[]
    /** Default: ["Public"]. */
    activeFirewallProfiles?: FirewallProfile[]
    /** RDP-Tcp PortNumber. Default 3389. */
    rdpPort?: number
    /** Default Running. */
    termService?: 'Running' | 'Stopped'
    domainController?: boolean
    /** The guest's clock minus Resource Manager's, in ms (negative: behind). Default 0. */
    clockSkewMs?: number
    /** 'denied': a hardening baseline refuses local accounts network logon. Default 'granted'. */
    networkLogon?: 'granted' | 'denied'
  }
  extensionRun?: ExtensionRun
  /** Run Command in the guest: duration and faults. */
  runCommand?: Partial<RunCommandBehaviour>
  /** How long an extension PUT runs in the guest before it ends. */
  extensionDurationMs?: number
  /** How long an extension DELETE takes. */
  deleteDurationMs?: number
  extensions?: ExtensionSpec[]
}

/** A federated identity credential on the app registration. */
export interface FederatedCredential {
  name: string
  issuer: string
  subject: string
  audiences: string[]
}

/** One version of a secret the vault holds at start. */
export interface SecretVersionSpec {
  value: string
  tags?: Record<string, string>
  contentType?: string
  /** Default true. */
  enabled?: boolean
  /** ISO time. Default: versions an hour apart, the newest an hour before start. */
  createdOn?: string
  /** ISO time. Default: never expires. */
  expiresOn?: string
}

/** A role assignment: its scope and the Actions of its role definition. */
export interface RoleAssignmentSpec {
  scope: string
  actions: string[]
  /** Default: every caller. */
  principalId?: string
}

/** The Key Vault the action keeps generated passwords in. */
export interface KeyVaultSpec {
  name: string
  /** Default: the first resource group. */
  resourceGroup?: string
  /** Default: that resource group's location. */
  location?: string
  /** Secrets at start, each with its versions oldest first. */
  secrets: { name: string; versions: SecretVersionSpec[] }[]
}

/** Everything the emulated cloud contains; `scenarios/*.json` hold these. */
export interface Scenario {
  name: string
  tenant: { id: string; domain: string }
  subscription: { id: string; displayName: string }
  /** The workflow run the GitHub OIDC service issues tokens for. */
  github: {
    subject: string
    repository: string
    ref: string
    sha: string
    workflow: string
    runId: string
    actor: string
    environment?: string
    /** Lifetime of issued ID tokens; default 300. Negative issues already-expired tokens. */
    tokenLifetimeSeconds?: number
  }
  appRegistration: {
    displayName: string
    clientId: string
    /** Object id of its service principal, the `oid` in its ARM tokens. */
    servicePrincipalId: string
    clientSecret: string
    federatedCredentials: FederatedCredential[]
  }
  managedIdentities: {
    kind: 'system-assigned' | 'user-assigned'
    name: string
    clientId: string
    principalId: string
  }[]
  /** Role assignments the caller lacks: ARM answers 403 for these actions. */
  deniedActions: { action: string; principalId?: string; scope?: string }[]
  /**
   * When present, Azure RBAC as it is: an ARM request is allowed only if an
   * assignment at its scope or above (by path) grants the action (`*`
   * matches any part). Absent: every caller may do everything not denied.
   */
  roleAssignments?: RoleAssignmentSpec[]
  resourceGroups: {
    name: string
    location: string
    virtualMachines: VmSpec[]
  }[]
  /** Faults queued at start, as `emulator.faults.add` would. */
  faults?: { operationId: string; fault: Fault }[]
  /** Default: an empty vault `kv-emulator`. */
  keyVault?: KeyVaultSpec
  /**
   * ARM's and Compute's throttling: buckets to replace (`false` turns one
   * off), or `false` for none. Default: Azure's published limits.
   * `EmulatorOptions.throttling` wins over this.
   */
  throttling?: ThrottlingSpec | false
}

const scenarioFolder = fileURLToPath(new URL('./scenarios/', import.meta.url))

/** Loads a fixture by name (`default` → scenarios/default.json) or by file path. */
export function loadScenario(nameOrPath: string): Scenario {
  const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.json')
  const file = isPath
    ? path.resolve(nameOrPath)
    : path.join(scenarioFolder, `${nameOrPath}.json`)
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'))
  assertScenario(data, file)
  return data
}

/** Throws a message naming the file and field when a fixture is not a Scenario. */
export function assertScenario(
  data: unknown,
  source: string
): asserts data is Scenario {
  const problems = scenarioProblems(data)
  if (problems.length > 0) {
    throw new Error(
      `scenario ${source} is invalid:\n  ${problems.join('\n  ')}`
    )
  }
}

const powerStates = [
  'running',
  'starting',
  'stopping',
  'stopped',
  'deallocating',
  'deallocated'
]

function scenarioProblems(data: unknown): string[] {
  const s = data as Partial<Scenario> | null
  if (typeof s !== 'object' || s === null) return ['not a JSON object']
  const problems: string[] = []
  const need = (ok: unknown, what: string): void => {
    if (!ok) problems.push(`missing or wrong: ${what}`)
  }
  need(typeof s.name === 'string', 'name')
  need(typeof s.tenant?.id === 'string', 'tenant.id')
  need(typeof s.subscription?.id === 'string', 'subscription.id')
  need(typeof s.github?.subject === 'string', 'github.subject')
  need(
    typeof s.appRegistration?.clientId === 'string',
    'appRegistration.clientId'
  )
  need(
    Array.isArray(s.appRegistration?.federatedCredentials),
    'appRegistration.federatedCredentials'
  )
  need(Array.isArray(s.managedIdentities), 'managedIdentities')
  need(Array.isArray(s.deniedActions), 'deniedActions')
  need(Array.isArray(s.resourceGroups), 'resourceGroups')
  if (s.keyVault !== undefined) problems.push(...keyVaultProblems(s.keyVault))
  for (const rg of s.resourceGroups ?? []) {
    need(
      typeof rg.name === 'string' && typeof rg.location === 'string',
      'resourceGroups[].name/location'
    )
    for (const vm of rg.virtualMachines ?? []) {
      const at = `${rg.name}/${String(vm.name)}`
      need(
        typeof vm.name === 'string' && typeof vm.vmId === 'string',
        `${at}: name/vmId`
      )
      need(
        vm.osType === 'Windows' || vm.osType === 'Linux',
        `${at}: osType Windows|Linux`
      )
      need(
        powerStates.includes(vm.powerState),
        `${at}: powerState ${powerStates.join('|')}`
      )
      need(typeof vm.adminUsername === 'string', `${at}: adminUsername`)
      need(
        vm.tags === undefined || isStringRecord(vm.tags),
        `${at}: tags {name: value}`
      )
    }
  }
  return problems
}

function isStringRecord(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  )
}

function keyVaultProblems(vault: KeyVaultSpec): string[] {
  const problems: string[] = []
  if (typeof vault.name !== 'string')
    problems.push('missing or wrong: keyVault.name')
  if (!Array.isArray(vault.secrets))
    return [...problems, 'missing or wrong: keyVault.secrets']
  for (const secret of vault.secrets) {
    const at = `keyVault.secrets ${String(secret.name)}`
    if (!secretNamePattern.test(String(secret.name)))
      problems.push(`${at}: name must be 1-127 letters, digits and dashes`)
    if (
      !Array.isArray(secret.versions) ||
      secret.versions.some((v) => typeof v.value !== 'string')
    )
      problems.push(`missing or wrong: ${at}: versions[].value`)
  }
  return problems
}
