// A Redactor fed with `secrets`, its ::add-mask:: lines kept out of the test log.
import { jest } from '@jest/globals'
import { Redactor } from '../../src/secret.ts'

/** Runs `act` and returns what it wrote to stdout, which the test log does not show. */
export function captureStdout(act: () => void): string {
  let printed = ''
  const write = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => {
      printed += String(chunk)
      return true
    })
  try {
    act()
  } finally {
    write.mockRestore()
  }
  return printed
}

/** A Redactor that has masked `secrets`. */
export function quietRedactor(...secrets: string[]): Redactor {
  return maskQuietly(secrets).redactor
}

/** Masks `secrets` through a new Redactor and returns what it printed. */
export function maskQuietly(secrets: readonly string[]): {
  redactor: Redactor
  printed: string
} {
  const redactor = new Redactor()
  const printed = captureStdout(() => {
    for (const secret of secrets) redactor.mask(secret)
  })
  return { redactor, printed }
}
