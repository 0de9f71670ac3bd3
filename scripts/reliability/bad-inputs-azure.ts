// Bad inputs that name Azure things: IDs, resource group and VM names,
// extension names, and the numbers Azure bounds.
import { guid, notGuid, refusing, type BadInputCase } from './bad-input-case.ts'

/** Subscription, client and tenant IDs that are not GUIDs (or domains). */
export const malformedIds: BadInputCase[] = [
  {
    name: 'a subscription-id that is not a GUID',
    inputs: { 'subscription-id': 'my-subscription' },
    refuses: refusing('subscription-id', notGuid)
  },
  {
    name: 'a subscription-id in braces',
    inputs: { 'subscription-id': `{${guid}}` },
    refuses: refusing('subscription-id', notGuid)
  },
  {
    name: 'a client-id one digit short',
    inputs: { 'client-id': guid.slice(0, -1) },
    refuses: refusing('client-id', notGuid)
  },
  {
    name: 'a client-id with a non-hex digit',
    inputs: { 'client-id': `g${guid.slice(1)}` },
    refuses: refusing('client-id', notGuid)
  },
  {
    name: 'a managed-identity client-id that is not a GUID',
    inputs: {
      'auth-type': 'managed-identity',
      'client-id': 'id-vm-access-reset'
    },
    refuses: refusing('client-id', notGuid)
  },
  {
    name: 'a tenant-id that is neither a GUID nor a domain',
    inputs: { 'tenant-id': 'contoso' },
    refuses: refusing('tenant-id', /neither a GUID nor a domain/)
  },
  {
    name: 'a tenant-id given as a login URL',
    inputs: { 'tenant-id': 'https://login.microsoftonline.com/contoso' },
    refuses: refusing('tenant-id', /neither a GUID nor a domain/)
  }
]

/** Resource group names outside Azure's naming rule. */
export const resourceGroups: BadInputCase[] = [
  {
    name: 'a resource-group of 91 characters',
    inputs: { 'resource-group': 'r'.repeat(91) },
    refuses: refusing('resource-group', /91 characters long; Azure allows 1-90/)
  },
  {
    name: 'a resource-group with a space',
    inputs: { 'resource-group': 'rg demo' },
    refuses: refusing(
      'resource-group',
      /character Azure does not allow in resource group names/
    )
  },
  {
    name: 'a resource-group with a slash',
    inputs: { 'resource-group': 'rg/demo' },
    refuses: refusing(
      'resource-group',
      /character Azure does not allow in resource group names/
    )
  },
  {
    name: 'a resource-group with a hash',
    inputs: { 'resource-group': 'rg#1' },
    refuses: refusing(
      'resource-group',
      /character Azure does not allow in resource group names/
    )
  },
  {
    name: 'a resource-group with a trailing period',
    inputs: { 'resource-group': 'rg-demo.' },
    refuses: refusing('resource-group', /ends with a period/)
  }
]

/** VM names outside Azure's naming rule. */
export const vmNames: BadInputCase[] = [
  {
    name: 'a vm-name of 65 characters',
    inputs: { 'vm-name': 'v'.repeat(65) },
    refuses: refusing('vm-name', /65 characters long; Azure allows 1-64/)
  },
  {
    name: 'a vm-name with a space',
    inputs: { 'vm-name': 'vm web 01' },
    refuses: refusing('vm-name', /is not a valid VM name/)
  },
  {
    name: 'a vm-name with a dollar sign',
    inputs: { 'vm-name': 'vm-web$01' },
    refuses: refusing('vm-name', /is not a valid VM name/)
  },
  {
    name: 'a vm-name with a non-ASCII letter',
    inputs: { 'vm-name': 'vm-wéb-01' },
    refuses: refusing('vm-name', /is not a valid VM name/)
  },
  {
    name: 'a vm-name that starts with a hyphen',
    inputs: { 'vm-name': '-vm-web-01' },
    refuses: refusing('vm-name', /is not a valid VM name/)
  },
  {
    name: 'a vm-name with a trailing period',
    inputs: { 'vm-name': 'vm-web-01.' },
    refuses: refusing('vm-name', /ends with '\.'/)
  },
  {
    name: 'a vm-name with a trailing hyphen',
    inputs: { 'vm-name': 'vm-web-01-' },
    refuses: refusing('vm-name', /ends with '-'/)
  }
]

/** timeout-minutes outside whole minutes 1-120. */
export const timeouts: BadInputCase[] = [
  '0',
  '121',
  '-5',
  '1.5',
  'fifteen',
  '1e2'
].map((value) => ({
  name: `a timeout-minutes of ${JSON.stringify(value)}`,
  inputs: { 'timeout-minutes': value },
  refuses: refusing(
    'timeout-minutes',
    /not a whole number of minutes from 1 to 120/
  )
}))

/** type-handler-version not major.minor at least 2.0. */
export const handlerVersions: BadInputCase[] = [
  '1.9',
  '2',
  '2.4.1',
  'latest',
  'v2.4'
].map((value) => ({
  name: `a type-handler-version of ${JSON.stringify(value)}`,
  inputs: { 'type-handler-version': value },
  refuses: refusing(
    'type-handler-version',
    /not a VMAccessAgent version of the form major\.minor, at least 2\.0/
  )
}))

/** extension-name, audience, and several bad inputs at once. */
export const otherInputs: BadInputCase[] = [
  {
    name: 'an extension-name with a space',
    inputs: { 'extension-name': 'vm access' },
    refuses: refusing('extension-name', /is not a valid extension name/)
  },
  {
    name: 'an extension-name with a trailing period',
    inputs: { 'extension-name': 'enablevmaccess.' },
    refuses: refusing('extension-name', /is not a valid extension name/)
  },
  {
    name: 'an audience with spaces',
    inputs: { audience: 'api://Azure AD Token Exchange' },
    refuses: refusing('audience', /is not a valid audience/)
  },
  {
    name: 'three bad inputs at once, each reported',
    inputs: {
      'subscription-id': 'not-a-guid',
      'vm-name': 'vm web',
      'timeout-minutes': '0'
    },
    refuses: [
      { input: 'subscription-id', rule: notGuid },
      { input: 'vm-name', rule: /is not a valid VM name/ },
      { input: 'timeout-minutes', rule: /not a whole number of minutes/ }
    ]
  }
]
