// Bad Windows accounts and passwords, by Azure's rules for a Windows admin.
import { refusing, type BadInputCase } from './bad-input-case.ts'
import { repeatTo } from './env-limits.ts'

const forbiddenInUsername = [
  'ops/admin',
  'ops\\admin',
  'ops@corp',
  'ops"x',
  'ops*',
  'ops<1>',
  'ops:x',
  'ops;x'
]

/** Windows account names Azure refuses for an admin. */
export const usernames: BadInputCase[] = [
  {
    name: 'a username of 21 characters',
    inputs: { username: 'u'.repeat(21) },
    refuses: refusing(
      'username',
      /21 characters long; Windows allows at most 20/
    )
  },
  ...forbiddenInUsername.map((value) => ({
    name: `a username with a forbidden character: ${JSON.stringify(value)}`,
    inputs: { username: value },
    refuses: refusing(
      'username',
      /a character Windows does not allow in account names/
    )
  })),
  {
    name: 'a username with a trailing period',
    inputs: { username: 'opsadmin.' },
    refuses: refusing(
      'username',
      /ends with a period, which Windows does not allow/
    )
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

/** Passwords outside Azure's Windows password rules. */
export const passwords: BadInputCase[] = [
  {
    name: 'a password of 7 characters',
    inputs: { password: 'Ab1!xyz' },
    refuses: refusing('password', /is 7 characters long; Azure requires 8-123/)
  },
  {
    name: 'a password of 124 characters',
    inputs: { password: repeatTo('Long-Passw0rd!', 124) },
    refuses: refusing(
      'password',
      /is 124 characters long; Azure requires 8-123/
    )
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
