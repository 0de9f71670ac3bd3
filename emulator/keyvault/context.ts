import type { Scenario } from '../scenario.ts'
import type { Vault } from './vault.ts'

/** What the secret handlers need: the vault, where it is served, and the clock. */
export interface KeyVaultContext {
  vault: Vault
  /** `https://127.0.0.1:PORT` (known once the server listens), for secret ids. */
  vaultUrl: () => string
  /** `deniedActions` decide the 403s. */
  scenario: Scenario
  now: () => number
}

/** The one api-version `@azure/keyvault-secrets` 4.12.0 sends by default. */
export const apiVersion = '2026-04-01'
