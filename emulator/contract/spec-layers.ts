import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

type Json = Record<string, unknown>

/** The stored documents the validator compiles, by the name refs map onto. */
export type SpecDocumentName = 'compute.json' | 'common.json' | 'types.json'

/** The Compute spec as one extract: every layer's operations and definitions. */
export interface MergedSpec {
  /** Operation objects keyed by operationId. */
  operations: Map<string, Json>
  /** Each document's definitions, the layers' additions merged in. */
  definitions: Record<SpecDocumentName, Json>
}

// Where each document lives inside a spec folder (`../shared/azure-specs/spec`
// and its `extended/spec` additions share one layout).
const files: Record<SpecDocumentName, string> = {
  'compute.json': 'ComputeRP-2026-04-01.definitions-extract.json',
  'common.json': 'common-types/v1/common.json',
  'types.json': 'common-types/resource-management/v3/types.json'
}
const operationsFile = 'ComputeRP-2026-04-01.operations-extract.json'

/**
 * Reads the spec folders in order and merges them. The extended extract only
 * adds (its README: "no name overlaps"), so a repeated name is a broken copy.
 */
export function readSpecLayers(folders: readonly string[]): MergedSpec {
  const merged: MergedSpec = {
    operations: new Map(),
    definitions: { 'compute.json': {}, 'common.json': {}, 'types.json': {} }
  }
  for (const folder of folders) {
    const operations = readJson(folder, operationsFile)
    if (operations) addOperations(merged.operations, operations, folder)
    for (const [name, file] of Object.entries(files) as [
      SpecDocumentName,
      string
    ][]) {
      const definitions = readJson(folder, file)?.definitions as
        Json | undefined
      addAll(merged.definitions[name], definitions ?? {}, `${folder} ${file}`)
    }
  }
  return merged
}

function readJson(folder: string, file: string): Json | undefined {
  const full = path.join(folder, file)
  return existsSync(full)
    ? (JSON.parse(readFileSync(full, 'utf8')) as Json)
    : undefined
}

function addOperations(
  into: Map<string, Json>,
  extract: Json,
  folder: string
): void {
  for (const item of Object.values(
    extract.paths as Record<string, Record<string, Json>>
  )) {
    for (const operation of Object.values(item)) {
      const id = String(operation.operationId)
      if (into.has(id)) throw new Error(`${folder} repeats operation ${id}`)
      into.set(id, operation)
    }
  }
}

function addAll(into: Json, additions: Json, source: string): void {
  for (const [name, value] of Object.entries(additions)) {
    if (name in into) throw new Error(`${source} repeats definition ${name}`)
    into[name] = value
  }
}
