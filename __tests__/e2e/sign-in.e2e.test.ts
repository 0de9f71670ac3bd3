import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runStep } from '../../scripts/runner.ts'
import {
  newPassword,
  runAction,
  freshEmulatorPerTest
} from './action-fixture.ts'

describe('sign-in, end to end', () => {
  const emulator = freshEmulatorPerTest()

  it('signs in with a client secret', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      'auth-type': 'client-secret',
      'client-secret': emulator().clientSecret,
      password: newPassword
    })

    expect(step.exitCode).toBe(0)
    expect(emulator().requests.some((r) => r.service === 'github')).toBe(false)
  })

  it('asks GitHub for one OIDC token per sign-in, though MSAL asks twice', async () => {
    await runAction(emulator(), 'vm-web-01', { password: newPassword })

    const oidc = emulator().requests.filter((r) => r.service === 'github')
    expect(oidc).toHaveLength(1)
    expect(
      emulator().requests.filter(
        (r) => r.service === 'entra' && r.method === 'POST'
      )
    ).toHaveLength(1)
  })

  it('prints the subject to register when Entra finds no federated credential (AADSTS70021)', async () => {
    const step = await runAction(
      emulator(),
      'vm-web-01',
      { password: newPassword },
      emulator().env({
        subject: 'repo:octo-org/octo-repo:ref:refs/heads/feature-x'
      })
    )

    expect(step.exitCode).toBe(1)
    expect(step.stdout).toContain('AADSTS70021')
    expect(step.stdout).toContain(
      "subject 'repo:octo-org/octo-repo:ref:refs/heads/feature-x'"
    )
    expect(emulator().requests.some((r) => r.service === 'arm')).toBe(false)
  })

  it('names the missing permission when the OIDC variables are absent', async () => {
    const step = await runAction(
      emulator(),
      'vm-web-01',
      { password: newPassword },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: '',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: ''
      }
    )

    expect(step.exitCode).toBe(1)
    expect(step.stdout).toContain('permissions: id-token: write')
    expect(step.stdout).toContain('forks')
  })

  it('refuses bad inputs without a single request to Entra or Resource Manager', async () => {
    const step = await runAction(emulator(), 'vm-web-01', {
      password: newPassword,
      'subscription-id': 'not-a-guid',
      'timeout-minutes': '0'
    })

    expect(step.exitCode).toBe(1)
    expect(step.stdout).toContain("Input 'subscription-id'")
    expect(step.stdout).toContain("Input 'timeout-minutes'")
    expect(emulator().requests).toEqual([])
  })
})

describe('managed identity sign-in, end to end', () => {
  const emulator = freshEmulatorPerTest()

  it('signs in with the runner’s managed identity, without OIDC or a secret', async () => {
    const { 'client-id': _unused, ...inputs } = emulator().inputs('vm-web-01')

    const step = await runStep({
      inputs: {
        ...inputs,
        'auth-type': 'managed-identity',
        password: newPassword
      },
      env: emulator().env({ auth: 'managed-identity' })
    })

    expect(step.exitCode).toBe(0)
    expect(emulator().requests.some((r) => r.service === 'msi')).toBe(true)
    expect(emulator().requests.some((r) => r.service === 'github')).toBe(false)
  })
})

describe('azure-cli sign-in, end to end', () => {
  const emulator = freshEmulatorPerTest()
  // Stands in for the `az` that an earlier azure/login step leaves signed in.
  const fakeAz = fileURLToPath(new URL('fake-az', import.meta.url))

  it('reuses the Azure CLI’s sign-in for the token', async () => {
    const { 'client-id': _unused, ...inputs } = emulator().inputs('vm-web-01')

    const step = await runStep({
      inputs: { ...inputs, 'auth-type': 'azure-cli', password: newPassword },
      env: {
        ...emulator().env({ auth: 'client-secret' }),
        PATH: `${fakeAz}${path.delimiter}${process.env['PATH'] ?? ''}`,
        EMULATOR_TENANT_ID: emulator().tenantId,
        EMULATOR_CLIENT_ID: emulator().clientId,
        EMULATOR_CLIENT_SECRET: emulator().clientSecret
      }
    })

    expect(step.exitCode).toBe(0)
    expect(emulator().requests.some((r) => r.service === 'github')).toBe(false)
    expect(
      emulator().requests.filter(
        (r) => r.service === 'entra' && r.method === 'POST'
      )
    ).toHaveLength(1)
  })
})
