// dist/ is what GitHub runs: the bundle, its lazily loaded chunks, the
// licences, and nothing that no code loads.
import { readdirSync, readFileSync } from 'node:fs'

const files = readdirSync('dist').sort()
const chunks = files.filter((f) => /^\d+\.index\.js$/.test(f))
const code = files
  .filter((f) => f.endsWith('.js'))
  .map((f) => readFileSync(`dist/${f}`, 'utf8'))
  .join('\n')

describe('dist/', () => {
  it('holds only the bundle, its chunks, the licences and the module marker', () => {
    const others = files.filter((f) => !chunks.includes(f))

    expect(others).toEqual(['index.js', 'licenses.txt', 'package.json'])
  })

  it.each(chunks)('loads chunk %s from some code', (chunk) => {
    const id = chunk.split('.')[0] ?? ''
    const loads = new RegExp(`\\.e\\((?:/\\* import\\(\\) \\*/ )?${id}\\)`)

    expect(code).toMatch(loads)
  })
})
