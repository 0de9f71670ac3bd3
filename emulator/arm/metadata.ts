// GET /metadata/endpoints: where a cloud's services live, read by clients
// registering a custom cloud. No token needed. Each api-version has its own
// shape:
// - 2015-01-01, one object: graphEndpoint (Azure adds galleryEndpoint and
//   portalEndpoint) and authentication {loginEndpoint, audiences}; msrestazure
//   `_populate_from_metadata_endpoint` reads it for `az cloud register`.
// - 2019-05-01, an array of clouds (azure-cli `_arm_to_cli_mapper`, read from
//   ARM_CLOUD_METADATA_URL).
// - 2022-09-01, one cloud object of the same shape (go-azure-sdk
//   `metaDataResponse20220901`).
// Every endpoint points at the emulator, and endpoints it has no service for
// (portal, gallery) are left out. Graph is named only as a resource id, which
// `az cloud register` requires and the emulator never calls.
import type { Reply } from '../http-io.ts'
import { armApiVersionProblem } from './api-versions.ts'
import { metadataVersions } from './registered-versions.ts'

/** Where the emulator's services are, for the metadata document. */
export interface CloudEndpoints {
  /** `https://127.0.0.1:PORT` of ARM, no trailing slash. */
  armUrl: string
  /** `https://127.0.0.1:PORT` of Entra, no trailing slash. */
  authorityHost: string
  /** The token audiences ARM accepts, the one clients should ask for first. */
  audiences: readonly string[]
}

/** The name the emulator's cloud goes by in the 2019-05-01 and 2022-09-01 shapes. */
export const cloudName = 'Emulator'

/** The metadata document for the request's api-version, or its 400. */
export function metadataEndpoints(url: URL, endpoints: CloudEndpoints): Reply {
  const problem = armApiVersionProblem(url, metadataVersions)
  if (problem) return problem
  const version = url.searchParams.get('api-version') ?? ''
  if (version === '2015-01-01')
    return { status: 200, body: legacyDocument(endpoints) }
  const cloud = cloudDocument(endpoints)
  return { status: 200, body: version === '2019-05-01' ? [cloud] : cloud }
}

function legacyDocument(e: CloudEndpoints): Record<string, unknown> {
  return {
    graphEndpoint: 'https://graph.windows.net/',
    authentication: {
      loginEndpoint: `${e.authorityHost}/`,
      audiences: [...e.audiences]
    }
  }
}

function cloudDocument(e: CloudEndpoints): Record<string, unknown> {
  return {
    authentication: {
      loginEndpoint: e.authorityHost,
      audiences: [...e.audiences],
      tenant: 'common',
      identityProvider: 'AAD'
    },
    graphAudience: 'https://graph.windows.net/',
    name: cloudName,
    suffixes: {
      // The emulator's vault answers for this resource (its 401 challenge
      // names https://vault.azure.net); its URL is not a DNS suffix.
      keyVaultDns: 'vault.azure.net'
    },
    resourceManager: `${e.armUrl}/`,
    microsoftGraphResourceId: 'https://graph.microsoft.com/'
  }
}
