// A Redactor fed with `secrets`, its ::add-mask:: lines kept out of the test log.
import { jest } from '@jest/globals'
import { Redactor } from '../../src/secret.ts'

/** A Redactor that has masked `secrets`; what mask() printed is returned too. */
export function quietRedactor(...secrets: string[]): Redactor {
  return maskQuietly(secrets).redactor
}

/** Masks `secrets` through a new Redactor and returns what it printed. */
export function maskQuietly(secrets: readonly string[]): {
  redactor: Redactor
  printed: string
} {
  let printed = ''
  const write = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => {
      printed += String(chunk)
      return true
    })
  const redactor = new Redactor()
  try {
    for (const secret of secrets) redactor.mask(secret)
  } finally {
    write.mockRestore()
  }
  return { redactor, printed }
}
