// The bad-input catalogue: inputs a workflow author gets wrong. Each one must
// be refused with exit 1, a message that names the input and the rule it
// breaks (never the secret), and no request to Entra ID or Resource Manager.
import type { InputName } from '../../src/settings.ts'
import { longestInput, repeatTo, type InputLength } from './env-limits.ts'

/** An input the message must name, and the rule it must state. */
export interface Refusal {
  input: InputName
  rule: RegExp
}

/** One bad input (or set of inputs) and how the action must refuse it. */
export interface BadInputCase {
  /** Reads after "refuses": e.g. 'a missing subscription-id'. */
  name: string
  /**
   * Changes to a valid reset-password run of vm-web-01 (OIDC sign-in);
   * `undefined` removes an input.
   */
  inputs: Partial<Record<InputName, string | undefined>>
  /** Changes to the runner's environment. */
  env?: Record<string, string>
  refuses: Refusal[]
  /** Values besides password and client-secret that must never be shown. */
  secrets?: string[]
  notes?: string[]
  /** Why the action does not hold this case yet. */
  knownGap?: string
}

/** The valid password of the base run; a case that echoes it leaks it. */
export const validPassword = 'Bad-Input-Passw0rd!7431'

/** A client secret for client-secret runs; nothing reaches Entra to check it. */
export const validClientSecret = 'Bad-Input-Client-Secret~9f3K'

const guid = 'ee9c7700-e9a2-4a86-ac6e-7299bfd7524b'
const clientSecretAuth = {
  'auth-type': 'client-secret',
  'client-secret': validClientSecret
} as const

const required = /is required/
const notOneOf = /is not one of/
const notGuid = /is not a GUID/
const controlCharacter = /contains a line break or another control character/
const resetRdpOnly = /is not used by mode reset-rdp/

function refusing(input: InputName, rule: RegExp): Refusal[] {
  return [{ input, rule }]
}

function missing(
  input: InputName,
  given: BadInputCase['inputs'] = {}
): BadInputCase {
  const forAuth = given['auth-type'] ? ` with auth-type ${given['auth-type']}` : ''
  return {
    name: `a missing ${input}${forAuth}`,
    inputs: { ...given, [input]: undefined },
    refuses: refusing(input, required)
  }
}

function blank(input: InputName, value: string, given = {}): BadInputCase {
  return {
    name: `a ${input} of only ${JSON.stringify(value)}`,
    inputs: { ...given, [input]: value },
    refuses: refusing(input, required)
  }
}

function oversized(
  input: InputName,
  given: BadInputCase['inputs'] = {}
): BadInputCase {
  const megabyte = 1024 * 1024
  const size: InputLength = longestInput(input, megabyte)
  const value = repeatTo('Big-Value-0k!', size.length)
  const isSecret = input === 'password' || input === 'client-secret'
  return {
    name: `a 1 MB ${input}`,
    inputs: { ...given, [input]: value },
    refuses: refusing(
      input,
      new RegExp(`is ${size.length} characters long; no input may exceed`)
    ),
    ...(isSecret ? {} : { secrets: [] }),
    ...(size.note ? { notes: [size.note] } : {})
  }
}

const missingInputs: BadInputCase[] = [
  missing('subscription-id'),
  missing('resource-group'),
  missing('vm-name'),
  missing('password'),
  missing('tenant-id'),
  missing('client-id'),
  missing('tenant-id', clientSecretAuth),
  missing('client-id', clientSecretAuth),
  missing('client-secret', clientSecretAuth),
  {
    name: 'every required input missing at once',
    inputs: {
      'subscription-id': undefined,
      'resource-group': undefined,
      'vm-name': undefined,
      password: undefined
    },
    refuses: [
      { input: 'subscription-id', rule: required },
      { input: 'resource-group', rule: required },
      { input: 'vm-name', rule: required },
      { input: 'password', rule: required }
    ]
  }
]

const blankInputs: BadInputCase[] = [
  blank('subscription-id', '   '),
  blank('resource-group', ' '),
  blank('vm-name', '\t'),
  blank('tenant-id', '  '),
  blank('password', '        '),
  blank('client-secret', '   ', clientSecretAuth)
]

const unknownWords: BadInputCase[] = [
  {
    name: 'an unknown mode',
    inputs: { mode: 'reset-everything' },
    refuses: refusing('mode', notOneOf)
  },
  {
    name: 'an unknown auth-type',
    inputs: { 'auth-type': 'service-principal' },
    refuses: refusing('auth-type', notOneOf)
  },
  {
    name: 'an unknown environment',
    inputs: { environment: 'AzureGermanCloud' },
    refuses: refusing('environment', notOneOf)
  }
]

const malformedIds: BadInputCase[] = [
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

const resourceGroups: BadInputCase[] = [
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

const vmNames: BadInputCase[] = [
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

const endpoints: BadInputCase[] = [
  {
    name: 'an http resource-manager-endpoint',
    inputs: { 'resource-manager-endpoint': 'http://management.azure.com' },
    refuses: refusing('resource-manager-endpoint', /is not an https URL/)
  },
  {
    name: 'an ftp resource-manager-endpoint',
    inputs: { 'resource-manager-endpoint': 'ftp://management.azure.com' },
    refuses: refusing('resource-manager-endpoint', /is not an https URL/)
  },
  {
    name: 'a resource-manager-endpoint without a scheme',
    inputs: { 'resource-manager-endpoint': 'management.azure.com' },
    refuses: refusing('resource-manager-endpoint', /is not a URL/)
  },
  {
    name: 'a resource-manager-endpoint that is not a URL',
    inputs: { 'resource-manager-endpoint': 'the ARM endpoint' },
    refuses: refusing('resource-manager-endpoint', /is not a URL/)
  },
  {
    name: 'a resource-manager-endpoint with a query',
    inputs: {
      'resource-manager-endpoint': 'https://management.azure.com/?x=1'
    },
    refuses: refusing(
      'resource-manager-endpoint',
      /carries a query, fragment or credentials/
    )
  },
  {
    name: 'a resource-manager-endpoint with a password in it',
    inputs: {
      'resource-manager-endpoint':
        'https://admin:Hunter2-Endpoint-Secret@management.azure.com'
    },
    refuses: refusing(
      'resource-manager-endpoint',
      /carries a query, fragment or credentials/
    ),
    secrets: ['Hunter2-Endpoint-Secret']
  },
  {
    name: 'a resource-manager-endpoint of user:password@host without a scheme',
    inputs: {
      'resource-manager-endpoint': 'admin:Hunter2-Endpoint-Secret@management'
    },
    refuses: refusing('resource-manager-endpoint', /is not a URL/),
    secrets: ['Hunter2-Endpoint-Secret']
  },
  {
    name: 'an AZURE_AUTHORITY_HOST on the runner that is not https',
    inputs: {},
    env: { AZURE_AUTHORITY_HOST: 'http://login.microsoftonline.com' },
    refuses: refusing('environment', /AZURE_AUTHORITY_HOST .*not an https URL/)
  }
]

const timeouts: BadInputCase[] = ['0', '121', '-5', '1.5', 'fifteen', '1e2'].map(
  (value) => ({
    name: `a timeout-minutes of ${JSON.stringify(value)}`,
    inputs: { 'timeout-minutes': value },
    refuses: refusing('timeout-minutes', /not a whole number of minutes from 1 to 120/)
  })
)

const handlerVersions: BadInputCase[] = ['1.9', '2', '2.4.1', 'latest', 'v2.4'].map(
  (value) => ({
    name: `a type-handler-version of ${JSON.stringify(value)}`,
    inputs: { 'type-handler-version': value },
    refuses: refusing(
      'type-handler-version',
      /not a VMAccessAgent version of the form major\.minor, at least 2\.0/
    )
  })
)

const forbiddenInUsername = ['ops/admin', 'ops\\admin', 'ops@corp', 'ops"x', 'ops*', 'ops<1>', 'ops:x', 'ops;x']

const usernames: BadInputCase[] = [
  {
    name: 'a username of 21 characters',
    inputs: { username: 'u'.repeat(21) },
    refuses: refusing('username', /21 characters long; Windows allows at most 20/)
  },
  ...forbiddenInUsername.map((value) => ({
    name: `a username with a forbidden character: ${JSON.stringify(value)}`,
    inputs: { username: value },
    refuses: refusing('username', /a character Windows does not allow in account names/)
  })),
  {
    name: 'a username with a trailing period',
    inputs: { username: 'opsadmin.' },
    refuses: refusing('username', /ends with a period, which Windows does not allow/)
  },
  ...['administrator', 'Admin', 'root', 'guest', 'support_388945a0'].map(
    (value) => ({
      name: `the disallowed username ${JSON.stringify(value)}`,
      inputs: { username: value },
      refuses: refusing('username', /one of the names Azure disallows/)
    })
  )
]

const classes = /of the 4 character classes; Azure requires at least 3/

const passwords: BadInputCase[] = [
  {
    name: 'a password of 7 characters',
    inputs: { password: 'Ab1!xyz' },
    refuses: refusing('password', /is 7 characters long; Azure requires 8-123/)
  },
  {
    name: 'a password of 124 characters',
    inputs: { password: repeatTo('Long-Passw0rd!', 124) },
    refuses: refusing('password', /is 124 characters long; Azure requires 8-123/)
  },
  {
    name: 'a password of lower case letters only',
    inputs: { password: 'onlylowercaseletters' },
    refuses: refusing('password', classes)
  },
  {
    name: 'a password of lower case and digits only',
    inputs: { password: 'lowercase2026digits' },
    refuses: refusing('password', classes)
  },
  {
    name: 'a password of upper case and symbols only',
    inputs: { password: 'UPPER-CASE!ONLY#' },
    refuses: refusing('password', classes)
  },
  ...['P@ssw0rd', 'Password1', 'P@$$w0rd', 'pass@word1'].map((value) => ({
    name: `the disallowed password ${JSON.stringify(value)}`,
    inputs: { password: value },
    refuses: refusing('password', /one of the passwords Azure disallows/)
  })),
  {
    name: 'a password that contains the username',
    inputs: { username: 'opsuser', password: 'My-OpsUser-2026!' },
    refuses: refusing('password', /contains the user name "opsuser"/)
  }
]

const controlCharacters: BadInputCase[] = [
  {
    name: 'a password with a trailing newline (a secret stored with echo)',
    inputs: { password: `${validPassword}\n` },
    refuses: refusing('password', controlCharacter)
  },
  {
    name: 'a client-secret with a carriage return',
    inputs: {
      ...clientSecretAuth,
      'client-secret': `${validClientSecret}\r\nsecond-line`
    },
    refuses: refusing('client-secret', controlCharacter)
  },
  {
    name: 'a vm-name spanning two lines',
    inputs: { 'vm-name': 'vm-web-01\nvm-web-02' },
    refuses: refusing('vm-name', controlCharacter)
  },
  {
    name: 'a username with a tab inside',
    inputs: { username: 'ops\tadmin' },
    refuses: refusing('username', controlCharacter)
  },
  {
    name: 'a resource-group with an escape character',
    inputs: { 'resource-group': 'rg-\u001b[31mdemo' },
    refuses: refusing('resource-group', controlCharacter)
  },
  {
    name: 'a subscription-id with a Unicode line separator',
    inputs: { 'subscription-id': `${guid}\u2028` },
    refuses: refusing('subscription-id', controlCharacter)
  }
]

const oversizedInputs: BadInputCase[] = [
  oversized('password'),
  oversized('client-secret', clientSecretAuth),
  oversized('vm-name'),
  oversized('resource-manager-endpoint')
]

const wrongMode: BadInputCase[] = [
  {
    name: 'a password with mode reset-rdp',
    inputs: { mode: 'reset-rdp' },
    refuses: refusing('password', resetRdpOnly)
  },
  {
    name: 'a username with mode reset-rdp',
    inputs: { mode: 'reset-rdp', password: undefined, username: 'opsadmin' },
    refuses: refusing('username', resetRdpOnly)
  },
  {
    name: 'a username and a password with mode reset-rdp',
    inputs: { mode: 'reset-rdp', username: 'opsadmin' },
    refuses: [
      { input: 'password', rule: resetRdpOnly },
      { input: 'username', rule: resetRdpOnly }
    ]
  },
  {
    name: 'a client-secret with auth-type oidc',
    inputs: { 'client-secret': validClientSecret },
    refuses: refusing('client-secret', /is only used with auth-type client-secret/)
  },
  {
    name: 'a client-secret with auth-type managed-identity',
    inputs: {
      'auth-type': 'managed-identity',
      'client-secret': validClientSecret
    },
    refuses: refusing('client-secret', /is not used with auth-type managed-identity/)
  },
  {
    name: 'a client-secret with auth-type azure-cli',
    inputs: { 'auth-type': 'azure-cli', 'client-secret': validClientSecret },
    refuses: refusing('client-secret', /is not used with auth-type azure-cli/)
  }
]

const otherInputs: BadInputCase[] = [
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

/** Every bad-input case. */
export const badInputCases: readonly BadInputCase[] = [
  ...missingInputs,
  ...blankInputs,
  ...unknownWords,
  ...malformedIds,
  ...resourceGroups,
  ...vmNames,
  ...endpoints,
  ...timeouts,
  ...handlerVersions,
  ...usernames,
  ...passwords,
  ...controlCharacters,
  ...oversizedInputs,
  ...wrongMode,
  ...otherInputs
]
