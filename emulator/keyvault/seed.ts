import type { Scenario, SecretVersionSpec } from '../scenario.ts'
import { newVersionId, type SecretVersion, type Vault } from './vault.ts'

// Seeded versions without a time are an hour apart and end an hour before
// start, so whatever a test writes is newer, in a later second.
const seedSpacingMs = 3600_000

/** The vault at start: the scenario's secrets, or an empty `kv-emulator`. */
export function createVault(scenario: Scenario, startMs: number): Vault {
  const spec = scenario.keyVault ?? { name: 'kv-emulator', secrets: [] }
  const group =
    scenario.resourceGroups.find(
      (rg) => rg.name.toLowerCase() === spec.resourceGroup?.toLowerCase()
    ) ?? scenario.resourceGroups[0]
  return {
    name: spec.name,
    subscriptionId: scenario.subscription.id,
    resourceGroup: spec.resourceGroup ?? group?.name ?? 'rg-demo',
    location: spec.location ?? group?.location ?? 'westeurope',
    secrets: spec.secrets.map((secret) => ({
      name: secret.name,
      versions: secret.versions.map((v, i) =>
        seedVersion(v, startMs - (secret.versions.length - i) * seedSpacingMs)
      )
    }))
  }
}

function seedVersion(
  spec: SecretVersionSpec,
  defaultMs: number
): SecretVersion {
  const createdMs = spec.createdOn ? Date.parse(spec.createdOn) : defaultMs
  return {
    version: newVersionId(),
    value: spec.value,
    tags: { ...spec.tags },
    enabled: spec.enabled ?? true,
    createdMs,
    updatedMs: createdMs,
    ...(spec.contentType !== undefined
      ? { contentType: spec.contentType }
      : {}),
    ...(spec.expiresOn !== undefined
      ? { expiresSeconds: Math.floor(Date.parse(spec.expiresOn) / 1000) }
      : {})
  }
}
