// Subscriptions_List and Subscriptions_Get (Microsoft.Resources, stable
// 2022-12-01 subscriptions.json): what `az login` reads right after its token.
// The emulated tenant holds one subscription.
import type { Reply } from '../http-io.ts'
import type { Scenario } from '../scenario.ts'
import type { Caller } from './auth.ts'
import { cloudError } from './errors.ts'

/** Subscriptions_List: the subscriptions the caller has a role in, one page, no nextLink. */
export function listSubscriptions(scenario: Scenario, caller: Caller): Reply {
  const value = canSee(scenario, caller) ? [subscriptionView(scenario)] : []
  return {
    status: 200,
    body: { value, count: { type: 'Total', value: value.length } }
  }
}

/** Subscriptions_Get; 404 SubscriptionNotFound for any other id or one the caller has no role in. */
export function getSubscription(
  scenario: Scenario,
  caller: Caller,
  subscriptionId: string
): Reply {
  const isOurs =
    subscriptionId.toLowerCase() === scenario.subscription.id.toLowerCase()
  if (!isOurs || !canSee(scenario, caller)) {
    return cloudError(
      404,
      'SubscriptionNotFound',
      `The subscription '${subscriptionId}' could not be found.`
    )
  }
  return { status: 200, body: subscriptionView(scenario) }
}

function subscriptionView(scenario: Scenario): Record<string, unknown> {
  const { id, displayName } = scenario.subscription
  return {
    id: `/subscriptions/${id}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: id,
    tenantId: scenario.tenant.id,
    displayName,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off'
    }
  }
}

// ARM lists a subscription to anyone with a role anywhere in it. Without
// modelled role assignments every caller may do everything, so sees it.
function canSee(scenario: Scenario, caller: Caller): boolean {
  const assignments = scenario.roleAssignments
  if (assignments === undefined) return true
  const subscription =
    `/subscriptions/${scenario.subscription.id}`.toLowerCase()
  return assignments.some(
    (a) =>
      (a.principalId === undefined ||
        a.principalId === caller.objectId ||
        a.principalId === caller.appId) &&
      (a.scope === '/' ||
        a.scope.toLowerCase() === subscription ||
        a.scope.toLowerCase().startsWith(`${subscription}/`))
  )
}
