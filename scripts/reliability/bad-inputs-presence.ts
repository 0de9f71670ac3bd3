// Bad inputs about which inputs are given: missing, blank, unknown words,
// and inputs the chosen mode or auth-type does not use.
import {
  blank,
  clientSecretAuth,
  missing,
  notOneOf,
  refusing,
  required,
  resetRdpOnly,
  validClientSecret,
  type BadInputCase
} from './bad-input-case.ts'

/** Required inputs left out, per auth-type and mode. */
export const missingInputs: BadInputCase[] = [
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

/** Required inputs given as whitespace only. */
export const blankInputs: BadInputCase[] = [
  blank('subscription-id', '   '),
  blank('resource-group', ' '),
  blank('vm-name', '\t'),
  blank('tenant-id', '  '),
  blank('password', '        '),
  blank('client-secret', '   ', clientSecretAuth)
]

/** mode, auth-type and environment outside their sets. */
export const unknownWords: BadInputCase[] = [
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

/** Inputs the chosen mode or auth-type refuses rather than ignores. */
export const wrongMode: BadInputCase[] = [
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
    refuses: refusing(
      'client-secret',
      /is only used with auth-type client-secret/
    )
  },
  {
    name: 'a client-secret with auth-type managed-identity',
    inputs: {
      'auth-type': 'managed-identity',
      'client-secret': validClientSecret
    },
    refuses: refusing(
      'client-secret',
      /is not used with auth-type managed-identity/
    )
  },
  {
    name: 'a client-secret with auth-type azure-cli',
    inputs: { 'auth-type': 'azure-cli', 'client-secret': validClientSecret },
    refuses: refusing('client-secret', /is not used with auth-type azure-cli/)
  }
]
