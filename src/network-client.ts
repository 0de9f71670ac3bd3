// The Network client of a run that diagnoses, built like the Compute one
// (same cloud, token, retries and pace). Loaded only when a run may diagnose.
import type { TokenCredential } from '@azure/core-auth'
import { NetworkManagementClient } from '@azure/arm-network'
import { armClientOptions } from './arm-client.ts'
import type { NetworkApi } from './diagnose/index.ts'
import type { Pacer } from './pacing.ts'
import type { RunSettings } from './settings.ts'

/** The run's one Network client, pointed at the cloud the settings name. */
export function createNetworkClient(
  credential: TokenCredential,
  settings: Pick<RunSettings, 'subscriptionId' | 'cloud' | 'timeoutMs'>,
  pacer: Pacer
): NetworkApi {
  return new NetworkManagementClient(
    credential,
    settings.subscriptionId,
    armClientOptions(settings, pacer)
  )
}
