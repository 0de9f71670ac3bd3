// Pure: what the verification probe printed, read and checked against its
// schema. The text comes from the guest, so nothing in it is trusted: a line
// that is not the probe's JSON is not facts.
import { Ajv, type JSONSchemaType } from 'ajv'
import { clip } from '../markup.ts'

/** The account as the guest shows it. */
export interface GuestAccount {
  name: string
  exists: boolean
  enabled?: boolean
  /** Member of the local Administrators group (S-1-5-32-544). */
  admin?: boolean
  /** ISO time; null when never set. */
  passwordLastSet?: string | null
  /** Seconds since it was set, by the guest's own clock. */
  passwordAgeSeconds?: number
}

/** The one network logon verify/2 tried with this run's password. */
export interface GuestLogon {
  /** False when a repeated execution found the attempt already made. */
  attempted: boolean
  /** LogonUser's Win32 error code; 0 when the password was accepted. */
  code: number
}

/** What verify/2 reports of the guest. */
export interface GuestFacts {
  probe: 'verify/2'
  /** The guest's clock, ISO. */
  time: string
  /** Win32_ComputerSystem.DomainRole: 4 and 5 are domain controllers. */
  domainRole: number
  /** Present when the probe was asked about an account. */
  account?: GuestAccount
  /** Present when it was given a password to try. */
  logon?: GuestLogon
  rdp: {
    fDenyTSConnections: number
    portNumber: number
    termService: string
    firewall: { activeProfiles: string[]; enabledProfiles: string[] }
  }
}

// PowerShell 5.1's ConvertTo-Json writes a one-item array as its item.
const profiles = {
  anyOf: [
    { type: 'array', items: { type: 'string', maxLength: 32 }, maxItems: 8 },
    { type: 'string', maxLength: 32 }
  ]
} as const

const schema = {
  type: 'object',
  required: ['probe', 'time', 'domainRole', 'rdp'],
  properties: {
    probe: { const: 'verify/2' },
    time: { type: 'string', maxLength: 40 },
    domainRole: { type: 'integer', minimum: 0, maximum: 5 },
    account: {
      type: 'object',
      required: ['name', 'exists'],
      properties: {
        name: { type: 'string', maxLength: 256 },
        exists: { type: 'boolean' },
        enabled: { type: 'boolean' },
        admin: { type: 'boolean' },
        passwordLastSet: { type: ['string', 'null'], maxLength: 40 },
        passwordAgeSeconds: { type: 'integer', minimum: 0 }
      }
    },
    logon: {
      type: 'object',
      required: ['attempted', 'code'],
      properties: {
        attempted: { type: 'boolean' },
        code: { type: 'integer' }
      }
    },
    rdp: {
      type: 'object',
      required: ['fDenyTSConnections', 'portNumber', 'termService', 'firewall'],
      properties: {
        fDenyTSConnections: { type: 'integer' },
        portNumber: { type: 'integer', minimum: 0, maximum: 65535 },
        termService: { type: 'string', maxLength: 32 },
        firewall: {
          type: 'object',
          required: ['activeProfiles', 'enabledProfiles'],
          properties: { activeProfiles: profiles, enabledProfiles: profiles }
        }
      }
    }
  }
} as const

type Raw = Omit<GuestFacts, 'rdp'> & {
  rdp: Omit<GuestFacts['rdp'], 'firewall'> & {
    firewall: { activeProfiles: unknown; enabledProfiles: unknown }
  }
}

const isProbeOutput = new Ajv({ allErrors: false, strict: false }).compile(
  schema as unknown as JSONSchemaType<Raw>
)

/** The facts in the probe's stdout (its last JSON line), or why there are none. */
export function readFacts(
  stdout: string
): { facts: GuestFacts } | { unreadable: string } {
  const line = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .pop()
  if (line === undefined) {
    // Run Command keeps the last 4,096 bytes: a long line loses its start.
    return {
      unreadable:
        'the probe’s JSON line is missing or cut (Run Command keeps only the last 4,096 bytes of output)'
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    return { unreadable: 'the probe’s JSON line is cut or malformed' }
  }
  if (!isProbeOutput(parsed)) {
    const first = isProbeOutput.errors?.[0]
    return {
      // The path is made of the guest's own keys: kept short.
      unreadable: `the probe’s JSON does not match verify/2 (${clip(`${first?.instancePath || '/'} ${first?.message ?? ''}`, 120)})`
    }
  }
  return { facts: normalised(parsed) }
}

function normalised(raw: Raw): GuestFacts {
  const list = (v: unknown): string[] =>
    Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []
  const { firewall } = raw.rdp
  return {
    ...raw,
    rdp: {
      ...raw.rdp,
      firewall: {
        activeProfiles: list(firewall.activeProfiles),
        enabledProfiles: list(firewall.enabledProfiles)
      }
    }
  }
}
