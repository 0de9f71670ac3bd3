// `az account get-access-token --output json --resource R [--tenant T]`, as
// @azure/identity's AzureCliCredential runs it, answered the way the Azure
// CLI does after a service-principal login: the token comes from the
// emulator's Entra ID with the app's client secret.
'use strict'

const args = process.argv.slice(2)
const option = (name) => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}

async function main() {
  if (args[0] !== 'account' || args[1] !== 'get-access-token') {
    process.stderr.write(`fake az: unsupported command: ${args.join(' ')}\n`)
    process.exit(2)
  }
  const tenant = option('--tenant') ?? process.env.EMULATOR_TENANT_ID
  const response = await fetch(
    `${process.env.AZURE_AUTHORITY_HOST}/${tenant}/oauth2/v2.0/token`,
    {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: process.env.EMULATOR_CLIENT_ID ?? '',
        client_secret: process.env.EMULATOR_CLIENT_SECRET ?? '',
        scope: `${option('--resource')}/.default`
      })
    }
  )
  const body = await response.json()
  if (!response.ok) {
    process.stderr.write(`ERROR: ${body.error_description}\n`)
    process.exit(1)
  }
  const expiresOn = Math.floor(Date.now() / 1000) + body.expires_in
  process.stdout.write(
    JSON.stringify({
      accessToken: body.access_token,
      expiresOn: new Date(expiresOn * 1000).toISOString(),
      expires_on: expiresOn,
      tenant,
      tokenType: 'Bearer'
    })
  )
}

main().catch((error) => {
  process.stderr.write(`fake az: ${error.message}\n`)
  process.exit(1)
})
