// Resource Manager echoes the password back in an error, written in each of
// the encodings a server or a guest script uses. The secret scan of every
// case looks for each form (src/secret.ts derivedForms) in the log, the
// outputs (results included) and the summary.
import { faultPassword, once, type FaultCase } from './fault-case.ts'

// Spaces and !'() are written differently by form encoding than by
// encodeURIComponent; the fault password has none.
const formPassword = "Form Encoded+Pa55 (w0rd)!'"
// 28 bytes: a blob that holds it on a 3-byte boundary holds no whole
// base64 of it (the fault password, 27 bytes, would be caught as that).
const blobPassword = 'Blob"Case\\Pa<ss>&w0rd%271829'

/** The script a guest runs, as PowerShell's -EncodedCommand carries it. */
const setPasswordScript = `Set-LocalUser -Name azureadmin -Password (ConvertTo-SecureString '${faultPassword}' -AsPlainText -Force)`

const base64 = (text: string, encoding: BufferEncoding = 'utf8'): string =>
  Buffer.from(text, encoding).toString('base64')

/** A case where the extension PUT is refused with `echo` in its message. */
function echoCase(form: string, echo: string, password?: string): FaultCase {
  return {
    name: `Resource Manager echoes the password ${form} when it refuses the extension`,
    vm: 'vm-web-01',
    ...(password ? { inputs: () => ({ password }) } : {}),
    faults: [
      once('VirtualMachineExtensions_CreateOrUpdate', {
        status: 400,
        code: 'InvalidParameter',
        message: `The value ${echo} of 'protectedSettings' is not valid.`
      })
    ],
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-removed',
      says: 'InvalidParameter',
      nextStep: "look up 'InvalidParameter' in the Azure activity log"
    }
  }
}

/** The password echoed in each encoding the redactor must know. */
export const echoedPasswordCases: FaultCase[] = [
  echoCase(
    'form-encoded (+ for a space)',
    new URLSearchParams({ adminPassword: formPassword }).toString(),
    formPassword
  ),
  echoCase(
    'JSON-escaped the .NET way (\\u0022, \\u003C)',
    'Fault\\u0022Case\\\\Pa\\u003Css\\u003E\\u0026w0rd%2718'
  ),
  echoCase(
    'HTML-encoded with named entities',
    'Fault&quot;Case\\Pa&lt;ss&gt;&amp;w0rd%2718'
  ),
  echoCase('as UTF-16LE base64', base64(faultPassword, 'utf16le')),
  ...[0, 1, 2].map((shift) =>
    echoCase(
      `inside a longer base64 blob (shifted by ${shift})`,
      base64(`${'#'.repeat(shift)}net user azureadmin '${blobPassword}' /y`),
      blobPassword
    )
  ),
  echoCase(
    'inside a PowerShell -EncodedCommand',
    `-EncodedCommand ${base64(setPasswordScript, 'utf16le')}`
  ),
  // The log and the summary get it JSON-escaped once; `results`, a JSON
  // output, escapes it again.
  echoCase(
    'JSON-escaped, in a request body',
    JSON.stringify({ adminPassword: faultPassword })
  )
]
