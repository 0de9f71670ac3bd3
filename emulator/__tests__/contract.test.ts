import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  extendedSpecFolder,
  loadContractValidator,
  specFolder
} from '../contract/validator.ts'
import { startEmulator } from '../index.ts'
import { secretCredential, send, vmUrl } from './sdk-clients.ts'

const sharedSpecs = fileURLToPath(
  new URL('../../../shared/azure-specs/', import.meta.url)
)

function jsonFilesUnder(folder: string, prefix = ''): string[] {
  return readdirSync(path.join(folder, prefix)).flatMap((name) => {
    const relative = path.join(prefix, name)
    if (statSync(path.join(folder, relative)).isDirectory())
      return jsonFilesUnder(folder, relative)
    return name.endsWith('.json') ? [relative] : []
  })
}

interface Example {
  operationId: string
  parameters: Record<string, unknown>
  responses: Record<string, { body?: unknown }>
}

describe('the spec copies', () => {
  // A developer's clone may lack ../shared; CI always has it, so there a
  // missing folder is a broken layout and fails instead of skipping.
  const isCi = process.env['CI'] === 'true'
  const maybe = existsSync(sharedSpecs) || isCi ? it.each : it.skip.each

  maybe([
    ['spec', specFolder],
    ['extended/spec', extendedSpecFolder]
  ])('are byte-identical to ../shared/azure-specs/%s', (shared, copy) => {
    const original = path.join(sharedSpecs, shared)
    if (!existsSync(original)) {
      throw new Error(
        `${original} is missing: CI runs with ../shared beside the repository`
      )
    }
    const files = jsonFilesUnder(original).sort()

    const copied = jsonFilesUnder(copy).sort()

    expect(copied).toEqual(files)
    for (const file of files) {
      expect(readFileSync(path.join(copy, file))).toEqual(
        readFileSync(path.join(original, file))
      )
    }
  })
})

describe('the contract validator', () => {
  const validator = loadContractValidator()
  const readExamples = (folder: string): Example[] =>
    readdirSync(folder).map(
      (file) =>
        JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Example
    )
  // The extended Compute examples that name their operation (the 2024-11-01
  // ones do not), the Network ones and the base ones, against the merged
  // extracts.
  const examples = [
    ...readExamples(path.join(specFolder, 'examples')),
    ...readExamples(path.join(extendedSpecFolder, 'examples', 'compute')),
    ...readExamples(path.join(extendedSpecFolder, 'examples', 'network'))
  ].filter((e) => e.operationId !== undefined)

  it.each(examples.map((e) => [e.operationId, e] as const))(
    'accepts the stored example of %s',
    (operationId, example) => {
      const problems = Object.entries(example.responses).flatMap(
        ([status, response]) =>
          validator.checkResponse(operationId, Number(status), response.body)
      )
      const body = example.parameters['extensionParameters']
      if (body !== undefined)
        problems.push(...validator.checkRequestBody(operationId, body))

      expect(problems).toEqual([])
    }
  )

  it('rejects a readOnly property in a PUT body, as ARM requests are checked', () => {
    const problems = validator.checkRequestBody(
      'VirtualMachineExtensions_CreateOrUpdate',
      {
        location: 'westeurope',
        properties: {
          publisher: 'Microsoft.Compute',
          provisioningState: 'Succeeded'
        }
      }
    )

    expect(problems).toEqual([
      '/properties/provisioningState is readOnly and must not be sent in a request'
    ])
  })

  it('rejects a PUT body without location', () => {
    expect(
      validator.checkRequestBody('VirtualMachineExtensions_CreateOrUpdate', {
        properties: {}
      })
    ).toEqual(["/ must have required property 'location'"])
  })

  it.each([
    [
      'a bad osType',
      'VirtualMachines_Get',
      200,
      {
        location: 'x',
        properties: {
          storageProfile: {
            osDisk: { createOption: 'FromImage', osType: 'Windoze' }
          }
        }
      }
    ],
    [
      'a bad status level',
      'VirtualMachines_InstanceView',
      200,
      { statuses: [{ code: 'x', level: 'Fatal' }] }
    ],
    [
      'a bad date-time',
      'VirtualMachines_InstanceView',
      200,
      { statuses: [{ code: 'x', time: 'yesterday' }] }
    ],
    [
      'a string where the list is',
      'VirtualMachineExtensions_List',
      200,
      { value: 'nothing' }
    ],
    [
      'a null nextLink on a last page',
      'VirtualMachines_ListAll',
      200,
      { value: [], nextLink: null }
    ],
    ['an undeclared status', 'VirtualMachineExtensions_Get', 201, {}],
    [
      "a security rule's protocol as the effective view may not write it",
      'NetworkInterfaces_ListEffectiveNetworkSecurityGroups',
      200,
      { value: [{ effectiveSecurityRules: [{ protocol: '*' }] }] }
    ],
    [
      'a Network public IP with an unknown SKU',
      'PublicIPAddresses_Get',
      200,
      { sku: { name: 'Premium' } }
    ],
    ['a body on a 204', 'VirtualMachineExtensions_Delete', 204, { error: 'x' }]
  ])('catches %s in a response', (_what, operationId, status, body) => {
    expect(validator.checkResponse(operationId, status, body)).not.toEqual([])
  })
})

describe('the emulator under contract', () => {
  it('records a violation when a response it sends breaks the spec', async () => {
    const emulator = await startEmulator()
    emulator.faults.add('VirtualMachines_Get', { kind: 'malformed' })
    const token = await secretCredential(emulator).getToken(
      `${emulator.armUrl}/.default`
    )

    const response = await send(emulator, 'GET', vmUrl(emulator, 'vm-web-01'), {
      token: token.token
    })

    await emulator.stop()
    expect(response.status).toBe(200)
    expect(emulator.contractViolations).toEqual([
      'VirtualMachines_Get 200 response: /properties must be object'
    ])
  })

  it('answers 400 to a PUT body with readOnly properties and records the violation', async () => {
    const emulator = await startEmulator()
    const token = await secretCredential(emulator).getToken(
      `${emulator.armUrl}/.default`
    )
    const body = {
      location: 'westeurope',
      properties: {
        publisher: 'Microsoft.Compute',
        type: 'VMAccessAgent',
        typeHandlerVersion: '2.4',
        provisioningState: 'Succeeded'
      }
    }

    const response = await send(
      emulator,
      'PUT',
      vmUrl(emulator, 'vm-no-vmaccess', '/extensions/enablevmaccess'),
      { token: token.token, body }
    )

    await emulator.stop()
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      error: { code: 'InvalidRequestContent' }
    })
    expect(emulator.contractViolations).toEqual([
      'VirtualMachineExtensions_CreateOrUpdate request: /properties/provisioningState is readOnly and must not be sent in a request'
    ])
    expect(
      emulator.requests.filter((r) => r.method === 'PUT').map((r) => r.status)
    ).toEqual([400])
  })
})
