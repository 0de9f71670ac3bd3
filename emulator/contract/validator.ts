import { fileURLToPath } from 'node:url'
import ajv2019 from 'ajv/dist/2019.js'
import ajvFormats from 'ajv-formats'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { readSpecLayers, type SpecDocumentName } from './spec-layers.ts'

/** Checks ARM traffic against the ComputeRP 2026-04-01 and virtualNetwork 2026-01-01 extracts in ./spec and ./extended. */
export interface ContractValidator {
  /** True when the spec extract declares this operationId. */
  declares: (operationId: string) => boolean
  /** Problems with a PUT body: schema errors, and readOnly properties (forbidden in requests, as oav does). */
  checkRequestBody: (operationId: string, body: unknown) => string[]
  /** Problems with a response: undeclared status, unexpected body, schema errors. */
  checkResponse: (
    operationId: string,
    status: number,
    body: unknown
  ) => string[]
}

/** Compute's REST contract as extracts of azure-rest-api-specs, shipped with the emulator. */
export const specFolder = fileURLToPath(new URL('./spec/', import.meta.url))
/** The extended extracts: VM listing, Run Command, network reads. */
export const extendedSpecFolder = fileURLToPath(
  new URL('./extended/', import.meta.url)
)

type Json = Record<string, unknown>
interface OperationSpec {
  parameters?: Json[]
  responses: Record<string, { schema?: Json } | undefined>
}

const Ajv2019 = ajv2019.default
const addFormats = ajvFormats.default
const base = 'https://extract.invalid/'
// Marks readOnly properties in the request variant of the documents.
const forbidInRequest = 'x-emulator-forbid-in-request'
const cache = new Map<string, ContractValidator>()

/** Loads (once per set of folders) a validator over the merged spec extracts. */
export function loadContractValidator(
  folders: readonly string[] = [specFolder, extendedSpecFolder]
): ContractValidator {
  const key = folders.join('\n')
  const cached = cache.get(key)
  if (cached) return cached
  const validator = buildValidator(folders)
  cache.set(key, validator)
  return validator
}

function buildValidator(folders: readonly string[]): ContractValidator {
  const spec = readSpecLayers(folders)
  const operations = spec.operations as unknown as Map<string, OperationSpec>
  const homeOf = (operationId: string): SpecDocumentName =>
    spec.homes.get(operationId) ?? 'compute.json'
  const documents = Object.entries(spec.definitions)
  const ajv = createAjv(documents.map(([, d]) => d))
  for (const variant of ['res', 'req'] as const) {
    for (const [name, definitions] of documents)
      ajv.addSchema(makeDocument(name, definitions, variant))
  }
  const compiled = new Map<string, ValidateFunction>()
  const validatorFor = (
    schema: Json,
    variant: 'res' | 'req',
    home: SpecDocumentName
  ): ValidateFunction => {
    const key = `${variant}:${home}:${JSON.stringify(schema)}`
    let validate = compiled.get(key)
    if (!validate) {
      validate = ajv.compile(rootSchema(schema, variant, home))
      compiled.set(key, validate)
    }
    return validate
  }
  return {
    declares: (operationId) => operations.has(operationId),
    checkRequestBody(operationId, body) {
      const parameter = operations
        .get(operationId)
        ?.parameters?.find((p) => p.in === 'body')
      const schema = parameter?.schema as Json | undefined
      if (!schema) return [`${operationId} declares no request body`]
      const validate = validatorFor(schema, 'req', homeOf(operationId))
      return validate(body) ? [] : describe(validate.errors)
    },
    checkResponse(operationId, status, body) {
      const operation = operations.get(operationId)
      if (!operation)
        return [`operation ${operationId} is not in the spec extract`]
      const declared =
        operation.responses[String(status)] ??
        (status >= 400 ? operation.responses.default : undefined)
      if (!declared) return [`status ${status} is not declared`]
      if (!declared.schema)
        return body === undefined
          ? []
          : [`status ${status} declares no body but one was sent`]
      if (body === undefined)
        return [`status ${status} declares a body but none was sent`]
      const validate = validatorFor(declared.schema, 'res', homeOf(operationId))
      return validate(body) ? [] : describe(validate.errors)
    }
  }
}

function createAjv(documents: Json[]): InstanceType<typeof Ajv2019> {
  const ajv = new Ajv2019({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false
  })
  addFormats(ajv)
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31
  })
  ajv.addFormat('int64', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n)
  })
  for (const format of ['double', 'float', 'password', 'arm-id', 'byte'])
    ajv.addFormat(format, true)
  // Swagger/AutoRest vendor keywords (x-ms-*) are annotations only.
  const vendor = new Set<string>()
  for (const doc of documents)
    walk(doc, (node) =>
      Object.keys(node).forEach((k) => k.startsWith('x-') && vendor.add(k))
    )
  for (const keyword of vendor) ajv.addKeyword({ keyword })
  ajv.addKeyword({
    keyword: forbidInRequest,
    schemaType: 'boolean',
    validate: (forbidden: boolean) => !forbidden
  })
  return ajv
}

function makeDocument(
  name: string,
  source: Json,
  variant: 'res' | 'req'
): Json {
  const definitions = structuredClone(source)
  walk(definitions, (node) => {
    if (typeof node.$ref === 'string') node.$ref = mapRef(node.$ref)
    if (variant === 'req' && node.readOnly === true)
      node[forbidInRequest] = true
  })
  return { $id: `${base}${variant}/${name}`, definitions }
}

function rootSchema(
  schema: Json,
  variant: 'res' | 'req',
  home: SpecDocumentName
): Json {
  const ref = mapRef(String(schema.$ref))
  return {
    $ref: new URL(
      ref.startsWith('#') ? `${home}${ref}` : ref,
      `${base}${variant}/`
    ).href
  }
}

/**
 * Maps the relative file refs of ComputeRP.json and virtualNetwork.json
 * onto the stored documents. Only the Network files say `./common.json`.
 */
function mapRef(ref: string): string {
  if (ref.startsWith('#')) return ref
  const fragment = ref.split('#')[1] ?? ''
  if (ref.startsWith('./common.json#')) return `network-common.json#${fragment}`
  if (/(^|\/)common-types\/v1\/common\.json#/.test(ref))
    return `common.json#${fragment}`
  if (/(^|\/)common-types\/resource-management\/v3\/types\.json#/.test(ref))
    return `types.json#${fragment}`
  throw new Error(`unmapped external $ref ${ref}`)
}

function walk(node: unknown, visit: (node: Json) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit)
  } else if (typeof node === 'object' && node !== null) {
    visit(node as Json)
    for (const value of Object.values(node)) walk(value, visit)
  }
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const message =
      e.keyword === forbidInRequest
        ? 'is readOnly and must not be sent in a request'
        : e.message
    return `${e.instancePath || '/'} ${message ?? e.keyword}`
  })
}
