import type { ContractValidator } from '../contract/validator.ts'
import type { World } from '../state.ts'
import type { ArmThrottle } from './throttling.ts'

/** What every ARM handler needs: the world, where ARM lives, and how to poll. */
export interface ArmContext {
  world: World
  /** `https://127.0.0.1:PORT` (known once the server listens), for Azure-AsyncOperation and Location URLs. */
  armUrl: () => string
  /**
   * The api-version of the request being answered (ARM's front door sets it
   * per request), carried by the Azure-AsyncOperation and Location URLs.
   */
  apiVersion: string
  /** Sent as `Retry-After` on every long-running answer and poll; 0 = no header. */
  retryAfterSeconds: number
  now: () => number
  /** VMs per page of VirtualMachines_List and _ListAll. */
  listPageSize: number
  /** ARM's subscription buckets and Compute's policies. */
  throttle: ArmThrottle
  contract: ContractValidator
  /** Records a contract violation; tests assert there are none. */
  recordViolation: (violation: string) => void
}

/**
 * The api-version `@azure/arm-compute` 25.1.1 sends and the spec extract
 * describes; every registered one is served (api-versions.ts).
 */
export const apiVersion = '2026-04-01'

/** The context for answering one request: its own api-version (already checked as registered). */
export function forRequest(context: ArmContext, url: URL): ArmContext {
  const requested = url.searchParams.get('api-version')
  return requested === null ? context : { ...context, apiVersion: requested }
}
