// The relative imports of src/, read as text: static, type-only and dynamic.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** File (relative to the root) → the files it imports. */
export type ImportGraph = Map<string, string[]>

const importPattern =
  /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm

/** Every .ts file under `root`, relative to it, with its relative imports. */
export function readImportGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const file of tsFilesUnder(root)) {
    const text = readFileSync(path.join(root, file), 'utf8')
    const imports = [...text.matchAll(importPattern)].map((m) =>
      path.posix.join(path.posix.dirname(file), m[1] ?? '')
    )
    graph.set(file, [...new Set(imports)])
  }
  return graph
}

function tsFilesUnder(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap(
    (entry) => {
      const rel = path.posix.join(dir, entry.name)
      if (entry.isDirectory()) return tsFilesUnder(root, rel)
      return entry.name.endsWith('.ts') ? [rel] : []
    }
  )
}

/** The first import cycle found, as the files around it, or undefined. */
export function findCycle(graph: ImportGraph): string[] | undefined {
  const done = new Set<string>()
  const visit = (file: string, trail: string[]): string[] | undefined => {
    const seenAt = trail.indexOf(file)
    if (seenAt >= 0) return [...trail.slice(seenAt), file]
    if (done.has(file)) return undefined
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next, [...trail, file])
      if (cycle) return cycle
    }
    done.add(file)
    return undefined
  }
  for (const file of graph.keys()) {
    const cycle = visit(file, [])
    if (cycle) return cycle
  }
  return undefined
}
