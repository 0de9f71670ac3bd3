// The verification probe's output, read as untrusted text, and the checks
// that judge it: each failing check says what the guest showed and the fix.
import {
  readFacts,
  type GuestAccount,
  type GuestFacts
} from '../../src/guest/facts.ts'
import { proofFailure, passwordNotTaken } from '../../src/guest/index.ts'
import { proofOf, type Proof } from '../../src/guest/proof.ts'
import {
  renderProof,
  verificationJson,
  verifiedOf,
  whyUnverified
} from '../../src/guest/report.ts'
import type { VmRef } from '../../src/settings.ts'

const target: VmRef = {
  subscriptionId: '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f',
  resourceGroup: 'rg-prod',
  vmName: 'web-01'
}

function facts(change: (f: GuestFacts) => void = () => undefined): GuestFacts {
  const f: GuestFacts = {
    probe: 'verify/2',
    time: '2026-12-02T13:01:00.000Z',
    domainRole: 3,
    account: {
      name: 'azureadmin',
      exists: true,
      enabled: true,
      admin: true,
      passwordLastSet: '2026-12-02T13:00:40.000Z',
      passwordAgeSeconds: 20
    },
    logon: { attempted: true, code: 0 },
    rdp: {
      fDenyTSConnections: 0,
      portNumber: 3389,
      termService: 'Running',
      firewall: {
        activeProfiles: ['Public'],
        enabledProfiles: ['Domain', 'Private', 'Public']
      }
    }
  }
  change(f)
  return f
}

// Azure accepted the write a minute before the guest answered.
const expected = {
  target,
  username: 'azureadmin',
  passwordTried: true,
  sinceWriteMs: 60_000
}

/** The facts with the account changed as given. */
function withAccount(over: Partial<GuestAccount>): GuestFacts {
  return facts((f) => {
    f.account = { name: 'azureadmin', exists: true, ...f.account, ...over }
  })
}

function verdicts(proof: Proof): Record<string, string> {
  if ('reason' in proof) throw new Error('no checks')
  return Object.fromEntries(proof.checks.map((c) => [c.check, c.verdict]))
}

describe('readFacts', () => {
  const line = JSON.stringify(facts())

  it('reads the last JSON line, after any noise the guest printed', () => {
    const read = readFacts(
      `WARNING: profile loaded\r\n${'x'.repeat(3000)}\n${line}\n`
    )

    expect(read).toEqual({ facts: facts() })
  })

  it('takes a one-item profile list written as a string (PowerShell 5.1)', () => {
    const read = readFacts(
      line.replace('"activeProfiles":["Public"]', '"activeProfiles":"Public"')
    )

    expect(read).toEqual({ facts: facts() })
  })

  it.each([
    ['no JSON at all', 'Access is denied.', 'is missing or cut'],
    ['a cut line', line.slice(0, 60), 'is cut or malformed'],
    [
      'another shape',
      JSON.stringify({ probe: 'verify/2' }),
      'does not match verify/2'
    ],
    [
      'a hostile port',
      line.replace('"portNumber":3389', '"portNumber":"3389; rm"'),
      'does not match verify/2'
    ]
  ])('refuses %s', (_, stdout, why) => {
    const read = readFacts(stdout)

    expect(read).toEqual({ unreadable: expect.stringContaining(why) as string })
  })
})

describe('proofOf', () => {
  it('passes a reset that took, every check listed', () => {
    const proof = proofOf(facts(), expected)

    expect(proof.verified).toBe('true')
    expect(verdicts(proof)).toEqual({
      'account-exists': 'pass',
      'account-enabled': 'pass',
      'account-admin': 'pass',
      'password-accepted': 'pass',
      'password-set': 'pass',
      'rdp-enabled': 'pass',
      'rdp-service': 'pass',
      'rdp-firewall': 'pass',
      'rdp-port': 'pass'
    })
  })

  it('checks only Remote Desktop when no account was reset (reset-rdp)', () => {
    const proof = proofOf(facts(), { target })

    expect(Object.keys(verdicts(proof))).toEqual([
      'rdp-enabled',
      'rdp-service',
      'rdp-firewall',
      'rdp-port'
    ])
  })

  it('fails the silent success: the account refuses this run’s password', () => {
    const proof = proofOf(
      facts((f) => (f.logon = { attempted: true, code: 1326 })),
      expected
    )

    expect(verdicts(proof)['password-accepted']).toBe('fail')
    expect(passwordNotTaken(proof)).toBe(true)
    expect(proofFailure(proof)?.message).toContain(
      'The account refuses this run’s password (Windows error 1326): the password did not change.'
    )
    expect(proofFailure(proof)?.change).toBe('applied-unverified')
  })

  it('compares the password’s age with the time since the write, both durations, to the second', () => {
    const aged = (seconds: number): Proof =>
      proofOf(
        facts((f) => {
          f.account = {
            name: 'azureadmin',
            exists: true,
            ...f.account,
            passwordAgeSeconds: seconds
          }
          f.logon = { attempted: true, code: 1385 }
        }),
        expected
      )

    expect(verdicts(aged(60))['password-set']).toBe('pass')
    expect(verdicts(aged(61))['password-set']).toBe('fail')
    expect(passwordNotTaken(aged(61))).toBe(true)
    expect(proofFailure(aged(61))?.message).toContain(
      'set 61 s ago by the guest’s clock, before Azure accepted this run’s write (60 s ago): the password did not change'
    )
  })

  it('does not read the guest’s clock against the runner’s: a guest 8 minutes behind passes', () => {
    const proof = proofOf(
      facts((f) => {
        f.time = '2026-12-02T12:53:00.000Z'
        f.account = {
          name: 'azureadmin',
          exists: true,
          ...f.account,
          passwordLastSet: '2026-12-02T12:52:40.000Z'
        }
      }),
      expected
    )

    expect(proof.verified).toBe('true')
  })

  it('calls a logon the guest’s policy denies unknown, never "not taken", and names the policy', () => {
    const proof = proofOf(
      facts((f) => (f.logon = { attempted: true, code: 1385 })),
      expected
    )

    expect(proof.verified).toBe('unknown')
    expect(verdicts(proof)['password-accepted']).toBe('unknown')
    expect(passwordNotTaken(proof)).toBe(false)
    expect(proofFailure(proof)).toBeUndefined()
    expect(whyUnverified(proof)).toContain(
      'Access this computer from the network'
    )
    expect(renderProof(proof)).toContain('❔')
  })

  it.each([
    [
      'a repeated execution that found its marker',
      { attempted: false, code: -1 },
      'does not try twice'
    ],
    ['a locked-out account', { attempted: true, code: 1909 }, 'locked out'],
    [
      'an error it does not know',
      { attempted: true, code: 5 },
      'Windows error 5'
    ]
  ])('calls %s unknown', (_, logon, why) => {
    const proof = proofOf(
      facts((f) => (f.logon = logon)),
      expected
    )

    expect(proof.verified).toBe('unknown')
    expect(whyUnverified(proof)).toContain(why)
  })

  it('calls a password Windows wants changed accepted, with a warning', () => {
    const proof = proofOf(
      facts((f) => (f.logon = { attempted: true, code: 1907 })),
      expected
    )

    expect(proof.verified).toBe('true')
    expect(verdicts(proof)['password-accepted']).toBe('warn')
  })

  it('warns, not fails, when the account accepts a password it already had', () => {
    const proof = proofOf(withAccount({ passwordAgeSeconds: 86_400 }), expected)

    expect(proof.verified).toBe('true')
    expect(verdicts(proof)['password-set']).toBe('warn')
    expect(passwordNotTaken(proof)).toBe(false)
  })

  it('fails a missing account, and counts it as a password not taken', () => {
    const proof = proofOf(
      facts((f) => {
        f.account = { name: 'azureadmin', exists: false }
      }),
      expected
    )

    expect(verdicts(proof)).toMatchObject({ 'account-exists': 'fail' })
    expect(passwordNotTaken(proof)).toBe(true)
  })

  it.each([
    ['account-enabled', withAccount({ enabled: false }), 'net user'],
    [
      'account-admin',
      withAccount({ admin: false }),
      'Add-LocalGroupMember -SID S-1-5-32-544'
    ],
    [
      'rdp-enabled',
      facts((f) => (f.rdp.fDenyTSConnections = 1)),
      'Group Policy'
    ],
    [
      'rdp-service',
      facts((f) => (f.rdp.termService = 'Stopped')),
      'Start-Service TermService'
    ],
    [
      'rdp-firewall',
      facts((f) => (f.rdp.firewall.enabledProfiles = ['Domain'])),
      'Enable-NetFirewallRule'
    ]
  ])('fails %s with its own next step', (check, guest, fix) => {
    const proof = proofOf(guest, expected)
    const failing =
      proof.verified === 'false'
        ? proof.checks.filter((c) => c.verdict === 'fail')
        : []

    expect(failing.map((c) => c.check)).toEqual([check])
    expect(failing[0]?.fix).toContain(fix)
    expect(passwordNotTaken(proof)).toBe(false)
    expect(proofFailure(proof)?.fix).toContain(fix)
  })

  it('warns, and does not fail, when RDP listens on another port', () => {
    const proof = proofOf(
      facts((f) => (f.rdp.portNumber = 3390)),
      expected
    )

    expect(proof.verified).toBe('true')
    expect(verdicts(proof)['rdp-port']).toBe('warn')
    expect(proofFailure(proof)).toBeUndefined()
  })

  it('names the VM in the commands it prints, with the arguments az needs', () => {
    const proof = proofOf(
      facts((f) => (f.rdp.termService = 'Stopped')),
      expected
    )
    const fix = proofFailure(proof)?.fix ?? ''

    expect(fix).toContain(
      'az vm run-command invoke -g rg-prod -n web-01 --command-id RunPowerShellScript --scripts'
    )
  })
})

describe('the proof as outputs and summary', () => {
  it('outputs each check and its value, never the says/fix prose', () => {
    const proof = proofOf(facts(), expected)
    const json = JSON.parse(verificationJson(proof, 'verify-off')) as {
      checks: unknown[]
    }

    expect(verifiedOf(proof)).toBe('true')
    expect(json.checks[3]).toEqual({
      check: 'password-accepted',
      verdict: 'pass',
      value: true
    })
  })

  it('says why there is no proof', () => {
    expect(JSON.parse(verificationJson(undefined, 'verify-off'))).toEqual({
      verified: 'unknown',
      reason: 'verify: false'
    })
    expect(verifiedOf(undefined)).toBe('unknown')
  })

  it('escapes what the guest said, in the summary', () => {
    const proof = proofOf(
      facts((f) => {
        f.rdp.termService = '<img src=x onerror=alert(1)>'
      }),
      expected
    )

    const html = renderProof(proof)

    expect(html).toContain('❌ The TermService service is &#60;img')
    expect(html).not.toContain('<img')
  })

  it('renders an unknown proof as one notice naming the cause and verify: false', () => {
    const html = renderProof({
      verified: 'unknown',
      reason: 'the identity may not use Run Command'
    })

    expect(html).toContain(
      'Not verified inside the guest: the identity may not use Run Command.'
    )
    expect(html).toContain('verify: false')
  })
})
