import type { TokenCredential } from '@azure/core-auth'
import { ComputeManagementClient } from '@azure/arm-compute'
import type { Settings } from './settings.ts'

/** The slice of the Compute SDK the reset workflow uses. */
export type ComputeApi = Pick<
  ComputeManagementClient,
  'virtualMachines' | 'virtualMachineExtensions'
>

/** The user agent prefix Azure's activity logs show for our calls. */
export const userAgentPrefix = 'azure-vm-access-reset/1'

/** Builds the one Compute client, pointed at the cloud the settings name. */
export function createComputeClient(
  credential: TokenCredential,
  settings: Settings
): ComputeApi {
  return new ComputeManagementClient(
    credential,
    settings.target.subscriptionId,
    {
      endpoint: settings.cloud.resourceManagerEndpoint,
      // Without this the client asks for a public-cloud token whatever the
      // endpoint, and every other cloud answers 401.
      credentials: { scopes: [settings.cloud.resourceManagerScope] },
      userAgentOptions: { userAgentPrefix },
      // Throttling and 5xx are retried at the server's pace (Retry-After);
      // the run's abort signal, not a retry count, ends a long outage.
      retryOptions: {
        maxRetries: 20,
        retryDelayInMs: 1000,
        maxRetryDelayInMs: 30_000
      }
    }
  )
}
