// Pure rules for the action's inputs. Each check answers with the rule a
// value breaks and how to fix it, or undefined when the value is fine.
// Source: Azure's naming rules (learn.microsoft.com/azure/azure-resource-manager/
// management/resource-name-rules). Windows account rules: windows-credentials.ts.

/** A broken rule and what to do about it. */
export interface Problem {
  problem: string
  fix: string
}

/** A check of one input value. */
export type Check = (value: string) => Problem | undefined

/** No input needs more; a megabyte pasted by mistake stops here. */
export const maxInputLength = 1024

const guidPattern =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/** Quotes a non-secret value for a message, short and with escapes visible. */
export function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value
  return JSON.stringify(shown)
}

/** Every input: printable, one line, of a sane length. Never echoes it. */
export function checkPrintable(value: string): Problem | undefined {
  if (value.length > maxInputLength) {
    return {
      problem: `is ${value.length} characters long; no input may exceed ${maxInputLength}`,
      fix: 'Check that the right value or secret is passed.'
    }
  }
  if (controlCharacter.test(value)) {
    return {
      problem: 'contains a line break or another control character',
      fix: 'Remove it; a secret stored with `echo` often ends in a newline.'
    }
  }
  return undefined
}

/** A GUID such as a subscription or client ID. */
export const checkGuid: Check = (value) =>
  guidPattern.test(value)
    ? undefined
    : {
        problem: `${quote(value)} is not a GUID`,
        fix: 'Use the ID in the form 00000000-0000-0000-0000-000000000000 (Azure portal or `az account show`).'
      }

/** A tenant: a GUID or a domain such as contoso.onmicrosoft.com. */
export const checkTenant: Check = (value) =>
  guidPattern.test(value) ||
  /^(?=.{3,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(
    value
  )
    ? undefined
    : {
        problem: `${quote(value)} is neither a GUID nor a domain name`,
        fix: 'Use the tenant ID GUID (`az account show --query tenantId`) or its domain, e.g. contoso.onmicrosoft.com.'
      }

/** Resource group: 1-90 letters, digits, '_', '-', '.', '(', ')'; no trailing '.'. */
export const checkResourceGroup: Check = (value) => {
  if (value.length > 90) {
    return {
      problem: `is ${value.length} characters long; Azure allows 1-90`,
      fix: 'Use the resource group name as the portal shows it.'
    }
  }
  if (!/^[\p{L}\p{N}_.()-]+$/u.test(value)) {
    return {
      problem: `${quote(value)} has a character Azure does not allow in resource group names (letters, digits, '_', '-', '.', '(' and ')' only)`,
      fix: 'Use the resource group name as the portal shows it.'
    }
  }
  if (value.endsWith('.')) {
    return {
      problem: `${quote(value)} ends with a period, which Azure does not allow`,
      fix: 'Remove the trailing period.'
    }
  }
  return undefined
}

/** VM name: 1-64 letters, digits, '-', '.', '_'; starts with a letter or digit; no trailing '.' or '-'. */
export const checkVmName: Check = (value) => {
  if (value.length > 64) {
    return {
      problem: `is ${value.length} characters long; Azure allows 1-64`,
      fix: 'Use the VM name as the portal shows it (`az vm list -o table`).'
    }
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) {
    return {
      problem: `${quote(value)} is not a valid VM name (letters, digits, '-', '.' and '_', starting with a letter or digit)`,
      fix: 'Use the VM name as the portal shows it (`az vm list -o table`).'
    }
  }
  if (/[.-]$/.test(value)) {
    return {
      problem: `${quote(value)} ends with '${value.slice(-1)}', which Azure does not allow in VM names`,
      fix: 'Use the VM name as the portal shows it (`az vm list -o table`).'
    }
  }
  return undefined
}

/** Extension name: 1-64 letters, digits, '-', '.', '_', starting with a letter or digit. */
export const checkExtensionName: Check = (value) =>
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value) && !value.endsWith('.')
    ? undefined
    : {
        problem: `${quote(value)} is not a valid extension name (1-64 letters, digits, '-', '.', '_', starting with a letter or digit, not ending in '.')`,
        fix: 'Leave extension-name empty to reuse the VM’s VMAccess extension name, or pick a plain name such as enablevmaccess.'
      }

/** An https URL of `service` without query, fragment or credentials. */
export function checkHttpsUrl(service: string, example: string): Check {
  return (value) => {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      return {
        problem: `${value.includes('@') ? 'the value' : quote(value)} is not a URL`,
        fix: `Use the full https URL of ${service}, e.g. ${example}.`
      }
    }
    if (url.protocol !== 'https:') {
      return {
        problem: `${describeUrl(url)} is not an https URL`,
        fix: `${service} is only reachable over https; use e.g. ${example}.`
      }
    }
    if (url.search || url.hash || url.username || url.password) {
      return {
        problem: `${describeUrl(url)} carries a query, fragment or credentials`,
        fix: `Give only the scheme, host and port, e.g. ${example}.`
      }
    }
    return undefined
  }
}

// A URL's user info, query or (for an odd scheme) path may hold a
// credential: show only what cannot.
function describeUrl(url: URL): string {
  return url.protocol === 'https:' || url.protocol === 'http:'
    ? quote(`${url.protocol}//${url.host}${url.pathname}`)
    : `a URL with the scheme ${quote(url.protocol)}`
}

/** Resource Manager's endpoint. */
export const checkHttpsEndpoint = checkHttpsUrl(
  'Resource Manager',
  'https://management.azure.com'
)

/** The Entra authority host (AZURE_AUTHORITY_HOST). */
export const checkAuthorityHost = checkHttpsUrl(
  'Entra ID',
  'https://login.microsoftonline.com'
)

/** A Key Vault's URL. */
export const checkVaultUrl = checkHttpsUrl(
  'Key Vault',
  'https://my-vault.vault.azure.net'
)

/** A DNS zone such as vault.azurestack.contoso.com: two or more labels. */
export const checkDnsSuffix: Check = (value) =>
  /^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(
    value
  )
    ? undefined
    : {
        problem: `${quote(value)} is not a DNS zone such as vault.azurestack.contoso.com`,
        fix: 'Use the Key Vault DNS suffix of your cloud (az cloud show --query suffixes.keyvaultDns), without a leading dot.'
      }

/** True when `host` is `zone` or a name inside it, on a label boundary. */
export function isInDnsZone(host: string, zone: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '')
  const z = zone.toLowerCase().replace(/^\./, '')
  return h === z || h.endsWith(`.${z}`)
}

/** True for a host on this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  return (
    host === 'localhost' ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  )
}

/** OIDC audience: a non-empty token without spaces. */
export const checkAudience: Check = (value) =>
  /^\S{1,256}$/.test(value)
    ? undefined
    : {
        problem: `${quote(value)} is not a valid audience (no spaces, at most 256 characters)`,
        fix: 'Leave it empty for api://AzureADTokenExchange, the audience Entra ID expects.'
      }

/** A whole number of minutes from 1 to 120. */
export const checkTimeoutMinutes: Check = (value) =>
  /^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= 120
    ? undefined
    : {
        problem: `${quote(value)} is not a whole number of minutes from 1 to 120`,
        fix: 'Use e.g. timeout-minutes: 15.'
      }

/** A handler version major.minor, at least 2.0. */
export const checkTypeHandlerVersion: Check = (value) => {
  const match = /^(\d{1,3})\.(\d{1,3})$/.exec(value)
  return match && Number(match[1]) >= 2
    ? undefined
    : {
        problem: `${quote(value)} is not a VMAccessAgent version of the form major.minor, at least 2.0`,
        fix: 'Leave it empty for 2.4 (or the VM’s newer installed version), or use e.g. 2.4.'
      }
}

/** A whole number within [min, max], for counts such as days or lengths. */
export function checkWholeNumber(
  min: number,
  max: number,
  example: string
): Check {
  return (value) =>
    /^\d{1,6}$/.test(value) && Number(value) >= min && Number(value) <= max
      ? undefined
      : {
          problem: `${quote(value)} is not a whole number from ${min} to ${max}`,
          fix: `Use e.g. ${example}.`
        }
}

/** A Key Vault secret name: 1-127 letters, digits and '-'. */
export const checkSecretName: Check = (value) =>
  /^[0-9a-zA-Z-]{1,127}$/.test(value)
    ? undefined
    : {
        problem: `${quote(value)} is not a Key Vault secret name (1-127 letters, digits and '-')`,
        fix: 'Leave secret-name empty for the default <resource-group>-<vm-name>-<username>-<hash>, or use letters, digits and dashes only.'
      }

/** secret-name-prefix: the start of each VM's secret name, room left for the rest. */
export const checkSecretNamePrefix: Check = (value) =>
  /^[0-9a-zA-Z-]{1,60}$/.test(value)
    ? undefined
    : {
        problem: `${quote(value)} is not a secret name prefix (1-60 letters, digits and '-'; each VM's secret is <secret-name-prefix>-<resource-group>-<vm-name>-<username>-<hash>)`,
        fix: 'Use a short prefix of letters, digits and dashes, or leave secret-name-prefix empty.'
      }

/** Where RDP comes from: `*`, a service tag (Internet, AzureCloud.WestEurope) or an IPv4 address or CIDR. */
export const checkSourceAddress: Check = (value) => {
  const ip =
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value)
  const isIp =
    ip !== null &&
    ip.slice(1, 5).every((o) => Number(o) <= 255) &&
    (ip[5] === undefined || Number(ip[5]) <= 32)
  return value === '*' || isIp || /^[A-Za-z][A-Za-z0-9.]{0,79}$/.test(value)
    ? undefined
    : {
        problem: `${quote(value)} is not *, a service tag or an IPv4 address or CIDR`,
        fix: 'Use e.g. source-address: Internet, or your address range such as 203.0.113.0/24.'
      }
}

/** true or false, as YAML 1.2 core schema spells booleans. */
export const checkBoolean: Check = (value) =>
  /^(true|false)$/i.test(value)
    ? undefined
    : {
        problem: `${quote(value)} is neither true nor false`,
        fix: 'Use true or false.'
      }
