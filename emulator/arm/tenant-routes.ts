// ARM's own routes, above any provider: the subscriptions and the cloud
// metadata. ARM answers them itself, so an unknown api-version gets ARM's
// InvalidApiVersionParameter, not a provider's NoRegisteredProviderFound.
// Not throttled: the emulator models subscription buckets only, and these are
// tenant-level reads.
import { headerValue, type EmulatorRequest, type Reply } from '../http-io.ts'
import type { Route } from '../server.ts'
import { armApiVersionProblem } from './api-versions.ts'
import { authenticate, publicArmAudiences, type ArmAuthConfig } from './auth.ts'
import type { ArmContext } from './context.ts'
import { metadataEndpoints } from './metadata.ts'
import { subscriptionVersions } from './registered-versions.ts'
import { getSubscription, listSubscriptions } from './subscriptions.ts'

const subscriptionsPath = /^\/subscriptions(?:\/([^/]+))?\/?$/i
const metadataPath = /^\/metadata\/endpoints\/?$/i

/** The route of a tenant-level GET, or undefined for any other request. */
export function matchTenantRoute(
  context: ArmContext,
  auth: ArmAuthConfig,
  req: EmulatorRequest
): Route | undefined {
  if (req.method !== 'GET') return undefined
  if (metadataPath.test(req.url.pathname)) {
    return {
      operationId: 'Metadata_Endpoints',
      respond: (r) =>
        metadataEndpoints(r.url, {
          armUrl: context.armUrl(),
          authorityHost: auth.authorityHost,
          audiences: metadataAudiences(context.armUrl())
        })
    }
  }
  const match = subscriptionsPath.exec(req.url.pathname)
  if (!match) return undefined
  const subscriptionId =
    match[1] === undefined ? undefined : decodeURIComponent(match[1])
  return {
    operationId:
      subscriptionId === undefined ? 'Subscriptions_List' : 'Subscriptions_Get',
    respond: (r) => respondToSubscriptions(context, auth, r, subscriptionId)
  }
}

async function respondToSubscriptions(
  context: ArmContext,
  auth: ArmAuthConfig,
  req: EmulatorRequest,
  subscriptionId: string | undefined
): Promise<Reply> {
  const authenticated = await authenticate(
    headerValue(req.headers, 'authorization'),
    auth
  )
  if (!authenticated.ok) return authenticated.reply
  const problem = armApiVersionProblem(req.url, subscriptionVersions)
  if (problem) return problem
  const { scenario } = context.world
  return subscriptionId === undefined
    ? listSubscriptions(scenario, authenticated.caller)
    : getSubscription(scenario, authenticated.caller, subscriptionId)
}

// Azure lists its public Resource Manager ids, the one clients ask for
// first; the emulator's own origin works as well.
function metadataAudiences(armUrl: string): string[] {
  return [...publicArmAudiences.filter((a) => a.endsWith('/')), `${armUrl}/`]
}
