// The real SDK clients, pointed at an emulator. A test process cannot set
// NODE_EXTRA_CA_CERTS after it started, so every client gets the emulator's CA
// through its pipeline's `tlsOptions` (@azure/core-rest-pipeline).
import { request } from 'node:https'
import { ComputeManagementClient } from '@azure/arm-compute'
import { NetworkManagementClient } from '@azure/arm-network'
import {
  ClientAssertionCredential,
  ClientSecretCredential,
  type TokenCredential
} from '@azure/identity'
import type { Emulator } from '../index.ts'

/** A raw HTTPS answer, for calls the SDK cannot make (no token, bad api-version). */
export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

/** What `send` adds to a request: a token, a JSON or form body, more headers. */
export interface SendOptions {
  token?: string
  body?: unknown
  /** Sent as application/x-www-form-urlencoded, as token requests are. */
  form?: Record<string, string>
  headers?: Record<string, string>
}

/** Sends one HTTPS request that trusts the emulator's CA. */
export function send(
  emulator: Emulator,
  method: string,
  url: string,
  options: SendOptions = {}
): Promise<RawResponse> {
  const payload =
    options.form !== undefined
      ? new URLSearchParams(options.form).toString()
      : options.body === undefined
        ? undefined
        : JSON.stringify(options.body)
  const contentType =
    options.form !== undefined
      ? 'application/x-www-form-urlencoded'
      : 'application/json'
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: emulator.caPem,
        headers: {
          ...(options.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(payload ? { 'Content-Type': contentType } : {}),
          ...options.headers
        }
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? (JSON.parse(text) as unknown) : undefined
          })
        )
      }
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** Fetches an ID token from the emulator's GitHub service, as @actions/core does. */
export async function githubIdToken(
  emulator: Emulator,
  runtimeToken = emulator.oidcRequestToken
): Promise<string> {
  const url = `${emulator.oidcRequestUrl}&audience=${encodeURIComponent('api://AzureADTokenExchange')}`
  const response = await send(emulator, 'GET', url, { token: runtimeToken })
  const value = (response.body as { value?: unknown } | undefined)?.value
  if (typeof value !== 'string')
    throw new Error(`no ID token: HTTP ${response.status}`)
  return value
}

/** ClientAssertionCredential whose assertion is a fresh GitHub ID token, as the action signs in. */
export function oidcCredential(
  emulator: Emulator,
  options: { runtimeToken?: string; clientId?: string; tenantId?: string } = {}
): ClientAssertionCredential {
  return new ClientAssertionCredential(
    options.tenantId ?? emulator.tenantId,
    options.clientId ?? emulator.clientId,
    () => githubIdToken(emulator, options.runtimeToken),
    {
      authorityHost: emulator.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: emulator.caPem }
    }
  )
}

/** ClientSecretCredential against the emulator's Entra. */
export function secretCredential(
  emulator: Emulator,
  secret = emulator.clientSecret,
  clientId = emulator.clientId
): ClientSecretCredential {
  return new ClientSecretCredential(emulator.tenantId, clientId, secret, {
    authorityHost: emulator.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: emulator.caPem }
  })
}

/** ComputeManagementClient on the emulator's ARM; the token scope is ARM's own origin unless given. */
export function computeClient(
  emulator: Emulator,
  credential: TokenCredential = oidcCredential(emulator),
  scope = `${emulator.armUrl}/.default`
): ComputeManagementClient {
  return new ComputeManagementClient(credential, emulator.subscriptionId, {
    endpoint: emulator.armUrl,
    credentials: { scopes: [scope] },
    tlsOptions: { ca: emulator.caPem }
  })
}

/** NetworkManagementClient on the emulator's ARM, built like `computeClient`. */
export function networkClient(
  emulator: Emulator,
  credential: TokenCredential = oidcCredential(emulator),
  scope = `${emulator.armUrl}/.default`
): NetworkManagementClient {
  return new NetworkManagementClient(credential, emulator.subscriptionId, {
    endpoint: emulator.armUrl,
    credentials: { scopes: [scope] },
    tlsOptions: { ca: emulator.caPem }
  })
}

/** The URL of a Network resource of the emulator's first resource group. */
export function networkUrl(
  emulator: Emulator,
  path: string,
  apiVersion = '2026-01-01'
): string {
  return (
    `${emulator.armUrl}/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}` +
    `/providers/Microsoft.Network/${path}?api-version=${apiVersion}`
  )
}

/** The VMAccessAgent body the action sends, in the SDK's flattened model. */
export function vmAccessBody(
  settings: Record<string, unknown>,
  protectedSettings: Record<string, unknown>
) {
  return {
    location: 'westeurope',
    publisher: 'Microsoft.Compute',
    typePropertiesType: 'VMAccessAgent',
    typeHandlerVersion: '2.4',
    autoUpgradeMinorVersion: true,
    settings,
    protectedSettings
  }
}

/** The URL of a VM (or one of its children) on the emulator's ARM. */
export function vmUrl(
  emulator: Emulator,
  vmName: string,
  tail = '',
  apiVersion = '2026-04-01'
): string {
  return (
    `${emulator.armUrl}/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}` +
    `/providers/Microsoft.Compute/virtualMachines/${vmName}${tail}?api-version=${apiVersion}`
  )
}
