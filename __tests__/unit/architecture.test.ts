// The shape of src/ that lets more operations arrive (STYLE §1): no import
// cycle, Key Vault known only to src/rotation/, and one way into it.
import path from 'node:path'
import {
  buildImportGraph,
  dependenciesOf,
  findCycle,
  parseImports,
  readSources
} from './import-graph.ts'

/**
 * Each static import of a file in rotation/ from a file outside it, among
 * `sources` (path under src/ → text), as 'importer → imported'. Type-only and
 * dynamic imports load nothing when the action starts, so they are allowed.
 */
function findEagerRotationImports(
  sources: ReadonlyMap<string, string>
): string[] {
  const inRotation = (file: string): boolean => file.startsWith('rotation/')
  return [...buildImportGraph(sources)]
    .filter(([file]) => !inRotation(file))
    .flatMap(([file, imports]) =>
      imports
        .filter((i) => i.kind === 'static' && inRotation(i.file))
        .map((i) => `${file} → ${i.file}`)
    )
}

const sources = readSources(path.resolve('src'))
const graph = buildImportGraph(sources)
const outsideRotation = [...graph.keys()].filter(
  (file) => !file.startsWith('rotation/')
)

describe('findCycle', () => {
  it('finds a cycle through three files', () => {
    const cycle = findCycle(
      new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', ['c.ts']],
        ['c.ts', ['a.ts']]
      ])
    )

    expect(cycle).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts'])
  })

  it('finds none in a diamond', () => {
    const cycle = findCycle(
      new Map([
        ['a.ts', ['b.ts', 'c.ts']],
        ['b.ts', ['d.ts']],
        ['c.ts', ['d.ts']],
        ['d.ts', []]
      ])
    )

    expect(cycle).toBeUndefined()
  })
})

describe('parseImports', () => {
  it.each([
    ['a multi-line named import', 'static', "import {\n  a\n} from '../x.ts'"],
    ['a side-effect import', 'static', "import '../x.ts'"],
    ['a namespace import', 'static', "import * as x from '../x.ts'"],
    // verbatimModuleSyntax emits `import {} from '../x.ts'`, which loads it.
    [
      'an import of type names only',
      'static',
      "import { type A } from '../x.ts'"
    ],
    ['a re-export', 'static', "export { a } from '../x.ts'"],
    [
      'a re-export of type names only',
      'static',
      "export { type A } from '../x.ts'"
    ],
    ['an `import type`', 'type-only', "import type { A } from '../x.ts'"],
    ['an `export type`', 'type-only', "export type { A } from '../x.ts'"],
    [
      'a `typeof import()` type',
      'type-only',
      "let x: typeof import('../x.ts')"
    ],
    ['an `import()` call', 'dynamic', "const x = await import('../x.ts')"]
  ])('reads %s as %s', (_, kind, text) => {
    const imports = parseImports('fleet/a.ts', text)

    expect(imports).toEqual([{ file: 'x.ts', kind }])
  })

  it.each([
    ['a comment', "// import { a } from './x.ts'"],
    ['a string', 'const s = "import { a } from \'./x.ts\'"'],
    ['a package import', "import { a } from '@azure/keyvault-secrets'"]
  ])('reads no import from %s', (_, text) => {
    const imports = parseImports('a.ts', text)

    expect(imports).toEqual([])
  })
})

describe('findEagerRotationImports', () => {
  const rotation: [string, string][] = [
    ['rotation/index.ts', "export { vault } from './vault.ts'\n"],
    ['rotation/vault.ts', 'export const vault = {}\n']
  ]
  const plant = (file: string, text: string): Map<string, string> =>
    new Map([...rotation, [file, text]])

  it.each([
    [
      'a multi-line import from a sub-folder',
      'fleet/x.ts',
      "import {\n  a\n} from '../rotation/vault.ts'\n",
      'rotation/vault.ts'
    ],
    [
      'an import of type names only, which still loads the module',
      'main.ts',
      "import { type Vault } from './rotation/index.ts'\n",
      'rotation/index.ts'
    ],
    [
      'a re-export',
      'operations.ts',
      "export { rotate } from './rotation/index.ts'\n",
      'rotation/index.ts'
    ]
  ])('reports %s', (_, file, text, imported) => {
    const offenders = findEagerRotationImports(plant(file, text))

    expect(offenders).toEqual([`${file} → ${imported}`])
  })

  it.each([
    ['an `import type`', "import type { Vault } from '../rotation/index.ts'\n"],
    ['an `await import()`', "const r = await import('../rotation/index.ts')\n"],
    ['a `typeof import()`', "let r: typeof import('../rotation/index.ts')\n"]
  ])('allows %s', (_, text) => {
    const offenders = findEagerRotationImports(plant('fleet/x.ts', text))

    expect(offenders).toEqual([])
  })
})

describe('src/', () => {
  it('reads the imports of every file, type-only and dynamic ones too', () => {
    expect(graph.get('main.ts')).toEqual(
      expect.arrayContaining([
        { file: 'fleet/index.ts', kind: 'static' },
        { file: 'rotation/index.ts', kind: 'dynamic' },
        { file: 'rotation/index.ts', kind: 'type-only' }
      ])
    )
  })

  it('has no import cycle, counting type-only and dynamic imports', () => {
    const cycle = findCycle(dependenciesOf(graph))

    expect(cycle).toBeUndefined()
  })

  it('imports src/rotation/ only through its entry file', () => {
    const reachingIn = outsideRotation.flatMap((file) =>
      (graph.get(file) ?? [])
        .map((i) => i.file)
        .filter((dep) => dep.startsWith('rotation/'))
        .filter((dep) => dep !== 'rotation/index.ts')
        .map((dep) => `${file} → ${dep}`)
    )

    expect(reachingIn).toEqual([])
  })

  it('names no Key Vault type outside src/rotation/', () => {
    const keyVaultWords =
      /@azure\/keyvault|\b(SecretClient|KeyVaultSecret|VaultApi|StoredVersion|PasswordRecord)\b/
    const knowing = outsideRotation.filter((file) =>
      keyVaultWords.test(sources.get(file) ?? '')
    )

    expect(knowing).toEqual([])
  })

  it('loads src/rotation/ lazily, so a run that does not rotate skips the Key Vault SDK', () => {
    const offenders = findEagerRotationImports(sources)

    expect(offenders).toEqual([])
  })
})
