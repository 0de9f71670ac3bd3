// The shape of src/ that lets more operations arrive (STYLE §1): no import
// cycle, Key Vault known only to src/rotation/, and one way into it.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { findCycle, readImportGraph } from './import-graph.ts'

const srcDir = path.resolve('src')
const graph = readImportGraph(srcDir)
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

describe('src/', () => {
  it('reads the imports of every file, type-only and dynamic ones too', () => {
    expect(graph.get('main.ts')).toEqual(
      expect.arrayContaining(['fleet/index.ts', 'rotation/index.ts'])
    )
  })

  it('has no import cycle, counting type-only and dynamic imports', () => {
    const cycle = findCycle(graph)

    expect(cycle).toBeUndefined()
  })

  it('imports src/rotation/ only through its entry file', () => {
    const reachingIn = outsideRotation.flatMap((file) =>
      (graph.get(file) ?? [])
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
      keyVaultWords.test(readFileSync(path.join(srcDir, file), 'utf8'))
    )

    expect(knowing).toEqual([])
  })

  it('loads src/rotation/ lazily, so a run that does not rotate skips the Key Vault SDK', () => {
    const staticImport = /^import (?!type)[^;]*'\.\/rotation\//m
    const importers = outsideRotation.filter((file) =>
      staticImport.test(readFileSync(path.join(srcDir, file), 'utf8'))
    )

    expect(importers).toEqual([])
  })
})
