import { isAzureVaultHost } from '../../src/rotation/vault-client.ts'

describe('isAzureVaultHost', () => {
  it.each([
    ['https://kv-ops.vault.azure.net', true],
    ['https://kv-ops.vault.azure.net/', true],
    ['https://kv-gov.vault.usgovcloudapi.net', true],
    ['https://kv-cn.vault.azure.cn', true],
    ['https://hsm.managedhsm.azure.net', true],
    ['https://127.0.0.1:8443', false],
    ['https://vault.azure.net.evil.example', false],
    ['https://kv.internal.contoso.com', false]
  ])('%s is an Azure Key Vault host: %s', (url, expected) => {
    expect(isAzureVaultHost(url)).toBe(expected)
  })
})
