// The rotation catalogue of scripts/reliability/: after every run the
// secret's latest enabled version is the VM's password, each case its own
// test. Key Vault's refusals at each write have a file of their own, so the
// two halves run side by side.
import { vaultRefusalCases } from '../../scripts/reliability/rotation-vault-refusals.ts'
import { describeCatalogue } from './reliability-suite.ts'

const vaultRefusals = new Set(vaultRefusalCases.map((c) => c.name))

describe('reliability catalogue: rotation', () => {
  describeCatalogue('rotation', (c) => !vaultRefusals.has(c.name))
})
