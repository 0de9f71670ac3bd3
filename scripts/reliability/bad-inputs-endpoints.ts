// Bad endpoints: the Resource Manager endpoint input and the runner's
// AZURE_AUTHORITY_HOST, which must be plain https URLs and never echo a
// credential written into them.
import { refusing, type BadInputCase } from './bad-input-case.ts'

/** Resource Manager (and authority) endpoints that are not plain https URLs. */
export const endpoints: BadInputCase[] = [
  {
    name: 'an http resource-manager-endpoint',
    inputs: { 'resource-manager-endpoint': 'http://management.azure.com' },
    refuses: refusing('resource-manager-endpoint', /is not an https URL/)
  },
  {
    name: 'an ftp resource-manager-endpoint',
    inputs: { 'resource-manager-endpoint': 'ftp://management.azure.com' },
    refuses: refusing('resource-manager-endpoint', /is not an https URL/)
  },
  {
    name: 'a resource-manager-endpoint without a scheme',
    inputs: { 'resource-manager-endpoint': 'management.azure.com' },
    refuses: refusing('resource-manager-endpoint', /is not a URL/)
  },
  {
    name: 'a resource-manager-endpoint that is not a URL',
    inputs: { 'resource-manager-endpoint': 'the ARM endpoint' },
    refuses: refusing('resource-manager-endpoint', /is not a URL/)
  },
  {
    name: 'a resource-manager-endpoint with a query',
    inputs: {
      'resource-manager-endpoint': 'https://management.azure.com/?x=1'
    },
    refuses: refusing(
      'resource-manager-endpoint',
      /carries a query, fragment or credentials/
    )
  },
  {
    name: 'a resource-manager-endpoint with a password in it',
    inputs: {
      'resource-manager-endpoint':
        'https://admin:Hunter2-Endpoint-Secret@management.azure.com'
    },
    refuses: refusing(
      'resource-manager-endpoint',
      /carries a query, fragment or credentials/
    ),
    secrets: ['Hunter2-Endpoint-Secret']
  },
  {
    name: 'a resource-manager-endpoint of user:password@host without a scheme',
    inputs: {
      'resource-manager-endpoint': 'admin:Hunter2-Endpoint-Secret@management'
    },
    // WHATWG parses this as scheme "admin:" with path "Hunter2-…@management".
    refuses: refusing(
      'resource-manager-endpoint',
      /is not (a URL|an https URL)/
    ),
    secrets: ['Hunter2-Endpoint-Secret']
  },
  {
    name: 'an AZURE_AUTHORITY_HOST of user:password@host without a scheme',
    inputs: {},
    env: { AZURE_AUTHORITY_HOST: 'admin:Hunter2-Authority-Secret@login' },
    refuses: refusing(
      'environment',
      /AZURE_AUTHORITY_HOST .*not (a URL|an https URL)/
    ),
    secrets: ['Hunter2-Authority-Secret']
  },
  {
    name: 'an AZURE_AUTHORITY_HOST on the runner that is not https',
    inputs: {},
    env: { AZURE_AUTHORITY_HOST: 'http://login.microsoftonline.com' },
    refuses: refusing('environment', /AZURE_AUTHORITY_HOST .*not an https URL/)
  }
]
