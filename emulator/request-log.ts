/** The services the emulator plays. */
export type Service = 'github' | 'entra' | 'arm' | 'msi' | 'keyvault'

/**
 * One request the emulator answered. Bodies and headers are never kept:
 * they carry passwords, client secrets and tokens.
 */
export interface LoggedRequest {
  service: Service
  method: string
  /** URL path without the query. */
  path: string
  /** Raw query string without '?', e.g. `api-version=2026-04-01&%24expand=instanceView` (Key Vault: `api%2Dversion=…`). */
  query: string
  /** Spec operationId (ARM) or the emulator's name for the call (`Entra_Token`, `KeyVault_SetSecret`, …). */
  operationId?: string
  /** HTTP status sent; 0 when a fault reset or held the connection. */
  status: number
  /** Set when an injected fault shaped the answer. */
  fault?: string
  /** Epoch milliseconds when the request arrived. */
  at: number
}

/** An append-only request log that tests read. */
export interface RequestLog {
  readonly entries: readonly LoggedRequest[]
  record: (entry: LoggedRequest) => void
}

/** Creates an empty request log. */
export function createRequestLog(): RequestLog {
  const entries: LoggedRequest[] = []
  return { entries, record: (entry) => void entries.push(entry) }
}
