import type { GitHubJob } from './github/oidc.ts'
import type { Scenario } from './scenario.ts'

/** How the action signs in; decides which variables `env()` returns. */
export type AuthType = 'oidc' | 'client-secret' | 'managed-identity'

/** Options for `emulator.env()`. */
export interface EnvOptions {
  /** Default `oidc`. */
  auth?: AuthType
  /** OIDC only: the `sub` claim this process's ID tokens carry (e.g. a branch with no federated credential). */
  subject?: string
  /** OIDC only: run as a job in this GitHub environment (`environment` claim and environment subject). */
  environment?: string
}

/** The action inputs that point it at the emulator; add mode, password, auth-type… yourself. */
export interface ActionInputs {
  'client-id': string
  'tenant-id': string
  'subscription-id': string
  'resource-group': string
  'vm-name': string
  'resource-manager-endpoint': string
}

/** Where the emulator's services are and the secrets a runner would hold. */
export interface Wiring {
  scenario: Scenario
  caPath: string
  oidcRequestUrl: string
  oidcRequestToken: string
  authorityHost: string
  identityEndpoint: string
  identityHeader: string
  armUrl: string
  keyVaultUrl: string
}

/**
 * The environment of an action process pointed at the emulator. Always
 * NODE_EXTRA_CA_CERTS, AZURE_AUTHORITY_HOST and AZURE_VM_ACCESS_RESET_LOOPBACK_VAULT; oidc adds the Actions runtime's
 * ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN; managed-identity adds IDENTITY_ENDPOINT and
 * IDENTITY_HEADER (the App Service protocol @azure/identity then selects).
 */
export function emulatorEnv(
  wiring: Wiring,
  options: EnvOptions,
  addJob: (job: GitHubJob) => string
): Record<string, string> {
  const common = {
    NODE_EXTRA_CA_CERTS: wiring.caPath,
    AZURE_AUTHORITY_HOST: wiring.authorityHost,
    // The emulator's vault is on 127.0.0.1 and answers for vault.azure.net:
    // the action trusts it only because the runner names it here.
    AZURE_VM_ACCESS_RESET_LOOPBACK_VAULT: wiring.keyVaultUrl
  }
  switch (options.auth ?? 'oidc') {
    case 'client-secret':
      return common
    case 'managed-identity':
      return {
        ...common,
        IDENTITY_ENDPOINT: wiring.identityEndpoint,
        IDENTITY_HEADER: wiring.identityHeader
      }
    case 'oidc':
      return {
        ...common,
        ACTIONS_ID_TOKEN_REQUEST_URL: wiring.oidcRequestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: runtimeToken(wiring, options, addJob)
      }
  }
}

/** The scenario's job token, or a new job's token when the claims are overridden. */
function runtimeToken(
  wiring: Wiring,
  options: EnvOptions,
  addJob: (job: GitHubJob) => string
): string {
  if (options.subject === undefined && options.environment === undefined)
    return wiring.oidcRequestToken
  const job = wiring.scenario.github
  const environment = options.environment ?? job.environment
  return addJob({
    ...job,
    ...(environment !== undefined ? { environment } : {}),
    subject:
      options.subject ??
      (options.environment !== undefined
        ? `repo:${job.repository}:environment:${options.environment}`
        : job.subject)
  })
}

/** Inputs for `vmName` in the scenario's first resource group. */
export function emulatorInputs(wiring: Wiring, vmName: string): ActionInputs {
  return {
    'client-id': wiring.scenario.appRegistration.clientId,
    'tenant-id': wiring.scenario.tenant.id,
    'subscription-id': wiring.scenario.subscription.id,
    'resource-group': wiring.scenario.resourceGroups[0]?.name ?? 'rg-demo',
    'vm-name': vmName,
    'resource-manager-endpoint': wiring.armUrl
  }
}
