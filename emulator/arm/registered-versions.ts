// The api-versions ARM registers for the types the emulator serves, oldest
// first. A table, so the checks in api-versions.ts read as rules.

/** A resource type ARM routes to a provider, e.g. Microsoft.Compute `virtualMachines/extensions`. */
export interface ResourceType {
  provider: string
  /** Type names joined by `/`, as the provider registers them. */
  type: string
}

// ComputeRP's api-versions, oldest first: the list a 2020
// NoRegisteredProviderFound for virtualMachines/extensions printed
// (MicrosoftDocs/azure-docs#62621), then the stable ComputeRP folders of
// azure-rest-api-specs since, then the extract's 2026-04-01. Not read from a
// live provider registration.
const computeVersions = [
  '2015-05-01-preview',
  '2015-06-15',
  '2016-03-30',
  '2016-04-30-preview',
  '2016-08-30',
  '2017-03-30',
  '2017-12-01',
  '2018-04-01',
  '2018-06-01',
  '2018-10-01',
  '2019-03-01',
  '2019-07-01',
  '2019-12-01',
  '2020-06-01',
  '2020-12-01',
  '2021-03-01',
  '2021-04-01',
  '2021-07-01',
  '2021-11-01',
  '2022-03-01',
  '2022-08-01',
  '2022-11-01',
  '2023-03-01',
  '2023-07-01',
  '2023-09-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-04-01',
  '2026-04-01'
] as const

// Managed run commands (virtualMachines/runCommands) arrived in 2020-06-01.
const runCommandVersions = computeVersions.filter((v) => v >= '2020-06-01')

// Network's api-versions, oldest first: stable folders of the Network spec
// in azure-rest-api-specs as far as the team's notes name them, ending with
// the extract's 2026-01-01 (what @azure/arm-network 39.0.0 sends). Not
// read from a live provider registration.
const networkVersions = [
  '2015-06-15',
  '2016-03-30',
  '2016-09-01',
  '2016-12-01',
  '2017-03-01',
  '2017-06-01',
  '2017-09-01',
  '2017-11-01',
  '2018-02-01',
  '2018-04-01',
  '2018-07-01',
  '2018-10-01',
  '2018-12-01',
  '2019-04-01',
  '2019-06-01',
  '2019-09-01',
  '2019-11-01',
  '2020-03-01',
  '2020-05-01',
  '2020-07-01',
  '2020-11-01',
  '2021-02-01',
  '2021-05-01',
  '2021-08-01',
  '2022-01-01',
  '2022-05-01',
  '2022-07-01',
  '2022-09-01',
  '2022-11-01',
  '2023-02-01',
  '2023-04-01',
  '2023-05-01',
  '2023-06-01',
  '2023-09-01',
  '2023-11-01',
  '2024-01-01',
  '2024-03-01',
  '2024-05-01',
  '2024-07-01',
  '2024-10-01',
  '2025-01-01',
  '2025-03-01',
  '2026-01-01'
] as const

/**
 * Microsoft.Resources `subscriptions` (GET /subscriptions and
 * /subscriptions/{id}): the stable subscriptions.json folders of
 * azure-rest-api-specs. The CLI sends 2019-11-01, its hybrid profile 2016-06-01.
 */
export const subscriptionVersions: readonly string[] = [
  '2015-11-01',
  '2016-06-01',
  '2018-06-01',
  '2019-06-01',
  '2019-11-01',
  '2020-01-01',
  '2021-01-01',
  '2022-12-01'
]

/**
 * What GET /metadata/endpoints answers: 2015-01-01 (msrestazure, `az cloud
 * register`), 2019-05-01 (ARM_CLOUD_METADATA_URL), 2022-09-01 (go-azure-sdk).
 */
export const metadataVersions: readonly string[] = [
  '2015-01-01',
  '2019-05-01',
  '2022-09-01'
]

/** The provider types the emulator routes, by their registered names, with their api-versions. */
export const registered: readonly (ResourceType & {
  versions: readonly string[]
})[] = [
  ...[
    { type: 'virtualMachines', versions: computeVersions },
    { type: 'virtualMachines/extensions', versions: computeVersions },
    { type: 'virtualMachines/runCommands', versions: runCommandVersions },
    { type: 'locations/operations', versions: computeVersions }
  ].map((t) => ({ provider: 'Microsoft.Compute', ...t })),
  ...[
    'networkInterfaces',
    'networkSecurityGroups',
    'publicIPAddresses',
    'locations/operationResults'
  ].map((type) => ({
    provider: 'Microsoft.Network',
    type,
    versions: networkVersions
  }))
]

/** The regions the same 2020 error listed (a scenario's own are added to them). */
export const computeLocations = [
  'eastus',
  'eastus2',
  'westus',
  'centralus',
  'northcentralus',
  'southcentralus',
  'northeurope',
  'westeurope',
  'eastasia',
  'southeastasia',
  'japaneast',
  'japanwest',
  'australiaeast',
  'australiasoutheast',
  'australiacentral',
  'brazilsouth',
  'southindia',
  'centralindia',
  'westindia',
  'canadacentral',
  'canadaeast',
  'westus2',
  'westcentralus',
  'uksouth',
  'ukwest',
  'koreacentral',
  'koreasouth',
  'francecentral',
  'southafricanorth',
  'uaenorth',
  'switzerlandnorth',
  'germanywestcentral',
  'norwayeast'
]
