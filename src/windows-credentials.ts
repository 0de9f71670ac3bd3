// Pure rules for a Windows account name and password, as Azure applies them
// to a VM's admin: https://learn.microsoft.com/azure/virtual-machines/windows/faq
// ("What are the username requirements" and "password requirements").
import { quote, type Check, type Problem } from './validation.ts'

// Names Azure refuses for a Windows admin (OSProfile.adminUsername).
const disallowedUsernames = new Set([
  'administrator',
  'admin',
  'user',
  'user1',
  'test',
  'user2',
  'test1',
  'user3',
  'admin1',
  '1',
  '123',
  'a',
  'actuser',
  'adm',
  'admin2',
  'aspnet',
  'backup',
  'console',
  'david',
  'guest',
  'john',
  'owner',
  'root',
  'server',
  'sql',
  'support',
  'support_388945a0',
  'sys',
  'test2',
  'test3',
  'user4',
  'user5'
])

/** A local Windows account name that Azure accepts. */
export const checkUsername: Check = (value) => {
  const fix =
    'Leave username empty to use the VM’s admin account, or pick another name.'
  if (value.length > 20) {
    return {
      problem: `is ${value.length} characters long; Windows allows at most 20`,
      fix
    }
  }
  if (/["/\\[\]:;|=,+*?<>@]/.test(value)) {
    return {
      problem: `${quote(value)} contains a character Windows does not allow in account names (" / \\ [ ] : ; | = , + * ? < > @)`,
      fix
    }
  }
  if (value.endsWith('.')) {
    return {
      problem: `${quote(value)} ends with a period, which Windows does not allow`,
      fix
    }
  }
  if (/^[.\s]+$/.test(value)) {
    return { problem: 'consists only of periods and spaces', fix }
  }
  if (disallowedUsernames.has(value.toLowerCase())) {
    return {
      problem: `${quote(value)} is one of the names Azure disallows for a Windows administrator`,
      fix
    }
  }
  return undefined
}

// Passwords Azure refuses for a Windows admin (OSProfile.adminPassword).
const disallowedPasswords = new Set([
  'abc@123',
  'P@$$w0rd',
  'P@ssw0rd',
  'P@ssword123',
  'Pa$$word',
  'pass@word1',
  'Password!',
  'Password1',
  'Password22',
  'iloveyou!'
])

/** Azure's Windows password rules; the message never contains the password. */
export function checkPassword(
  password: string,
  username?: string
): Problem | undefined {
  const fix =
    'Use 8-123 characters with at least three of: lower case, upper case, digit, special character.'
  if (password.length < 8 || password.length > 123) {
    return {
      problem: `is ${password.length} characters long; Azure requires 8-123 for Windows`,
      fix
    }
  }
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[\W_]/].filter((c) =>
    c.test(password)
  )
  if (classes.length < 3) {
    return {
      problem: `uses ${classes.length} of the 4 character classes; Azure requires at least 3`,
      fix
    }
  }
  if (disallowedPasswords.has(password)) {
    return {
      problem: 'is one of the passwords Azure disallows for Windows',
      fix: 'Choose a password that is not a well-known one.'
    }
  }
  // Windows' complexity policy refuses a password that contains the account name.
  if (
    username &&
    username.length >= 3 &&
    password.toLowerCase().includes(username.toLowerCase())
  ) {
    return {
      problem: `contains the user name ${quote(username)}, which Windows refuses`,
      fix: 'Choose a password that does not contain the account name.'
    }
  }
  return undefined
}
