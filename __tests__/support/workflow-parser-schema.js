// @actions/workflow-parser imports its JSON schemas without an import
// attribute, which Jest's ESM loader warns about on every run; jest.config.js
// maps those two imports here, where the same files are read as text.
import { readFileSync } from 'node:fs'
import { URL } from 'node:url'

const dist = new URL(
  '../../node_modules/@actions/workflow-parser/dist/',
  import.meta.url
)

/** Reads one of the parser's schema files by its file name. */
export function parserSchema(file) {
  return JSON.parse(readFileSync(new URL(file, dist), 'utf8'))
}
