import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

type Json = Record<string, unknown>

/**
 * The stored documents the validator compiles, by the name refs map onto:
 * Compute's (ComputeRP, common-types v1, v3 types) and Network's
 * (virtualNetwork.json and its `./common.json`).
 */
export type SpecDocumentName =
  | 'compute.json'
  | 'common.json'
  | 'types.json'
  | 'network.json'
  | 'network-common.json'

/** The Compute and Network specs as one extract: every layer's operations and definitions. */
export interface MergedSpec {
  /** Operation objects keyed by operationId. */
  operations: Map<string, Json>
  /** The document an operation's local refs (`#/definitions/…`) point into. */
  homes: Map<string, SpecDocumentName>
  /** Each document's definitions, the layers' additions merged in. */
  definitions: Record<SpecDocumentName, Json>
}

// Where each document lives inside a spec folder (`contract/spec`
// and its `extended/spec` additions share one layout).
const files: Record<SpecDocumentName, string> = {
  'compute.json': 'ComputeRP-2026-04-01.definitions-extract.json',
  'common.json': 'common-types/v1/common.json',
  'types.json': 'common-types/resource-management/v3/types.json',
  'network.json': 'network/virtualNetwork-2026-01-01.definitions-extract.json',
  'network-common.json': 'network/common-2026-01-01.definitions-extract.json'
}
const operationsFiles: { file: string; home: SpecDocumentName }[] = [
  {
    file: 'ComputeRP-2026-04-01.operations-extract.json',
    home: 'compute.json'
  },
  {
    file: 'network/virtualNetwork-2026-01-01.operations-extract.json',
    home: 'network.json'
  }
]

/**
 * Reads the spec folders in order and merges them. The extended extract only
 * adds (its README: "no name overlaps"), so a repeated name is a broken copy.
 */
export function readSpecLayers(folders: readonly string[]): MergedSpec {
  const merged: MergedSpec = {
    operations: new Map(),
    homes: new Map(),
    definitions: {
      'compute.json': {},
      'common.json': {},
      'types.json': {},
      'network.json': {},
      'network-common.json': {}
    }
  }
  for (const folder of folders) {
    for (const { file, home } of operationsFiles) {
      const operations = readJson(folder, file)
      if (!operations) continue
      for (const id of addOperations(merged.operations, operations, folder))
        merged.homes.set(id, home)
    }
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

/** Adds the extract's operations; returns their ids. */
function addOperations(
  into: Map<string, Json>,
  extract: Json,
  folder: string
): string[] {
  const added: string[] = []
  for (const item of Object.values(
    extract.paths as Record<string, Record<string, Json>>
  )) {
    for (const operation of Object.values(item)) {
      const id = String(operation.operationId)
      if (into.has(id)) throw new Error(`${folder} repeats operation ${id}`)
      into.set(id, operation)
      added.push(id)
    }
  }
  return added
}

function addAll(into: Json, additions: Json, source: string): void {
  for (const [name, value] of Object.entries(additions)) {
    if (name in into) throw new Error(`${source} repeats definition ${name}`)
    into[name] = value
  }
}
