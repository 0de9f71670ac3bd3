/**
 * A failure injected into the next matching request(s). `times` (default 1)
 * is how many requests it hits before it is used up; `after` (default 0)
 * lets that many matching requests through first, so that a test can aim
 * at, say, the second SetSecret of a run.
 */
export type Fault = FaultKind & { after?: number }

/** What a fault does to a request it hits. */
export type FaultKind =
  | {
      /** Answer this HTTP status with the service's own error shape. */
      kind?: 'status'
      status: number
      /** Error code in the body (ARM CloudError `code`, Entra `error`, Key Vault `error.code`). */
      code?: string
      message?: string
      /** Sent as `Retry-After` (whole seconds). */
      retryAfterSeconds?: number
      times?: number
    }
  /** Destroy the socket without answering (ECONNRESET on the client). */
  | { kind: 'reset'; times?: number }
  /** Never answer; the connection is released only by `stop()`. */
  | { kind: 'hang'; times?: number }
  /**
   * Answer normally, then break the JSON body (a string where the spec wants
   * an object) so the contract validator must catch it.
   */
  | { kind: 'malformed'; times?: number }

/** Faults keyed by operation id, consumed as requests arrive. */
export interface FaultBook {
  /** Queues a fault for the next request(s) with this operation id. */
  add: (operationId: string, fault: Fault) => void
  /** Drops every queued fault. */
  clear: () => void
  /** Faults still queued, for assertions. */
  pending: () => { operationId: string; fault: Fault; remaining: number }[]
  /** Takes one use of the first fault queued for this operation id. */
  take: (operationId: string) => Fault | undefined
}

interface Entry {
  operationId: string
  fault: Fault
  remaining: number
  /** Matching requests still to let through before the fault hits. */
  passes: number
}

/** Creates an empty fault book. */
export function createFaultBook(): FaultBook {
  let entries: Entry[] = []
  return {
    add(operationId, fault) {
      const remaining = fault.times ?? 1
      if (!Number.isInteger(remaining) || remaining < 1) {
        throw new Error(
          `fault.times must be a positive whole number, got ${remaining}`
        )
      }
      const passes = fault.after ?? 0
      if (!Number.isInteger(passes) || passes < 0) {
        throw new Error(`fault.after must be a whole number ≥ 0, got ${passes}`)
      }
      entries.push({ operationId, fault, remaining, passes })
    },
    clear() {
      entries = []
    },
    pending() {
      return entries.map(({ operationId, fault, remaining }) => ({
        operationId,
        fault,
        remaining
      }))
    },
    take(operationId) {
      const entry = entries.find((e) => e.operationId === operationId)
      if (!entry) return undefined
      if (entry.passes > 0) {
        entry.passes -= 1
        return undefined
      }
      entry.remaining -= 1
      if (entry.remaining === 0) entries = entries.filter((e) => e !== entry)
      return entry.fault
    }
  }
}
