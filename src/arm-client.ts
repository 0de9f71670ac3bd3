import type { TokenCredential } from '@azure/core-auth'
import {
  ComputeManagementClient,
  type ComputeManagementClientOptionalParams
} from '@azure/arm-compute'
import { retryPolicy } from '@azure/core-rest-pipeline'
import type { Pacer } from './pacing.ts'
import { busyWaitMs, conflictRetryStrategy } from './retry.ts'
import type { RunSettings } from './settings.ts'

/** The slice of the Compute SDK the reset workflow uses. */
export type ComputeApi = Pick<
  ComputeManagementClient,
  'virtualMachines' | 'virtualMachineExtensions' | 'virtualMachineRunCommands'
>

/** The user agent prefix Azure's activity logs show for our calls. */
export const userAgentPrefix = 'azure-vm-access-reset/1'

// Retries stop when timeout-minutes aborts the run's signal.
const unboundedRetries = Number.MAX_SAFE_INTEGER

/**
 * Builds the one Compute client of the run, shared by every VM's worker (one
 * token, one pace), pointed at the cloud the settings name.
 */
export function createComputeClient(
  credential: TokenCredential,
  settings: Pick<RunSettings, 'subscriptionId' | 'cloud' | 'timeoutMs'>,
  pacer: Pacer
): ComputeApi {
  return new ComputeManagementClient(
    credential,
    settings.subscriptionId,
    armClientOptions(settings, pacer)
  )
}

/** What every Resource Manager client of the run is built with: cloud, retries, pace. */
export function armClientOptions(
  settings: Pick<RunSettings, 'cloud' | 'timeoutMs'>,
  pacer: Pacer
): ComputeManagementClientOptionalParams {
  return {
    endpoint: settings.cloud.resourceManagerEndpoint,
    // Without this the client asks for a public-cloud token whatever the
    // endpoint, and every other cloud answers 401.
    credentials: { scopes: [settings.cloud.resourceManagerScope] },
    userAgentOptions: { userAgentPrefix },
    // Throttling, 5xx and dropped connections are retried at the server's
    // pace (Retry-After). The SDK's 3 retries are too few for a throttled
    // subscription: the run's timeout signal, not a count, ends an outage.
    retryOptions: {
      maxRetries: unboundedRetries,
      retryDelayInMs: 1000,
      maxRetryDelayInMs: 30_000
    },
    additionalPolicies: [
      {
        // A busy VM is waited for within a budget of its own, not the run's.
        policy: retryPolicy(
          [conflictRetryStrategy(busyWaitMs(settings.timeoutMs))],
          {
            maxRetries: unboundedRetries
          }
        ),
        position: 'perCall'
      },
      // Every try, retries included, waits for the run's shared pace.
      { policy: pacer.policy, position: 'perRetry' }
    ]
  }
}
