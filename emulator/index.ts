// The local Azure the action's tests run against: GitHub OIDC, Entra ID,
// managed identity, Resource Manager (Microsoft.Compute, Microsoft.Network)
// and Key Vault secrets over HTTPS on 127.0.0.1.
export {
  startEmulator,
  type Emulator,
  type EmulatorOptions
} from './emulator.ts'
export { scenario, type ScenarioBuilder } from './scenario-builder.ts'
export type { VmBuilder } from './vm-builder.ts'
export {
  denyRdpRule,
  domainControllerRefusal,
  vmRecipes
} from './vm-recipes.ts'
export { allowRdpRule, defaultSecurityRules } from './network-defaults.ts'
export type {
  NicSpec,
  PublicIpSpec,
  SecurityRuleSpec,
  VmNetworkSpec
} from './network-spec.ts'
export { evaluateInbound, type InboundVerdict } from './network-evaluation.ts'
export { setAccessMarker, verifyMarker } from './guest/scripts.ts'
export type {
  ManagedRunCommandSnapshot,
  RunCommandRecord
} from './run-command-log.ts'
export type { ExecutionState } from './run-command-state.ts'
export {
  fleetMembers,
  maxFleetSize,
  type FleetKind,
  type FleetMember,
  type FleetOptions
} from './fleet.ts'
export {
  loadScenario,
  type ExtensionRun,
  type FirewallProfile,
  type PowerState,
  type RunCommandBehaviour,
  type KeyVaultSpec,
  type Scenario,
  type SecretVersionSpec,
  type VmSpec
} from './scenario.ts'
export type { KeyVaultSecretAction } from './keyvault/authorization.ts'
export type { SecretVersionSnapshot } from './keyvault/snapshot.ts'
export type { Fault, FaultBook } from './faults.ts'
export {
  defaultThrottling,
  type BucketName,
  type ThrottlingSpec
} from './arm/throttling-config.ts'
export type { TokenBucketSpec } from './arm/token-bucket.ts'
export type { LoggedRequest, Service } from './request-log.ts'
export type { VmSnapshot } from './vm-snapshot.ts'
export type { ActionInputs, AuthType, EnvOptions } from './wiring.ts'
