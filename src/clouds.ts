import type { Cloud, EnvironmentName } from './settings.ts'

interface CloudEndpoints {
  resourceManagerEndpoint: string
  authorityHost: string
  keyVaultDnsSuffix: string
}

// The endpoints `az cloud show` lists for each cloud.
const clouds: Record<EnvironmentName, CloudEndpoints> = {
  AzureCloud: {
    resourceManagerEndpoint: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    keyVaultDnsSuffix: 'vault.azure.net'
  },
  AzureUSGovernment: {
    resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    keyVaultDnsSuffix: 'vault.usgovcloudapi.net'
  },
  AzureChinaCloud: {
    resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    keyVaultDnsSuffix: 'vault.azure.cn'
  }
}

// Authorities MSAL's instance discovery knows. For any other host, discovery
// would call out to the public cloud and fail, so it is switched off.
const knownAuthorityHosts = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.microsoft.com',
  'login.windows.net',
  'login.usgovcloudapi.net'
])

/**
 * Resolves the endpoints of `environment`, with the user's Resource Manager
 * endpoint, the runner's AZURE_AUTHORITY_HOST and the user's Key Vault DNS
 * suffix taking precedence.
 */
export function resolveCloud(
  environment: EnvironmentName,
  resourceManagerEndpoint?: string,
  authorityHost?: string,
  keyVaultDnsSuffix?: string
): Cloud {
  const base = clouds[environment]
  const armOrigin = new URL(
    resourceManagerEndpoint ?? base.resourceManagerEndpoint
  ).origin
  const authority = new URL(authorityHost ?? base.authorityHost).origin
  return {
    environment,
    resourceManagerEndpoint: armOrigin,
    // The token's audience is the endpoint itself, so the scope must follow
    // it: a public-cloud token is refused by every other cloud.
    resourceManagerScope: `${armOrigin}/.default`,
    authorityHost: authority,
    isKnownAuthority: knownAuthorityHosts.has(new URL(authority).hostname),
    keyVaultDnsSuffix: (
      keyVaultDnsSuffix ?? base.keyVaultDnsSuffix
    ).toLowerCase()
  }
}
