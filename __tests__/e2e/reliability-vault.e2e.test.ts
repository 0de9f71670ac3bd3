// The rotation catalogue's Key Vault refusals: each write a rotation makes
// refused with 403, 404, 409, 429 or 503, once or until the retries run out,
// and the secret's latest enabled version still the VM's password.
import { vaultRefusalCases } from '../../scripts/reliability/rotation-vault-refusals.ts'
import { describeCatalogue } from './reliability-suite.ts'

const vaultRefusals = new Set(vaultRefusalCases.map((c) => c.name))

describe('reliability catalogue: Key Vault refusals', () => {
  describeCatalogue('rotation', (c) => vaultRefusals.has(c.name))
})
