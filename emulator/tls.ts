import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { generate } from 'selfsigned'

/** The emulator's TLS material: a fresh CA and a server certificate it signed. */
export interface TlsMaterial {
  /** PEM of the CA that signed the server certificate; trust it to talk to the emulator. */
  caPem: string
  /** File holding `caPem`, for NODE_EXTRA_CA_CERTS. */
  caPath: string
  serverKeyPem: string
  serverCertPem: string
  /** Removes the temp folder holding `caPath`. */
  dispose: () => Promise<void>
}

// EC keys: RSA generation would add a second or more to every emulator start.
const keyOptions = {
  keyType: 'ec',
  curve: 'P-256',
  algorithm: 'sha256'
} as const

/** Makes a CA and a server certificate for 127.0.0.1/localhost; nothing is checked in or reused. */
export async function createTlsMaterial(): Promise<TlsMaterial> {
  const ca = await generate(
    [{ name: 'commonName', value: 'azure-vm-access-reset emulator CA' }],
    {
      ...keyOptions,
      notAfterDate: daysFromNow(2),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      ]
    }
  )
  const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    ...keyOptions,
    notAfterDate: daysFromNow(2),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' }
        ]
      }
    ]
  })
  const folder = await mkdtemp(path.join(tmpdir(), 'vm-access-emulator-'))
  const caPath = path.join(folder, 'emulator-ca.pem')
  await writeFile(caPath, ca.cert)
  return {
    caPem: ca.cert,
    caPath,
    serverKeyPem: server.private,
    serverCertPem: server.cert,
    dispose: () => rm(folder, { recursive: true, force: true })
  }
}

function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * 24 * 3600 * 1000)
}
