// inputs.ts through its real contract: the INPUT_* variables the runner sets
// (the name keeps its hyphen, INPUT_VM-NAME), read by the real @actions/core.
import { readFileSync } from 'node:fs'
import { jest } from '@jest/globals'
import { parse } from 'yaml'
import { runnerInputVariables } from '../../scripts/action-inputs.ts'
import { InvalidInputs } from '../../src/errors.ts'
import { readRawInputs, readRunnerEnv, readSettings } from '../../src/inputs.ts'
import { Redactor, Secret } from '../../src/secret.ts'
import type { InputName, RunSettings } from '../../src/settings.ts'

const subscriptionId = '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f'
const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const clientId = '0c6e1a2b-3d4f-4a5b-8c7d-9e0f1a2b3c4d'
// Secrets that would be easy to spot in any message.
const password = 'Zebra-Quartz-Kettle-42'
const clientSecret = 'cs8Q~Lantern.Orbit-Vault_77'

// Secrets compare equal under toEqual (no own fields); their class is checked.
const anySecret: unknown = expect.any(Secret)

type Inputs = Partial<Record<InputName, string | undefined>>

// A valid step: OIDC sign-in, reset the admin's password.
const oidcStep: Inputs = {
  'auth-type': 'oidc',
  'tenant-id': tenantId,
  'client-id': clientId,
  'subscription-id': subscriptionId,
  'resource-group': 'rg-prod',
  'vm-name': 'web-01',
  password
}
const clientSecretStep: Inputs = {
  ...oidcStep,
  'auth-type': 'client-secret',
  'client-secret': clientSecret
}
const managedIdentityStep: Inputs = {
  ...oidcStep,
  'auth-type': 'managed-identity',
  'tenant-id': undefined,
  'client-id': undefined
}
const azureCliStep: Inputs = {
  ...managedIdentityStep,
  'auth-type': 'azure-cli'
}
const rdpStep: Inputs = { ...oidcStep, mode: 'reset-rdp', password: undefined }

/** Sets the step's inputs the way the runner does: action.yml's defaults too. */
function setInputs(inputs: Inputs): void {
  Object.assign(process.env, runnerInputVariables(inputs))
}

/** The InvalidInputs that readSettings returns for the current inputs. */
function readInvalidInputs(): InvalidInputs {
  const read = readSettings()
  if (!('invalid' in read))
    throw new Error('expected InvalidInputs, got Settings')
  expect(read.invalid).toBeInstanceOf(InvalidInputs)
  return read.invalid
}

/** The Settings that readSettings returns for the current inputs. */
function readValidSettings(): RunSettings {
  const read = readSettings()
  if ('invalid' in read) throw read.invalid
  return read.settings
}

const savedEnv = { ...process.env }
let stdout = ''

beforeEach(() => {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_') || key === 'AZURE_AUTHORITY_HOST') {
      delete process.env[key]
    }
  }
  stdout = ''
  // core's contract for ::add-mask:: is a line on stdout; keep it out of the
  // test log and read it back.
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk)
    return true
  })
})

afterEach(() => {
  jest.restoreAllMocks()
  for (const key of Object.keys(process.env)) {
    if (!(key in savedEnv)) delete process.env[key]
  }
  Object.assign(process.env, savedEnv)
})

describe('readSettings: refused inputs', () => {
  const megabyte = 'x'.repeat(1024 * 1024)
  interface BadInput {
    why: string
    inputs: Inputs
    authorityHost?: string
    input: InputName
    rule: string
  }
  const cases: BadInput[] = [
    // Required inputs, per auth-type and per mode.
    {
      why: 'a missing subscription-id',
      inputs: { ...oidcStep, 'subscription-id': undefined },
      input: 'subscription-id',
      rule: 'is required (the subscription that holds the VM)'
    },
    {
      why: 'a missing resource-group',
      inputs: { ...oidcStep, 'resource-group': undefined },
      input: 'resource-group',
      rule: 'is required (the VM’s resource group, unless targets or vm-tag names the VMs)'
    },
    {
      why: 'a missing vm-name',
      inputs: { ...oidcStep, 'vm-name': undefined },
      input: 'vm-name',
      rule: 'is required (the VM to reset, unless targets or vm-tag names the VMs)'
    },
    {
      why: 'a missing tenant-id with oidc',
      inputs: { ...oidcStep, 'tenant-id': undefined },
      input: 'tenant-id',
      rule: 'is required for auth-type oidc'
    },
    {
      why: 'a missing client-id with oidc',
      inputs: { ...oidcStep, 'client-id': undefined },
      input: 'client-id',
      rule: 'is required for auth-type oidc'
    },
    {
      why: 'a missing tenant-id with client-secret',
      inputs: { ...clientSecretStep, 'tenant-id': undefined },
      input: 'tenant-id',
      rule: 'is required for auth-type client-secret'
    },
    {
      why: 'a missing client-id with client-secret',
      inputs: { ...clientSecretStep, 'client-id': undefined },
      input: 'client-id',
      rule: 'is required for auth-type client-secret'
    },
    {
      why: 'a missing client-secret with client-secret',
      inputs: { ...clientSecretStep, 'client-secret': undefined },
      input: 'client-secret',
      rule: 'is required for auth-type client-secret'
    },
    {
      why: 'a missing password with reset-password',
      inputs: { ...oidcStep, password: undefined },
      input: 'password',
      rule: 'is required for mode reset-password'
    },
    {
      why: 'a missing password with an explicit mode reset-password',
      inputs: { ...oidcStep, mode: 'reset-password', password: undefined },
      input: 'password',
      rule: 'is required for mode reset-password'
    },
    {
      why: 'a missing password with managed-identity',
      inputs: { ...managedIdentityStep, password: undefined },
      input: 'password',
      rule: 'is required for mode reset-password'
    },
    {
      why: 'a missing password with azure-cli',
      inputs: { ...azureCliStep, password: undefined },
      input: 'password',
      rule: 'is required for mode reset-password'
    },
    // Whitespace only counts as missing.
    {
      why: 'a vm-name of spaces',
      inputs: { ...oidcStep, 'vm-name': '   ' },
      input: 'vm-name',
      rule: 'is required'
    },
    {
      why: 'a subscription-id of tabs and spaces',
      inputs: { ...oidcStep, 'subscription-id': ' \t ' },
      input: 'subscription-id',
      rule: 'is required'
    },
    {
      why: 'a resource-group of a newline',
      inputs: { ...oidcStep, 'resource-group': '\n' },
      input: 'resource-group',
      rule: 'is required'
    },
    {
      why: 'a tenant-id of spaces with oidc',
      inputs: { ...oidcStep, 'tenant-id': '  ' },
      input: 'tenant-id',
      rule: 'is required for auth-type oidc'
    },
    {
      why: 'a password of spaces',
      inputs: { ...oidcStep, password: '    ' },
      input: 'password',
      rule: 'is required for mode reset-password'
    },
    {
      why: 'a client-secret of spaces',
      inputs: { ...clientSecretStep, 'client-secret': '  \t' },
      input: 'client-secret',
      rule: 'is required for auth-type client-secret'
    },
    // Words outside their fixed sets.
    {
      why: 'an unknown mode',
      inputs: { ...oidcStep, mode: 'reset-everything' },
      input: 'mode',
      rule: '"reset-everything" is not one of reset-password, reset-rdp'
    },
    {
      why: 'an unknown auth-type',
      inputs: { ...oidcStep, 'auth-type': 'service-principal' },
      input: 'auth-type',
      rule: '"service-principal" is not one of oidc, client-secret, managed-identity, azure-cli'
    },
    {
      why: 'an unknown environment',
      inputs: { ...oidcStep, environment: 'AzureGermanCloud' },
      input: 'environment',
      rule: '"AzureGermanCloud" is not one of AzureCloud, AzureUSGovernment, AzureChinaCloud'
    },
    {
      why: 'an environment named by its short name',
      inputs: { ...oidcStep, environment: 'public' },
      input: 'environment',
      rule: 'is not one of AzureCloud'
    },
    // GUIDs and tenants.
    {
      why: 'a subscription-id that is a name',
      inputs: { ...oidcStep, 'subscription-id': 'Pay-As-You-Go' },
      input: 'subscription-id',
      rule: '"Pay-As-You-Go" is not a GUID'
    },
    {
      why: 'a subscription-id in braces',
      inputs: { ...oidcStep, 'subscription-id': `{${subscriptionId}}` },
      input: 'subscription-id',
      rule: 'is not a GUID'
    },
    {
      why: 'a client-id one digit short',
      inputs: { ...oidcStep, 'client-id': clientId.slice(0, -1) },
      input: 'client-id',
      rule: 'is not a GUID'
    },
    {
      why: 'a client-id that is an app name with client-secret',
      inputs: { ...clientSecretStep, 'client-id': 'github-deployer' },
      input: 'client-id',
      rule: 'is not a GUID'
    },
    {
      why: 'a malformed client-id with managed-identity',
      inputs: { ...managedIdentityStep, 'client-id': 'my-identity' },
      input: 'client-id',
      rule: 'is not a GUID'
    },
    {
      why: 'a tenant-id without a domain suffix',
      inputs: { ...oidcStep, 'tenant-id': 'contoso' },
      input: 'tenant-id',
      rule: 'is neither a GUID nor a domain name'
    },
    {
      why: 'a tenant-id given as the authority URL',
      inputs: {
        ...oidcStep,
        'tenant-id': 'https://login.microsoftonline.com/contoso.com'
      },
      input: 'tenant-id',
      rule: 'is neither a GUID nor a domain name'
    },
    {
      why: 'a malformed tenant-id with azure-cli',
      inputs: { ...azureCliStep, 'tenant-id': 'not a tenant' },
      input: 'tenant-id',
      rule: 'is neither a GUID nor a domain name'
    },
    // Resource group and VM name.
    {
      why: 'a resource-group of 91 characters',
      inputs: { ...oidcStep, 'resource-group': 'r'.repeat(91) },
      input: 'resource-group',
      rule: 'is 91 characters long; Azure allows 1-90'
    },
    {
      why: 'a resource-group with a space',
      inputs: { ...oidcStep, 'resource-group': 'rg prod' },
      input: 'resource-group',
      rule: 'has a character Azure does not allow'
    },
    {
      why: 'a resource-group with a slash',
      inputs: { ...oidcStep, 'resource-group': 'rg/prod' },
      input: 'resource-group',
      rule: 'has a character Azure does not allow'
    },
    {
      why: 'a resource-group ending in a period',
      inputs: { ...oidcStep, 'resource-group': 'rg-prod.' },
      input: 'resource-group',
      rule: 'ends with a period'
    },
    {
      why: 'a vm-name of 65 characters',
      inputs: { ...oidcStep, 'vm-name': 'w'.repeat(65) },
      input: 'vm-name',
      rule: 'is 65 characters long; Azure allows 1-64'
    },
    {
      why: 'a vm-name starting with a hyphen',
      inputs: { ...oidcStep, 'vm-name': '-web-01' },
      input: 'vm-name',
      rule: 'is not a valid VM name'
    },
    {
      why: 'a vm-name with a space',
      inputs: { ...oidcStep, 'vm-name': 'web 01' },
      input: 'vm-name',
      rule: 'is not a valid VM name'
    },
    {
      why: 'a vm-name given with its resource group',
      inputs: {
        ...oidcStep,
        'vm-name': 'rg-prod/web-01'
      },
      input: 'vm-name',
      rule: 'is not a valid VM name'
    },
    {
      why: 'a vm-name ending in a period',
      inputs: { ...oidcStep, 'vm-name': 'web-01.' },
      input: 'vm-name',
      rule: "ends with '.'"
    },
    {
      why: 'a vm-name ending in a hyphen',
      inputs: { ...oidcStep, 'vm-name': 'web-01-' },
      input: 'vm-name',
      rule: "ends with '-'"
    },
    // Endpoints.
    {
      why: 'a resource-manager-endpoint over http',
      inputs: {
        ...oidcStep,
        'resource-manager-endpoint': 'http://management.azure.com'
      },
      input: 'resource-manager-endpoint',
      rule: 'is not an https URL'
    },
    {
      why: 'a resource-manager-endpoint without a scheme',
      inputs: {
        ...oidcStep,
        'resource-manager-endpoint': 'management.azure.com'
      },
      input: 'resource-manager-endpoint',
      rule: 'is not a URL'
    },
    {
      why: 'a resource-manager-endpoint with a query',
      inputs: {
        ...oidcStep,
        'resource-manager-endpoint': 'https://management.azure.com/?x=1'
      },
      input: 'resource-manager-endpoint',
      rule: 'carries a query, fragment or credentials'
    },
    {
      why: 'an AZURE_AUTHORITY_HOST over http',
      inputs: oidcStep,
      authorityHost: 'http://login.microsoftonline.com',
      input: 'environment',
      rule: 'cannot be used: the runner\'s AZURE_AUTHORITY_HOST "http://login.microsoftonline.com/" is not an https URL'
    },
    {
      why: 'an AZURE_AUTHORITY_HOST that is not a URL',
      inputs: oidcStep,
      authorityHost: 'login.microsoftonline.com',
      input: 'environment',
      rule: 'is not a URL'
    },
    {
      why: 'an audience with a space',
      inputs: { ...oidcStep, audience: 'api://Azure AD' },
      input: 'audience',
      rule: 'is not a valid audience'
    },
    // Numbers and versions.
    ...['0', '121', '1.5', '-1', 'abc', '15m'].map((value): BadInput => ({
      why: `a timeout-minutes of ${value}`,
      inputs: { ...oidcStep, 'timeout-minutes': value },
      input: 'timeout-minutes',
      rule: `"${value}" is not a whole number of minutes from 1 to 120`
    })),
    ...['1.9', '2', '2.4.1', 'latest'].map((value): BadInput => ({
      why: `a type-handler-version of ${value}`,
      inputs: { ...oidcStep, 'type-handler-version': value },
      input: 'type-handler-version',
      rule: 'is not a VMAccessAgent version of the form major.minor, at least 2.0'
    })),
    {
      why: 'an extension-name starting with a hyphen',
      inputs: { ...oidcStep, 'extension-name': '-vmaccess' },
      input: 'extension-name',
      rule: 'is not a valid extension name'
    },
    {
      why: 'an extension-name with a space',
      inputs: { ...oidcStep, 'extension-name': 'vm access' },
      input: 'extension-name',
      rule: 'is not a valid extension name'
    },
    // Account and password.
    {
      why: 'a username of 21 characters',
      inputs: { ...oidcStep, username: 'u'.repeat(21) },
      input: 'username',
      rule: 'is 21 characters long; Windows allows at most 20'
    },
    {
      why: 'a username with an @',
      inputs: { ...oidcStep, username: 'ops@contoso' },
      input: 'username',
      rule: 'contains a character Windows does not allow'
    },
    {
      why: 'a username with a backslash',
      inputs: { ...oidcStep, username: 'CONTOSO\\ops' },
      input: 'username',
      rule: 'contains a character Windows does not allow'
    },
    {
      why: 'a username ending in a period',
      inputs: { ...oidcStep, username: 'ops.' },
      input: 'username',
      rule: 'ends with a period'
    },
    {
      why: 'the username Administrator',
      inputs: { ...oidcStep, username: 'Administrator' },
      input: 'username',
      rule: 'is one of the names Azure disallows'
    },
    {
      why: 'the username ROOT',
      inputs: { ...oidcStep, username: 'ROOT' },
      input: 'username',
      rule: 'is one of the names Azure disallows'
    },
    {
      why: 'a password of 7 characters',
      inputs: { ...oidcStep, password: 'Zq7-abc' },
      input: 'password',
      rule: 'is 7 characters long; Azure requires 8-123 for Windows'
    },
    {
      why: 'a password of 124 characters',
      inputs: { ...oidcStep, password: `Zq7-${'x'.repeat(120)}` },
      input: 'password',
      rule: 'is 124 characters long'
    },
    {
      why: 'a password of two character classes',
      inputs: { ...oidcStep, password: 'zebra-quartz' },
      input: 'password',
      rule: 'uses 2 of the 4 character classes'
    },
    {
      why: 'a disallowed password',
      inputs: { ...oidcStep, password: 'P@ssw0rd' },
      input: 'password',
      rule: 'is one of the passwords Azure disallows'
    },
    {
      why: 'a password that contains the username',
      inputs: {
        ...oidcStep,
        username: 'opsadmin',
        password: 'Kettle-OpsAdmin-7'
      },
      input: 'password',
      rule: 'contains the user name "opsadmin"'
    },
    // Inputs the chosen mode or auth-type does not use.
    {
      why: 'a password with reset-rdp',
      inputs: { ...rdpStep, password },
      input: 'password',
      rule: 'is not used by mode reset-rdp'
    },
    {
      why: 'a username with reset-rdp',
      inputs: { ...rdpStep, username: 'opsadmin' },
      input: 'username',
      rule: 'is not used by mode reset-rdp'
    },
    {
      why: 'a client-secret with oidc',
      inputs: { ...oidcStep, 'client-secret': clientSecret },
      input: 'client-secret',
      rule: 'is only used with auth-type client-secret, not oidc'
    },
    {
      why: 'a client-secret with managed-identity',
      inputs: { ...managedIdentityStep, 'client-secret': clientSecret },
      input: 'client-secret',
      rule: 'is not used with auth-type managed-identity'
    },
    {
      why: 'a client-secret with azure-cli',
      inputs: { ...azureCliStep, 'client-secret': clientSecret },
      input: 'client-secret',
      rule: 'is not used with auth-type azure-cli'
    },
    // Line breaks, control characters and size.
    {
      why: 'a vm-name with a control character inside',
      inputs: { ...oidcStep, 'vm-name': 'web\u000701' },
      input: 'vm-name',
      rule: 'contains a line break or another control character'
    },
    {
      why: 'a password that ends in a newline',
      inputs: { ...oidcStep, password: `${password}\n` },
      input: 'password',
      rule: 'contains a line break or another control character'
    },
    {
      why: 'a client-secret that ends in CR LF',
      inputs: { ...clientSecretStep, 'client-secret': `${clientSecret}\r\n` },
      input: 'client-secret',
      rule: 'contains a line break or another control character'
    },
    {
      why: 'a tenant-id with a tab inside',
      inputs: { ...oidcStep, 'tenant-id': 'contoso\t.com' },
      input: 'tenant-id',
      rule: 'contains a line break or another control character'
    },
    {
      why: 'a resource-group with a NUL',
      inputs: { ...oidcStep, 'resource-group': 'rg\u0000prod' },
      input: 'resource-group',
      rule: 'contains a line break or another control character'
    },
    {
      why: 'a mode with a line separator',
      inputs: { ...oidcStep, mode: 'reset\u2028rdp' },
      input: 'mode',
      rule: 'contains a line break or another control character'
    },
    {
      why: 'a password of 1 MB',
      inputs: { ...oidcStep, password: megabyte },
      input: 'password',
      rule: 'is 1048576 characters long; no input may exceed 1024'
    },
    {
      why: 'a vm-name of 1 MB',
      inputs: { ...oidcStep, 'vm-name': megabyte },
      input: 'vm-name',
      rule: 'is 1048576 characters long; a list may not exceed 200000'
    },
    // Several VMs: vm-name lists, targets, vm-tag and how the step runs.
    {
      why: 'a vm-name list with a bad name',
      inputs: { ...oidcStep, 'vm-name': 'web-01, web 02' },
      input: 'vm-name',
      rule: '"web 02" is not a valid VM name'
    },
    {
      why: 'a vm-name mixing * with names',
      inputs: { ...oidcStep, 'vm-name': '*, web-01' },
      input: 'vm-name',
      rule: 'mixes * with VM names'
    },
    {
      why: 'a targets line without a slash',
      inputs: {
        ...oidcStep,
        'resource-group': undefined,
        'vm-name': undefined,
        targets: 'rg-prod/web-01\nweb-02'
      },
      input: 'targets',
      rule: '"web-02" is not resource-group/vm-name'
    },
    {
      why: 'a targets line with a bad resource group',
      inputs: {
        ...oidcStep,
        'resource-group': undefined,
        'vm-name': undefined,
        targets: 'rg prod/web-01'
      },
      input: 'targets',
      rule: 'has a character Azure does not allow in resource group names'
    },
    {
      why: 'targets beside vm-name',
      inputs: {
        ...oidcStep,
        'resource-group': undefined,
        targets: 'rg-prod/web-01'
      },
      input: 'vm-name',
      rule: 'cannot be used with targets: both name the VMs'
    },
    {
      why: 'vm-tag beside vm-name',
      inputs: { ...oidcStep, 'vm-tag': 'rotate=weekly' },
      input: 'vm-name',
      rule: 'cannot be used with vm-tag: both name the VMs'
    },
    {
      why: 'a vm-tag without =',
      inputs: { ...oidcStep, 'vm-name': undefined, 'vm-tag': 'rotate' },
      input: 'vm-tag',
      rule: '"rotate" is not key=value'
    },
    {
      why: 'a vm-tag with a name Azure forbids',
      inputs: { ...oidcStep, 'vm-name': undefined, 'vm-tag': 'a/b=1' },
      input: 'vm-tag',
      rule: 'is not a tag name Azure allows'
    },
    {
      why: 'max-parallel 0',
      inputs: { ...oidcStep, 'max-parallel': '0' },
      input: 'max-parallel',
      rule: '"0" is not a whole number from 1 to 50'
    },
    {
      why: 'max-parallel 51',
      inputs: { ...oidcStep, 'max-parallel': '51' },
      input: 'max-parallel',
      rule: '"51" is not a whole number from 1 to 50'
    },
    {
      why: 'an unknown fail-on',
      inputs: { ...oidcStep, 'fail-on': 'some' },
      input: 'fail-on',
      rule: '"some" is not one of any, all, never'
    },
    {
      why: 'a dry-run that is not a boolean',
      inputs: { ...oidcStep, 'dry-run': 'yes' },
      input: 'dry-run',
      rule: '"yes" is neither true nor false'
    },
    {
      why: 'a password with mode diagnose',
      inputs: { ...oidcStep, mode: 'diagnose' },
      input: 'password',
      rule: 'is not used by mode diagnose, which only reads'
    },
    {
      why: 'an rdp-port out of range',
      inputs: { ...oidcStep, 'rdp-port': '70000' },
      input: 'rdp-port',
      rule: '"70000" is not a whole number from 1 to 65535'
    },
    {
      why: 'a source-address that is neither tag nor address',
      inputs: { ...oidcStep, 'source-address': '10.0.0.300/8' },
      input: 'source-address',
      rule: 'is not *, a service tag or an IPv4 address or CIDR'
    },
    {
      why: 'fail-on-findings outside mode diagnose',
      inputs: { ...oidcStep, 'fail-on-findings': 'true' },
      input: 'fail-on-findings',
      rule: 'is only used with mode diagnose'
    },
    {
      why: 'diagnose-on-failure outside mode reset-rdp',
      inputs: { ...oidcStep, 'diagnose-on-failure': 'true' },
      input: 'diagnose-on-failure',
      rule: 'is only used with mode reset-rdp'
    },
    {
      why: 'diagnose-guest with mode reset-password',
      inputs: { ...oidcStep, 'diagnose-guest': 'false' },
      input: 'diagnose-guest',
      rule: 'is only used with mode diagnose, or reset-rdp when it diagnoses its failure'
    },
    {
      why: 'a verify that is not a boolean',
      inputs: { ...oidcStep, verify: 'maybe' },
      input: 'verify',
      rule: '"maybe" is neither true nor false'
    },
    {
      why: 'an unknown domain-controller route',
      inputs: { ...oidcStep, 'domain-controller': 'vmaccess' },
      input: 'domain-controller',
      rule: '"vmaccess" is not one of refuse, run-command'
    },
    {
      why: 'domain-controller: run-command with a rotation',
      inputs: {
        ...oidcStep,
        password: '',
        'generate-password': 'true',
        'key-vault-url': 'https://kv-prod.vault.azure.net',
        'domain-controller': 'run-command'
      },
      input: 'domain-controller',
      rule: 'run-command cannot be used with generate-password: true'
    },
    {
      why: 'a client-secret of 1025 characters',
      inputs: { ...clientSecretStep, 'client-secret': 's'.repeat(1025) },
      input: 'client-secret',
      rule: 'is 1025 characters long'
    }
  ]

  it('has at least 60 bad-input cases', () => {
    const count = cases.length

    expect(count).toBeGreaterThanOrEqual(60)
  })

  it.each(cases)(
    'refuses $why, naming $input',
    ({ inputs, authorityHost, input, rule }) => {
      setInputs(inputs)
      if (authorityHost) process.env['AZURE_AUTHORITY_HOST'] = authorityHost

      const error = readInvalidInputs()

      expect(error.errors.map((e) => e.input)).toEqual([input])
      expect(error.errors[0]?.problem).toContain(rule)
      expect(error.message).toContain(`- Input '${input}' `)
    }
  )

  it('collects every bad input into one error', () => {
    setInputs({
      ...oidcStep,
      'subscription-id': 'Pay-As-You-Go',
      'vm-name': 'web 01',
      'timeout-minutes': 'abc',
      password: undefined
    })

    const error = readInvalidInputs()

    expect(error.errors.map((e) => e.input).sort()).toEqual([
      'password',
      'subscription-id',
      'timeout-minutes',
      'vm-name'
    ])
    expect(error.message.split('\n')).toEqual([
      '4 input(s) are invalid; nothing was sent to Azure:',
      expect.stringMatching(/^- Input '/),
      expect.stringMatching(/^- Input '/),
      expect.stringMatching(/^- Input '/),
      expect.stringMatching(/^- Input '/)
    ])
  })

  it('gives each refusal a fix', () => {
    setInputs({ ...oidcStep, 'timeout-minutes': '0' })

    const error = readInvalidInputs()

    expect(error.message).toContain(
      `Input 'timeout-minutes' "0" is not a whole number of minutes from 1 to 120. Use e.g. timeout-minutes: 15.`
    )
  })

  it('refuses an empty step, naming every required input', () => {
    setInputs({})

    const error = readInvalidInputs()

    expect(error.errors.map((e) => e.input).sort()).toEqual([
      'client-id',
      'password',
      'resource-group',
      'subscription-id',
      'tenant-id',
      'vm-name'
    ])
  })

  it.each([
    ['a short password', { ...oidcStep, password: 'Zq7!Lx' }, 'Zq7!Lx'],
    [
      'a password with a newline',
      { ...oidcStep, password: `${password}\n` },
      password
    ],
    ['a password with reset-rdp', { ...rdpStep, password }, password],
    [
      'a password that contains the username',
      { ...oidcStep, username: 'kettle', password },
      password
    ],
    [
      'a password of 124 characters',
      { ...oidcStep, password: password.repeat(6) },
      password
    ],
    [
      'a client-secret with oidc',
      { ...oidcStep, 'client-secret': clientSecret },
      clientSecret
    ],
    [
      'a client-secret with a newline',
      { ...clientSecretStep, 'client-secret': `${clientSecret}\n` },
      clientSecret
    ],
    [
      'a client-secret with azure-cli',
      { ...azureCliStep, 'client-secret': clientSecret },
      clientSecret
    ]
  ])('never puts the secret in the error for %s', (_, inputs, secret) => {
    setInputs({ ...inputs, 'vm-name': 'web 01' })

    const error = readInvalidInputs()

    const told = [
      error.message,
      String(error),
      JSON.stringify(error.errors),
      ...error.errors.flatMap((e) => [e.problem, e.fix, e.message])
    ].join('\n')
    expect(error.errors.length).toBeGreaterThanOrEqual(2)
    expect(told).not.toContain(secret)
  })
  // Bug: the refusal quotes the URL, credentials included (src/inputs.ts,
  // the AZURE_AUTHORITY_HOST check, and validation.ts checkHttpsEndpoint).
  it.each([
    ['resource-manager-endpoint', 'https://ops:Kx9-vault-pass@arm.local', ''],
    ['AZURE_AUTHORITY_HOST', '', 'http://ops:Kx9-vault-pass@login.local']
  ])(
    'does not echo the password of a URL in %s',
    (_, endpoint, authorityHost) => {
      setInputs({ ...oidcStep, 'resource-manager-endpoint': endpoint })
      process.env['AZURE_AUTHORITY_HOST'] = authorityHost

      const error = readInvalidInputs()

      expect(error.message).not.toContain('Kx9-vault-pass')
    }
  )
})

describe('readSettings: accepted inputs', () => {
  const azureCloud = {
    environment: 'AzureCloud',
    resourceManagerEndpoint: 'https://management.azure.com',
    resourceManagerScope: 'https://management.azure.com/.default',
    authorityHost: 'https://login.microsoftonline.com',
    isKnownAuthority: true,
    keyVaultDnsSuffix: 'vault.azure.net'
  }
  const target = { subscriptionId, resourceGroup: 'rg-prod', vmName: 'web-01' }

  const oidcSettings = {
    auth: {
      kind: 'oidc',
      tenantId,
      clientId,
      audience: 'api://AzureADTokenExchange'
    },
    mode: { kind: 'reset-password', password: anySecret },
    subscriptionId,
    selection: { kind: 'named', vms: [target] },
    cloud: azureCloud,
    extension: {},
    timeoutMs: 15 * 60_000,
    fleet: { maxParallel: 5, failOn: 'any', dryRun: false },
    guest: { verify: true, domainController: 'refuse' },
    diagnose: {
      rdpPort: 3389,
      sourceAddress: 'Internet',
      failOnFindings: false,
      onFailure: false,
      guest: true
    }
  }

  it('reads an OIDC password reset, applying the defaults itself', () => {
    setInputs(oidcStep)

    const settings = readValidSettings()

    expect(settings).toEqual(oidcSettings)
  })

  it('reads the same settings when the runner passes the action.yml defaults', () => {
    setInputs({
      ...oidcStep,
      'auth-type': 'oidc',
      audience: 'api://AzureADTokenExchange',
      environment: 'AzureCloud',
      mode: 'reset-password',
      'timeout-minutes': '15'
    })

    const settings = readValidSettings()

    expect(settings).toEqual(oidcSettings)
  })

  it('reads the env name with its hyphen (INPUT_VM-NAME)', () => {
    setInputs({ ...oidcStep, 'vm-name': undefined })
    process.env['INPUT_VM-NAME'] = 'sql-02'

    const settings = readValidSettings()

    expect(settings.selection).toEqual({
      kind: 'named',
      vms: [{ ...target, vmName: 'sql-02' }]
    })
  })

  it('wraps the password in a Secret that keeps its value', () => {
    setInputs(oidcStep)

    const { mode } = readValidSettings()

    expect(
      mode.kind === 'reset-password' &&
        'password' in mode &&
        mode.password.reveal()
    ).toBe(password)
  })

  it('keeps the leading and trailing spaces of a password', () => {
    setInputs({ ...oidcStep, password: `  ${password} ` })

    const { mode } = readValidSettings()

    expect(
      mode.kind === 'reset-password' &&
        'password' in mode &&
        mode.password.reveal()
    ).toBe(`  ${password} `)
  })

  it.each([
    ['newlines', 'web-01\nweb-02\n\nweb-01'],
    ['commas', ' web-01, web-02,WEB-01 ']
  ])('reads a vm-name list split by %s, without repeats', (_, list) => {
    setInputs({ ...oidcStep, 'vm-name': list })

    expect(readValidSettings().selection).toEqual({
      kind: 'named',
      vms: [target, { ...target, vmName: 'web-02' }]
    })
  })

  it('reads vm-name * as every VM of the group', () => {
    setInputs({ ...oidcStep, 'vm-name': '*' })

    expect(readValidSettings().selection).toEqual({
      kind: 'resource-group',
      resourceGroup: 'rg-prod'
    })
  })

  it('reads targets over several groups, without repeats', () => {
    setInputs({
      ...oidcStep,
      'resource-group': undefined,
      'vm-name': undefined,
      targets: 'rg-prod/web-01\nrg-test/web-01\nRG-PROD/WEB-01'
    })

    expect(readValidSettings().selection).toEqual({
      kind: 'named',
      vms: [target, { ...target, resourceGroup: 'rg-test' }]
    })
  })

  it.each([
    [{ 'resource-group': 'rg-prod' }, { resourceGroup: 'rg-prod' }],
    [{ 'resource-group': undefined }, {}]
  ])('reads vm-tag, in a group or the subscription (%j)', (group, where) => {
    setInputs({
      ...oidcStep,
      'vm-name': undefined,
      'vm-tag': ' Rotate = weekly ',
      ...group
    })

    expect(readValidSettings().selection).toEqual({
      kind: 'tag',
      tag: { key: 'Rotate', value: 'weekly' },
      ...where
    })
  })

  it('reads max-parallel, fail-on and dry-run', () => {
    setInputs({
      ...oidcStep,
      'max-parallel': '12',
      'fail-on': 'NEVER',
      'dry-run': 'true'
    })

    expect(readValidSettings().fleet).toEqual({
      maxParallel: 12,
      failOn: 'never',
      dryRun: true
    })
  })

  it('verifies in the guest and refuses domain controllers unless told otherwise', () => {
    setInputs(oidcStep)

    expect(readValidSettings().guest).toEqual({
      verify: true,
      domainController: 'refuse'
    })
  })

  it('reads mode diagnose with its options', () => {
    setInputs({
      ...oidcStep,
      password: '',
      mode: 'diagnose',
      'rdp-port': '3390',
      'source-address': '203.0.113.0/24',
      'fail-on-findings': 'true'
    })

    const settings = readValidSettings()

    expect(settings.mode).toEqual({ kind: 'diagnose' })
    expect(settings.diagnose).toEqual({
      rdpPort: 3390,
      sourceAddress: '203.0.113.0/24',
      failOnFindings: true,
      onFailure: false,
      guest: true
    })
  })

  it('diagnoses a failed reset-rdp unless told not to', () => {
    setInputs({ ...oidcStep, password: '', mode: 'reset-rdp' })

    expect(readValidSettings().diagnose).toMatchObject({
      rdpPort: 3389,
      sourceAddress: 'Internet',
      onFailure: true,
      guest: true
    })
  })

  it('reads verify and domain-controller', () => {
    setInputs({
      ...oidcStep,
      verify: 'FALSE',
      'domain-controller': 'run-command'
    })

    expect(readValidSettings().guest).toEqual({
      verify: false,
      domainController: 'run-command'
    })
  })

  it('trims the spaces around inputs that are not secret', () => {
    setInputs({
      ...oidcStep,
      'vm-name': '  web-01 ',
      'resource-group': '\trg-prod\n'
    })

    const settings = readValidSettings()

    expect(settings.selection).toEqual({ kind: 'named', vms: [target] })
  })

  it('never shows the password when the settings are printed', () => {
    setInputs(oidcStep)

    const settings = readValidSettings()

    expect(JSON.stringify(settings)).not.toContain(password)
  })

  it('reads the username and the custom audience', () => {
    setInputs({ ...oidcStep, username: 'opsadmin', audience: 'api://Custom' })

    const settings = readValidSettings()

    expect(settings.mode).toEqual({
      kind: 'reset-password',
      username: 'opsadmin',
      password: anySecret
    })
    expect(settings.auth).toEqual({
      kind: 'oidc',
      tenantId,
      clientId,
      audience: 'api://Custom'
    })
  })

  it('reads a tenant given as a domain', () => {
    setInputs({ ...oidcStep, 'tenant-id': 'contoso.onmicrosoft.com' })

    const settings = readValidSettings()

    expect(settings.auth).toMatchObject({ tenantId: 'contoso.onmicrosoft.com' })
  })

  it('reads a client-secret sign-in, with the secret wrapped', () => {
    setInputs(clientSecretStep)

    const { auth } = readValidSettings()

    expect(auth).toEqual({
      kind: 'client-secret',
      tenantId,
      clientId,
      clientSecret: anySecret
    })
    expect(auth.kind === 'client-secret' && auth.clientSecret.reveal()).toBe(
      clientSecret
    )
  })

  it.each([
    ['system-assigned', managedIdentityStep, { kind: 'managed-identity' }],
    [
      'user-assigned',
      { ...managedIdentityStep, 'client-id': clientId },
      { kind: 'managed-identity', clientId }
    ]
  ])('reads a %s managed identity', (_, inputs, auth) => {
    setInputs(inputs)

    const settings = readValidSettings()

    expect(settings.auth).toStrictEqual(auth)
  })

  it.each([
    ['without a tenant', azureCliStep, { kind: 'azure-cli' }],
    [
      'with a tenant',
      { ...azureCliStep, 'tenant-id': tenantId },
      { kind: 'azure-cli', tenantId }
    ]
  ])('reads an azure-cli sign-in %s', (_, inputs, auth) => {
    setInputs(inputs)

    const settings = readValidSettings()

    expect(settings.auth).toStrictEqual(auth)
  })

  it.each(['reset-rdp', 'RESET-RDP', 'Reset-Rdp'])(
    'reads mode %j as reset-rdp',
    (mode) => {
      setInputs({ ...rdpStep, mode })

      const settings = readValidSettings()

      expect(settings.mode).toStrictEqual({ kind: 'reset-rdp' })
    }
  )

  it.each([
    ['AzureCloud', 'https://management.azure.com'],
    ['azurecloud', 'https://management.azure.com'],
    ['azureusgovernment', 'https://management.usgovcloudapi.net'],
    ['AZURECHINACLOUD', 'https://management.chinacloudapi.cn']
  ])('matches environment %j without regard to case', (environment, arm) => {
    setInputs({ ...oidcStep, environment })

    const { cloud } = readValidSettings()

    expect(cloud.resourceManagerEndpoint).toBe(arm)
  })

  it('reads auth-type without regard to case', () => {
    setInputs({ ...clientSecretStep, 'auth-type': 'Client-Secret' })

    const settings = readValidSettings()

    expect(settings.auth.kind).toBe('client-secret')
  })

  it('points the cloud at resource-manager-endpoint and AZURE_AUTHORITY_HOST', () => {
    setInputs({
      ...oidcStep,
      'resource-manager-endpoint': 'https://127.0.0.1:8443/'
    })
    process.env['AZURE_AUTHORITY_HOST'] = 'https://127.0.0.1:8444'

    const { cloud } = readValidSettings()

    expect(cloud).toEqual({
      environment: 'AzureCloud',
      resourceManagerEndpoint: 'https://127.0.0.1:8443',
      resourceManagerScope: 'https://127.0.0.1:8443/.default',
      authorityHost: 'https://127.0.0.1:8444',
      isKnownAuthority: false,
      keyVaultDnsSuffix: 'vault.azure.net'
    })
  })

  it('reads extension-name, type-handler-version and timeout-minutes', () => {
    setInputs({
      ...oidcStep,
      'extension-name': 'VMAccessAgent',
      'type-handler-version': '2.0',
      'timeout-minutes': '30'
    })

    const settings = readValidSettings()

    expect(settings.extension).toEqual({
      name: 'VMAccessAgent',
      typeHandlerVersion: '2.0'
    })
    expect(settings.timeoutMs).toBe(30 * 60_000)
  })

  it.each([
    ['1', 60_000],
    ['120', 120 * 60_000]
  ])('reads timeout-minutes %j as %i ms', (minutes, timeoutMs) => {
    setInputs({ ...oidcStep, 'timeout-minutes': minutes })

    const settings = readValidSettings()

    expect(settings.timeoutMs).toBe(timeoutMs)
  })
})

describe('readRawInputs', () => {
  it('masks the password and the client secret', () => {
    setInputs(clientSecretStep)

    readRawInputs(new Redactor())

    expect(stdout).toContain(`::add-mask::${password}`)
    expect(stdout).toContain(`::add-mask::${clientSecret}`)
  })

  it('masks nothing else', () => {
    setInputs(clientSecretStep)

    readRawInputs(new Redactor())

    expect(stdout.match(/::add-mask::/g)).toHaveLength(2)
  })

  it('masks a password that will be refused', () => {
    setInputs({ ...oidcStep, password: 'Zq7!Lx' })

    readInvalidInputs()

    expect(stdout).toContain('::add-mask::Zq7!Lx')
  })

  it('reads every input of action.yml: the step’s, the defaults, empty when neither', () => {
    setInputs({ 'vm-name': 'web-01' })

    const raw = readRawInputs(new Redactor())

    const declared = Object.keys(
      (parse(readFileSync('action.yml', 'utf8')) as { inputs: object }).inputs
    )
    expect(Object.keys(raw).sort()).toEqual(declared.sort())
    expect(raw['vm-name']).toBe('web-01')
    expect(raw['fail-on-findings']).toBe('false')
    expect(raw.password).toBe('')
  })
})

describe('readRunnerEnv', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['  ', {}],
    [' https://127.0.0.1:8444 ', { authorityHost: 'https://127.0.0.1:8444' }]
  ])('reads AZURE_AUTHORITY_HOST %j', (value, expected) => {
    if (value !== undefined) process.env['AZURE_AUTHORITY_HOST'] = value

    const env = readRunnerEnv()

    expect(env).toStrictEqual(expected)
  })
})
