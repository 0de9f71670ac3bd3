// Bad text in any input: control characters and a megabyte pasted by mistake.
import {
  clientSecretAuth,
  controlCharacter,
  guid,
  oversized,
  refusing,
  validClientSecret,
  validPassword,
  type BadInputCase
} from './bad-input-case.ts'

/** Line breaks and control characters inside a value. */
export const controlCharacters: BadInputCase[] = [
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
    // Two lines are two VMs now; a control character inside a name is not.
    name: 'a vm-name with a vertical tab inside',
    inputs: { 'vm-name': 'vm-web\u000b01' },
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
    // Inside the value: getInput's trim() would drop a trailing U+2028.
    name: 'a subscription-id with a Unicode line separator inside',
    inputs: { 'subscription-id': `${guid.slice(0, 8)}\u2028${guid.slice(8)}` },
    refuses: refusing('subscription-id', controlCharacter)
  }
]

/** A megabyte pasted into an input. */
export const oversizedInputs: BadInputCase[] = [
  oversized('password'),
  oversized('client-secret', clientSecretAuth),
  oversized('vm-name'),
  oversized('resource-manager-endpoint')
]
