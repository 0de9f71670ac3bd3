import { randomUUID } from 'node:crypto'
import type { ThrottlingSpec } from './arm/throttling-config.ts'
import type { Fault } from './faults.ts'
import { addFleet, type FleetOptions } from './fleet.ts'
import {
  keyVaultSecretActions,
  secretDataAction,
  type KeyVaultSecretAction
} from './keyvault/authorization.ts'
import {
  loadScenario,
  type Scenario,
  type SecretVersionSpec,
  type VmSpec
} from './scenario.ts'
import { sameName } from './state.ts'
import { vmBuilder, type VmBuilder } from './vm-builder.ts'

/** Builds a scenario that reads like the incident it reproduces. */
export interface ScenarioBuilder {
  /** Edits a VM (created running Windows if the scenario lacks it). */
  vm: (
    name: string,
    configure?: (vm: VmBuilder) => void,
    resourceGroup?: string
  ) => ScenarioBuilder
  /** Edits every VM, e.g. `everyVm((vm) => vm.extensionTakes(0))` for fast tests. */
  everyVm: (configure: (vm: VmBuilder) => void) => ScenarioBuilder
  /**
   * Adds `n` VMs over `rg-fleet-1..3` (see `fleetMembers` for the mix),
   * beside the scenario's own VMs; replaces an earlier fleet.
   */
  fleet: (n: number, options?: FleetOptions) => ScenarioBuilder
  /**
   * Replaces throttling buckets (e.g. `{subscriptionWrites: {capacity: 5,
   * refillPerSecond: 2}}`; `false` turns one off), or `false` for none.
   */
  throttling: (spec: ThrottlingSpec | false) => ScenarioBuilder
  /** The `sub` claim of the OIDC tokens the GitHub service issues. */
  subject: (subject: string) => ScenarioBuilder
  /** Runs the job in a GitHub environment: `environment` claim and environment subject. */
  environment: (name: string) => ScenarioBuilder
  /** The GitHub service issues ID tokens that expired a minute ago (AADSTS700024). */
  oidcTokensExpired: () => ScenarioBuilder
  federatedCredential: (subject: string, name?: string) => ScenarioBuilder
  withoutFederatedCredentials: () => ScenarioBuilder
  /** Withholds an RBAC action (403 AuthorizationFailed), optionally for one principal or scope. */
  deny: (
    action: string,
    options?: { principalId?: string; scope?: string }
  ) => ScenarioBuilder
  /**
   * Models Azure RBAC from here on: ARM allows only what an assignment at
   * the request's scope or above grants. Call once per assignment.
   */
  assignRole: (
    scope: string,
    actions: string[],
    options?: { principalId?: string }
  ) => ScenarioBuilder
  /**
   * Withholds Key Vault secret data actions from every caller (403 Forbidden,
   * ForbiddenByRbac); all four without arguments. `deny(action, {principalId})`
   * takes the full names, e.g. `Microsoft.KeyVault/vaults/secrets/setSecret/action`.
   */
  denyKeyVault: (...actions: KeyVaultSecretAction[]) => ScenarioBuilder
  /** Seeds a secret (replacing one of the same name) with these versions, oldest first. */
  secret: (name: string, versions: SecretVersionSpec[]) => ScenarioBuilder
  /** Queues a fault at start, as `emulator.faults.add` would. */
  fault: (operationId: string, fault: Fault) => ScenarioBuilder
  /** Shorthand for 429 with Retry-After, `times` times (default 1). */
  throttle: (
    operationId: string,
    options?: { retryAfterSeconds?: number; times?: number }
  ) => ScenarioBuilder
  build: () => Scenario
}

/** Starts from a fixture (default: scenarios/default.json) or a Scenario value. */
export function scenario(base: Scenario | string = 'default'): ScenarioBuilder {
  const data: Scenario = structuredClone(
    typeof base === 'string' ? loadScenario(base) : base
  )
  const builder: ScenarioBuilder = {
    vm(name, configure, resourceGroup) {
      // Found or added first: `.vm('vm-x')` alone adds the VM too.
      const vm = vmBuilder(findOrAddVm(data, name, resourceGroup))
      configure?.(vm)
      return builder
    },
    everyVm(configure) {
      for (const rg of data.resourceGroups) {
        for (const vm of rg.virtualMachines) configure(vmBuilder(vm))
      }
      return builder
    },
    fleet(n, options) {
      addFleet(data, n, options)
      return builder
    },
    throttling(spec) {
      data.throttling = structuredClone(spec)
      return builder
    },
    subject(subject) {
      data.github.subject = subject
      return builder
    },
    environment(name) {
      data.github.environment = name
      data.github.subject = `repo:${data.github.repository}:environment:${name}`
      return builder
    },
    oidcTokensExpired() {
      data.github.tokenLifetimeSeconds = -60
      return builder
    },
    federatedCredential(
      subject,
      name = `credential-${data.appRegistration.federatedCredentials.length + 1}`
    ) {
      const issuer = 'https://token.actions.githubusercontent.com'
      data.appRegistration.federatedCredentials.push({
        name,
        issuer,
        subject,
        audiences: ['api://AzureADTokenExchange']
      })
      return builder
    },
    withoutFederatedCredentials() {
      data.appRegistration.federatedCredentials = []
      return builder
    },
    deny(action, options = {}) {
      data.deniedActions.push({ action, ...options })
      return builder
    },
    assignRole(scope, actions, options = {}) {
      data.roleAssignments = [
        ...(data.roleAssignments ?? []),
        { scope, actions, ...options }
      ]
      return builder
    },
    denyKeyVault(...actions) {
      const denied = actions.length > 0 ? actions : keyVaultSecretActions
      for (const action of denied) builder.deny(secretDataAction(action))
      return builder
    },
    secret(name, versions) {
      const vault = (data.keyVault ??= { name: 'kv-emulator', secrets: [] })
      vault.secrets = [
        ...vault.secrets.filter((s) => !sameName(s.name, name)),
        { name, versions: structuredClone(versions) }
      ]
      return builder
    },
    fault(operationId, fault) {
      data.faults = [...(data.faults ?? []), { operationId, fault }]
      return builder
    },
    throttle(operationId, options = {}) {
      return builder.fault(operationId, {
        status: 429,
        retryAfterSeconds: options.retryAfterSeconds ?? 1,
        times: options.times ?? 1
      })
    },
    build: () => structuredClone(data)
  }
  return builder
}

function findOrAddVm(
  data: Scenario,
  name: string,
  resourceGroup: string | undefined
): VmSpec {
  const groups = data.resourceGroups.filter(
    (rg) => resourceGroup === undefined || sameName(rg.name, resourceGroup)
  )
  for (const rg of groups) {
    const vm = rg.virtualMachines.find((v) => sameName(v.name, name))
    if (vm) return vm
  }
  let group = groups[0]
  if (!group) {
    group = {
      name: resourceGroup ?? 'rg-demo',
      location: 'westeurope',
      virtualMachines: []
    }
    data.resourceGroups.push(group)
  }
  const vm: VmSpec = {
    name,
    vmId: randomUUID(),
    osType: 'Windows',
    powerState: 'running',
    adminUsername: 'azureadmin'
  }
  group.virtualMachines.push(vm)
  return vm
}
