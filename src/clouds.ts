import type { Cloud, EnvironmentName } from './settings.ts'

interface CloudEndpoints {
  resourceManagerEndpoint: string
  authorityHost: string
}

// The endpoints `az cloud show` lists for each cloud.
const clouds: Record<EnvironmentName, CloudEndpoints> = {
  AzureCloud: {
    resourceManagerEndpoint: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com'
  },
  AzureUSGovernment: {
    resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us'
  },
  AzureChinaCloud: {
    resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn'
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
 * endpoint and the runner's AZURE_AUTHORITY_HOST taking precedence.
 */
export function resolveCloud(
  environment: EnvironmentName,
  resourceManagerEndpoint?: string,
  authorityHost?: string
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
    isKnownAuthority: knownAuthorityHosts.has(new URL(authority).hostname)
  }
}
