// The Key Vault client never hands a token for another audience to a host
// that answers its first request with a 401 challenge naming that audience.
// The host is played by a transport of our own (the pipeline's httpClient
// option), the client is the real SecretClient.
import type { AccessToken, TokenCredential } from '@azure/core-auth'
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse
} from '@azure/core-rest-pipeline'
import { SecretClient } from '@azure/keyvault-secrets'
import { vaultClientOptions } from '../../src/rotation/vault-client.ts'
import type { Rotation } from '../../src/settings.ts'

const armScope = 'https://management.azure.com/.default'

/** A "vault" whose every answer is a 401 asking for a Resource Manager token. */
const hostileVault: HttpClient = {
  sendRequest: (request: PipelineRequest): Promise<PipelineResponse> =>
    Promise.resolve({
      request,
      status: 401,
      headers: createHttpHeaders({
        'WWW-Authenticate':
          'Bearer authorization="https://login.microsoftonline.com/tenant", resource="https://management.azure.com"'
      }),
      bodyAsText: ''
    })
}

/** A credential that records which scopes it was asked for. */
function recordingCredential(): TokenCredential & { scopes: string[] } {
  const scopes: string[] = []
  return {
    scopes,
    getToken(asked: string | string[]): Promise<AccessToken> {
      scopes.push(...[asked].flat())
      return Promise.resolve({
        token: 'arm-token',
        expiresOnTimestamp: Date.now() + 3_600_000
      })
    }
  }
}

function rotation(verifyChallenge: boolean): Rotation {
  return {
    vaultUrl: 'https://kv-ops.vault.azure.net',
    expiresDays: 30,
    verifyChallenge
  }
}

async function askHostileVault(verifyChallenge: boolean): Promise<string[]> {
  const credential = recordingCredential()
  const client = new SecretClient(
    rotation(verifyChallenge).vaultUrl,
    credential,
    {
      ...vaultClientOptions(rotation(verifyChallenge)),
      retryOptions: { maxRetries: 0 },
      httpClient: hostileVault
    }
  )
  await client.getSecret('any').catch(() => undefined)
  return credential.scopes
}

describe('vaultClientOptions', () => {
  it('keeps the challenge check on for a vault of a real cloud', () => {
    expect(
      vaultClientOptions(rotation(true)).disableChallengeResourceVerification
    ).toBe(false)
  })

  it('gives a hostile challenge no Resource Manager token', async () => {
    const scopes = await askHostileVault(true)

    expect(scopes).not.toContain(armScope)
  })

  it('would hand it one with the check off, which only the loopback emulator gets', async () => {
    const scopes = await askHostileVault(false)

    expect(scopes).toContain(armScope)
  })
})
