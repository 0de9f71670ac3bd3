// Faults of the sign-in: GitHub's OIDC token service and Entra ID.
import { createServer } from 'node:net'
import { once, summaryText, type FaultCase } from './fault-case.ts'

const unknownTenant = '3c6f0b1e-8a4d-4f3e-9b2a-7d5e6f8a9b0c'

/** Faults of GitHub OIDC and Entra ID: nothing may reach Resource Manager when sign-in fails. */
export const signIn: FaultCase[] = [
  {
    name: "GitHub's OIDC token service answers 503 once",
    vm: 'vm-web-01',
    faults: [once('GitHub_GetIdToken', { status: 503 })],
    expect: { outcome: 'survives' }
  },
  {
    name: "GitHub's OIDC token service answers 503 on every try",
    vm: 'vm-web-01',
    faults: [
      { operationId: 'GitHub_GetIdToken', fault: { status: 503, times: 1000 } }
    ],
    persistent: true,
    expect: {
      outcome: 'fails',
      stage: 'sign-in',
      change: 'none',
      says: 'Could not get a GitHub OIDC token',
      nextStep: "GitHub's OIDC token service failed"
    }
  },
  {
    name: 'the runner has no ACTIONS_ID_TOKEN_REQUEST_URL (no id-token: write)',
    vm: 'vm-web-01',
    env: () =>
      Promise.resolve({
        ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined
      }),
    expect: {
      outcome: 'fails',
      stage: 'sign-in',
      change: 'none',
      says: 'ACTIONS_ID_TOKEN_REQUEST_URL',
      nextStep: 'permissions: id-token: write'
    }
  },
  {
    name: 'Entra ID finds no federated credential for the subject (AADSTS70021)',
    vm: 'vm-web-01',
    envOptions: { subject: 'repo:octo-org/octo-repo:ref:refs/heads/feature-x' },
    expect: {
      outcome: 'fails',
      stage: 'sign-in',
      change: 'none',
      says: 'AADSTS70021',
      nextStep: "subject 'repo:octo-org/octo-repo:ref:refs/heads/feature-x'"
    }
  },
  {
    name: 'Entra ID does not know the client-id (AADSTS700016)',
    vm: 'vm-web-01',
    inputs: () => ({ 'client-id': '0b8f1c3e-5d7a-4e2b-9c6d-1a2b3c4d5e6f' }),
    expect: {
      outcome: 'fails',
      stage: 'sign-in',
      change: 'none',
      says: 'AADSTS700016',
      nextStep: 'the app is not registered in that tenant'
    }
  },
  {
    name: 'Entra ID refuses the client secret (AADSTS7000215)',
    vm: 'vm-web-01',
    envOptions: { auth: 'client-secret' },
    inputs: () => ({
      'auth-type': 'client-secret',
      'client-secret': 'Wrong-Client-Secret~7f2Qx'
    }),
    expect: {
      outcome: 'fails',
      stage: 'sign-in',
      change: 'none',
      says: 'AADSTS7000215',
      nextStep: 'The client secret is wrong or expired'
    }
  },
  {
    name: 'Entra ID is unreachable (AZURE_AUTHORITY_HOST on a closed port)',
    vm: 'vm-web-01',
    env: async () => ({
      AZURE_AUTHORITY_HOST: `https://127.0.0.1:${await closedPort()}`
    }),
    expect: {
      outcome: 'fails',
      stage: 'sign-in',
      change: 'none',
      nextStep: 'reach Entra ID'
    },
    checks: [
      ({ emulator }) =>
        emulator.requests.some((r) => r.service === 'entra')
          ? ['the closed authority host still reached the emulator’s Entra']
          : [],
      // STYLE §5: an error names the thing; here, the host it could not reach.
      ({ step, env }) => {
        const host = new URL(env['AZURE_AUTHORITY_HOST'] ?? '').host
        return summaryText(step).includes(host)
          ? []
          : [`the summary never names the unreachable authority ${host}`]
      }
    ]
  },
  {
    name: 'Entra ID does not know the tenant-id',
    vm: 'vm-web-01',
    inputs: () => ({ 'tenant-id': unknownTenant }),
    expect: {
      outcome: 'fails',
      stage: 'sign-in',
      change: 'none',
      says: unknownTenant,
      nextStep: 'Check tenant-id'
    }
  },
  {
    name: 'the Entra token endpoint throttles (429, Retry-After: 1)',
    vm: 'vm-web-01',
    faults: [once('Entra_Token', { status: 429, retryAfterSeconds: 1 })],
    expect: {
      outcome: 'survives',
      waits: { operationId: 'Entra_Token', status: 429, atLeastMs: 1000 }
    }
  },
  {
    name: 'the Entra token endpoint answers 503 once',
    vm: 'vm-web-01',
    faults: [once('Entra_Token', { status: 503 })],
    expect: { outcome: 'survives' }
  },
  {
    name: 'GitHub hands out an OIDC token that has already expired (AADSTS700024)',
    vm: 'vm-web-01',
    scenario: (s) => s.oidcTokensExpired(),
    expect: {
      outcome: 'fails',
      stage: 'sign-in',
      change: 'none',
      says: 'AADSTS700024',
      nextStep: 'The GitHub token expired before it was exchanged'
    }
  }
]

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') {
    throw new Error('no TCP address for the closed port')
  }
  return address.port
}
