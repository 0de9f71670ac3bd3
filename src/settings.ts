import type { Secret } from './secret.ts'

/** The action's input names, exactly as action.yml spells them. */
export const Input = {
  clientId: 'client-id',
  tenantId: 'tenant-id',
  subscriptionId: 'subscription-id',
  authType: 'auth-type',
  clientSecret: 'client-secret',
  audience: 'audience',
  environment: 'environment',
  resourceManagerEndpoint: 'resource-manager-endpoint',
  resourceGroup: 'resource-group',
  vmName: 'vm-name',
  mode: 'mode',
  username: 'username',
  password: 'password',
  extensionName: 'extension-name',
  typeHandlerVersion: 'type-handler-version',
  timeoutMinutes: 'timeout-minutes',
  generatePassword: 'generate-password',
  passwordLength: 'password-length',
  keyVaultUrl: 'key-vault-url',
  secretName: 'secret-name',
  secretNamePrefix: 'secret-name-prefix',
  secretExpiresDays: 'secret-expires-days',
  keyVaultDnsSuffix: 'key-vault-dns-suffix',
  targets: 'targets',
  vmTag: 'vm-tag',
  maxParallel: 'max-parallel',
  failOn: 'fail-on',
  dryRun: 'dry-run',
  verify: 'verify',
  domainController: 'domain-controller',
  rdpPort: 'rdp-port',
  sourceAddress: 'source-address',
  failOnFindings: 'fail-on-findings',
  diagnoseOnFailure: 'diagnose-on-failure',
  diagnoseGuest: 'diagnose-guest'
} as const

export type InputName = (typeof Input)[keyof typeof Input]

/** The action's output names, exactly as action.yml spells them. */
export const Output = {
  status: 'status',
  message: 'message',
  extensionName: 'extension-name',
  username: 'username',
  vmId: 'vm-id',
  provisioningState: 'provisioning-state',
  durationSeconds: 'duration-seconds',
  secretId: 'secret-id',
  secretVersion: 'secret-version',
  results: 'results',
  resultsFile: 'results-file',
  succeededCount: 'succeeded-count',
  failedCount: 'failed-count',
  skippedCount: 'skipped-count',
  plannedCount: 'planned-count',
  matrix: 'matrix',
  verified: 'verified',
  verification: 'verification',
  diagnosis: 'diagnosis',
  findings: 'findings'
} as const

export type OutputName = (typeof Output)[keyof typeof Output]

/**
 * Defaults that action.yml states. parse-settings.ts applies them, but for
 * the extension's name and version, which depend on the VM (vm-access/plan.ts).
 */
export const Defaults = {
  authType: 'oidc',
  audience: 'api://AzureADTokenExchange',
  environment: 'AzureCloud',
  mode: 'reset-password',
  extensionName: 'enablevmaccess',
  // The Azure CLI's `az vm user update` applies 2.4 with autoUpgradeMinorVersion.
  typeHandlerVersion: '2.4',
  timeoutMinutes: 15,
  passwordLength: 24,
  secretExpiresDays: 30,
  maxParallel: 5,
  failOn: 'any',
  domainController: 'refuse',
  rdpPort: 3389,
  sourceAddress: 'Internet'
} as const

/**
 * What GitHub's runner passes for an input the step leaves out: action.yml's
 * `default:`, word for word (a unit test holds the two together). A rule
 * that refuses an input outside its mode must not fire on these, since the
 * user never wrote them.
 */
export const RunnerDefaults: Partial<Record<InputName, string>> = {
  'auth-type': 'oidc',
  audience: 'api://AzureADTokenExchange',
  environment: 'AzureCloud',
  'max-parallel': '5',
  'fail-on': 'any',
  'dry-run': 'false',
  mode: 'reset-password',
  'timeout-minutes': '15',
  'generate-password': 'false',
  verify: 'true',
  'domain-controller': 'refuse',
  'rdp-port': '3389',
  'source-address': 'Internet',
  'fail-on-findings': 'false',
  'diagnose-guest': 'true'
}

export const AuthTypes = [
  'oidc',
  'client-secret',
  'managed-identity',
  'azure-cli'
] as const
export type AuthType = (typeof AuthTypes)[number]

export const Modes = ['reset-password', 'reset-rdp', 'diagnose'] as const
export type ModeName = (typeof Modes)[number]

/** What to do with a domain controller, which VMAccess refuses: refuse it, or use Run Command. */
export const DomainControllerRoutes = ['refuse', 'run-command'] as const
export type DomainControllerRoute = (typeof DomainControllerRoutes)[number]

/** What the action does inside the guest, through Run Command. */
export interface GuestOptions {
  /** After a reset, prove in the guest that it took (read-only probe). */
  verify: boolean
  domainController: DomainControllerRoute
}

/** What diagnose checks, and when it runs besides mode: diagnose. */
export interface DiagnoseOptions {
  /** The port the NSG rules are checked for. */
  rdpPort: number
  /** Where the connection comes from: a service tag, `*`, or an IPv4 address or CIDR. */
  sourceAddress: string
  /** mode: diagnose fails the step when a finding is ❌. */
  failOnFindings: boolean
  /** reset-rdp: append a diagnosis to the summary when the reset or its proof fails. */
  onFailure: boolean
  /**
   * Run the read-only verify/2 script in the guest as SYSTEM through the
   * action Run Command; false sends only reads (GETs and the effective-NSG POST).
   */
  guest: boolean
}

/** When a step over several VMs fails: any VM failed, every VM tried failed, never. */
export const FailOns = ['any', 'all', 'never'] as const
export type FailOn = (typeof FailOns)[number]

export const Environments = [
  'AzureCloud',
  'AzureUSGovernment',
  'AzureChinaCloud'
] as const
export type EnvironmentName = (typeof Environments)[number]

/** How the action signs in to Entra ID. */
export type Auth =
  | { kind: 'oidc'; tenantId: string; clientId: string; audience: string }
  | {
      kind: 'client-secret'
      tenantId: string
      clientId: string
      clientSecret: Secret
    }
  | { kind: 'managed-identity'; clientId?: string }
  | { kind: 'azure-cli'; tenantId?: string }

/**
 * What the action does to the VM. `username` absent = the VM's admin;
 * `rotation` present = the password was generated and goes to Key Vault first.
 */
export type Mode =
  | {
      kind: 'reset-password'
      username?: string
      password: Secret
      rotation?: Rotation
    }
  | { kind: 'reset-rdp' }
  /** Read-only: why RDP to the VM fails, from the VM to the network. */
  | { kind: 'diagnose' }

/**
 * The mode as the inputs ask for it, before any VM is known: a rotation
 * makes each VM's password when that VM's turn comes (settingsFor).
 */
export type ModeRequest =
  | { kind: 'reset-rdp' }
  | { kind: 'diagnose' }
  | { kind: 'reset-password'; username?: string; password: Secret }
  | {
      kind: 'reset-password'
      username?: string
      rotation: Rotation
      passwordLength: number
    }

/** Where a generated password is kept, from the inputs. */
export interface Rotation {
  /** The vault's origin, https://<name>.vault.azure.net. */
  vaultUrl: string
  /**
   * secret-name: the one VM's secret, exactly. Absent (and no prefix):
   * `<resource-group>-<vm-name>-<username>-<hash>`, sanitised.
   */
  secretName?: string
  /** secret-name-prefix: put before each VM's default name; never with secretName. */
  secretNamePrefix?: string
  /** 0 = the secret never expires. */
  expiresDays: number
  /**
   * False only for a vault on this machine that the runner names as the
   * local emulator's: every other vault's 401 challenge must name a Key
   * Vault resource, or the SDK sends it no token.
   */
  verifyChallenge: boolean
}

/** The VM the action works on. */
export interface VmRef {
  subscriptionId: string
  resourceGroup: string
  vmName: string
}

/** Where Resource Manager and Entra ID are for the chosen cloud. */
export interface Cloud {
  environment: EnvironmentName
  resourceManagerEndpoint: string
  /** The token scope for Resource Manager; follows the endpoint. */
  resourceManagerScope: string
  authorityHost: string
  /** False for hosts MSAL does not know (the emulator, a private authority). */
  isKnownAuthority: boolean
  /** The DNS zone every Key Vault of this cloud lives in, e.g. vault.azure.net. */
  keyVaultDnsSuffix: string
}

/** What the user asked of the extension; unset fields come from the VM. */
export interface ExtensionRequest {
  name?: string
  typeHandlerVersion?: string
}

/** A tag to select VMs by: names match without regard to case, values exactly. */
export interface VmTag {
  key: string
  value: string
}

/** Which VMs the step works on, as the inputs name them. */
export type Selection =
  /** vm-name (one or several) or targets; one entry per VM, no duplicates. */
  | { kind: 'named'; vms: VmRef[] }
  /** vm-name: * — every Windows VM of the group. */
  | { kind: 'resource-group'; resourceGroup: string }
  /** vm-tag, in one group or across the subscription. */
  | { kind: 'tag'; tag: VmTag; resourceGroup?: string }

/** How a step over several VMs runs. */
export interface FleetOptions {
  /** VMs worked on at once, 1-50. */
  maxParallel: number
  failOn: FailOn
  /** Pre-flight and print only; nothing is written. */
  dryRun: boolean
}

/** Every input, parsed and checked once, before any VM is known. */
export interface RunSettings {
  auth: Auth
  mode: ModeRequest
  subscriptionId: string
  selection: Selection
  cloud: Cloud
  extension: ExtensionRequest
  /** The whole step's budget, every VM together. */
  timeoutMs: number
  fleet: FleetOptions
  guest: GuestOptions
  diagnose: DiagnoseOptions
}

/** The settings of one VM's run: the run's, with its target and its password. */
export interface Settings {
  auth: Auth
  mode: Mode
  target: VmRef
  cloud: Cloud
  extension: ExtensionRequest
  timeoutMs: number
  guest: GuestOptions
  diagnose: DiagnoseOptions
}
