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
  secretExpiresDays: 'secret-expires-days',
  keyVaultDnsSuffix: 'key-vault-dns-suffix'
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
  secretVersion: 'secret-version'
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
  secretExpiresDays: 30
} as const

export const AuthTypes = [
  'oidc',
  'client-secret',
  'managed-identity',
  'azure-cli'
] as const
export type AuthType = (typeof AuthTypes)[number]

export const Modes = ['reset-password', 'reset-rdp'] as const
export type ModeName = (typeof Modes)[number]

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

/** Where a generated password is kept, from the inputs. */
export interface Rotation {
  /** The vault's origin, https://<name>.vault.azure.net. */
  vaultUrl: string
  /** Absent: `<vm-name>-<username>`, sanitised. */
  secretName?: string
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

/** Every input, parsed and checked once. */
export interface Settings {
  auth: Auth
  mode: Mode
  target: VmRef
  cloud: Cloud
  extension: ExtensionRequest
  timeoutMs: number
}
