// The cloud table: which Resource Manager and Entra ID a run talks to.
import { resolveCloud } from '../../src/clouds.ts'

describe('resolveCloud', () => {
  it.each([
    [
      'AzureCloud',
      'https://management.azure.com',
      'https://login.microsoftonline.com',
      'vault.azure.net'
    ],
    [
      'AzureUSGovernment',
      'https://management.usgovcloudapi.net',
      'https://login.microsoftonline.us',
      'vault.usgovcloudapi.net'
    ],
    [
      'AzureChinaCloud',
      'https://management.chinacloudapi.cn',
      'https://login.chinacloudapi.cn',
      'vault.azure.cn'
    ]
  ] as const)(
    'resolves %s to its endpoints',
    (environment, arm, authority, vaults) => {
      const cloud = resolveCloud(environment)

      expect(cloud).toStrictEqual({
        environment,
        resourceManagerEndpoint: arm,
        resourceManagerScope: `${arm}/.default`,
        authorityHost: authority,
        isKnownAuthority: true,
        keyVaultDnsSuffix: vaults
      })
    }
  )

  it('takes the Resource Manager endpoint and its scope from the override', () => {
    const cloud = resolveCloud(
      'AzureCloud',
      'https://management.local.azurestack.external/'
    )

    expect(cloud).toStrictEqual({
      environment: 'AzureCloud',
      resourceManagerEndpoint: 'https://management.local.azurestack.external',
      resourceManagerScope:
        'https://management.local.azurestack.external/.default',
      authorityHost: 'https://login.microsoftonline.com',
      isKnownAuthority: true,
      keyVaultDnsSuffix: 'vault.azure.net'
    })
  })

  it('keeps the port of an overridden endpoint in the scope', () => {
    const cloud = resolveCloud('AzureCloud', 'https://127.0.0.1:8443')

    expect(cloud.resourceManagerScope).toBe('https://127.0.0.1:8443/.default')
  })

  it('keeps the environment’s authority when only the endpoint is overridden', () => {
    const cloud = resolveCloud(
      'AzureUSGovernment',
      'https://management.local.azurestack.external'
    )

    expect(cloud.authorityHost).toBe('https://login.microsoftonline.us')
  })

  it.each([
    ['https://login.microsoftonline.com', true],
    ['https://login.microsoftonline.us/', true],
    ['https://LOGIN.MICROSOFTONLINE.COM', true],
    ['https://login.microsoft.com', true],
    ['https://login.windows.net', true],
    ['https://login.usgovcloudapi.net', true],
    ['https://login.chinacloudapi.cn', true],
    ['https://127.0.0.1:8444', false],
    ['https://adfs.local.azurestack.external/adfs', false],
    ['https://login.microsoftonline.com.evil.example', false]
  ])(
    'treats AZURE_AUTHORITY_HOST %s as known: %s',
    (authorityHost, isKnown) => {
      const cloud = resolveCloud('AzureCloud', undefined, authorityHost)

      expect(cloud.isKnownAuthority).toBe(isKnown)
    }
  )

  it('uses the origin of AZURE_AUTHORITY_HOST as the authority', () => {
    const cloud = resolveCloud(
      'AzureChinaCloud',
      undefined,
      'https://127.0.0.1:8444/common/'
    )

    expect(cloud.authorityHost).toBe('https://127.0.0.1:8444')
  })

  it('lets AZURE_AUTHORITY_HOST take precedence over the environment', () => {
    const cloud = resolveCloud(
      'AzureChinaCloud',
      undefined,
      'https://login.microsoftonline.com'
    )

    expect(cloud).toMatchObject({
      environment: 'AzureChinaCloud',
      resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
      authorityHost: 'https://login.microsoftonline.com'
    })
  })
})
