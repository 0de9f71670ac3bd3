// The relative imports of src/, read with TypeScript's own parser, so a
// statement split over lines, a comment or a string cannot fool it.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/**
 * When the imported module is loaded: when the importer is (`static`), never
 * at run time (`type-only`), or when the `import()` call runs (`dynamic`).
 */
export type ImportKind = 'static' | 'type-only' | 'dynamic'

/** One relative import: the file it names, relative to the root, and how. */
export interface Import {
  file: string
  kind: ImportKind
}

/** File (relative to the root) → the files it imports, and how. */
export type ImportGraph = Map<string, Import[]>

/** File → the files it depends on, whatever the kind of import. */
export type Dependencies = ReadonlyMap<string, readonly string[]>

/** Every .ts file under `root`, relative to it, with its text. */
export function readSources(root: string, dir = ''): Map<string, string> {
  const sources = new Map<string, string>()
  for (const entry of readdirSync(path.join(root, dir), {
    withFileTypes: true
  })) {
    const file = path.posix.join(dir, entry.name)
    if (entry.isDirectory()) {
      for (const [sub, text] of readSources(root, file)) sources.set(sub, text)
    } else if (entry.name.endsWith('.ts')) {
      sources.set(file, readFileSync(path.join(root, file), 'utf8'))
    }
  }
  return sources
}

/** The import graph of every .ts file under `root`. */
export function readImportGraph(root: string): ImportGraph {
  return buildImportGraph(readSources(root))
}

/** The import graph of a set of files (relative path → text). */
export function buildImportGraph(
  sources: ReadonlyMap<string, string>
): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const [file, text] of sources) graph.set(file, parseImports(file, text))
  return graph
}

/**
 * The relative imports in one file, resolved against its folder, so
 * '../rotation/vault.ts' in 'fleet/x.ts' is 'rotation/vault.ts'. Package
 * imports and `import()` of a computed path are not listed.
 */
export function parseImports(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest)
  const found: Import[] = []
  const visit = (node: ts.Node): void => {
    const named = specifierOf(node)
    if (named && /^\.\.?\//.test(named.specifier)) {
      found.push({
        file: path.posix.join(path.posix.dirname(file), named.specifier),
        kind: named.kind
      })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

// tsconfig.json sets verbatimModuleSyntax, so only `import type` and
// `export type` are erased. `import { type A } from 'x'` is emitted as
// `import {} from 'x'`, which still loads 'x'; tsc, ncc and Node's type
// stripping all keep it (checked by bundling), so it counts as static.
function specifierOf(
  node: ts.Node
): { specifier: string; kind: ImportKind } | undefined {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
    const typeOnly = ts.isImportDeclaration(node)
      ? (node.importClause?.isTypeOnly ?? false)
      : node.isTypeOnly
    return literal(node.moduleSpecifier, typeOnly ? 'type-only' : 'static')
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
    return literal(node.argument.literal, 'type-only')
  }
  if (
    ts.isCallExpression(node) &&
    node.expression.kind === ts.SyntaxKind.ImportKeyword
  ) {
    return literal(node.arguments[0], 'dynamic')
  }
  return undefined
}

function literal(
  node: ts.Node | undefined,
  kind: ImportKind
): { specifier: string; kind: ImportKind } | undefined {
  return node && ts.isStringLiteralLike(node)
    ? { specifier: node.text, kind }
    : undefined
}

/** The files each file imports, once each, whatever the kind of import. */
export function dependenciesOf(graph: ImportGraph): Dependencies {
  return new Map(
    [...graph].map(([file, imports]) => [
      file,
      [...new Set(imports.map((i) => i.file))]
    ])
  )
}

/** The first import cycle found, as the files around it, or undefined. */
export function findCycle(graph: Dependencies): string[] | undefined {
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
