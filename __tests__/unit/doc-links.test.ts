// The docs link to each other and into the repo: a moved section or file must
// not leave a link that GitHub renders as a dead end.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Parser, type Node } from 'commonmark'

const root = fileURLToPath(new URL('../../', import.meta.url))

const docs = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  'emulator/README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
]

/** Every node of a parsed document, in order. */
function nodesOf(markdown: string): Node[] {
  const nodes: Node[] = []
  const walker = new Parser().parse(markdown).walker()
  for (let step = walker.next(); step; step = walker.next()) {
    if (step.entering) nodes.push(step.node)
  }
  return nodes
}

function textOf(node: Node): string {
  let text = ''
  const walker = node.walker()
  for (let step = walker.next(); step; step = walker.next()) {
    if (step.entering && step.node.literal) text += step.node.literal
  }
  return text
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-', repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const node of nodesOf(markdown).filter((n) => n.type === 'heading')) {
    const slug = textOf(node)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

/** The problems of one file's relative links: a missing file or anchor. */
function deadLinks(
  file: string,
  markdown = readFileSync(path.join(root, file), 'utf8')
): string[] {
  const links = nodesOf(markdown)
    .filter((n) => n.type === 'link' && n.destination)
    .map((n) => n.destination ?? '')
    .filter((href) => !/^[a-z]+:/i.test(href))
  return links.flatMap((href) => {
    const [target = '', anchor] = href.split('#')
    const resolved = target
      ? path.join(path.dirname(path.join(root, file)), decodeURI(target))
      : path.join(root, file)
    if (!existsSync(resolved)) return [`${file}: ${href}: no such file`]
    if (anchor === undefined || statSync(resolved).isDirectory()) return []
    const linked = target ? readFileSync(resolved, 'utf8') : markdown
    return anchorsOf(linked).has(anchor)
      ? []
      : [`${file}: ${href}: no such heading`]
  })
}

describe('links between the docs', () => {
  it.each(docs)('%s links only to files and headings that exist', (file) => {
    expect(deadLinks(file)).toEqual([])
  })
})

describe('heading anchors', () => {
  it('follow GitHub: punctuation dropped, code kept, repeats numbered', () => {
    const markdown =
      '# Diagnose: why RDP still fails\n## 4b. The `Key` Vault\n## Notes\n## Notes\n'

    expect([...anchorsOf(markdown)]).toEqual([
      'diagnose-why-rdp-still-fails',
      '4b-the-key-vault',
      'notes',
      'notes-1'
    ])
  })
})

describe('the link check', () => {
  it('finds a missing file, a missing heading here and one in another file', () => {
    const markdown = [
      '# Top',
      '[ok](#top) [gone](#nowhere) [file](docs/none.md)',
      '[there](docs/rotation.md#the-promise) [not there](docs/rotation.md#nope)'
    ].join('\n')

    expect(deadLinks('README.md', markdown)).toEqual([
      'README.md: #nowhere: no such heading',
      'README.md: docs/none.md: no such file',
      'README.md: docs/rotation.md#nope: no such heading'
    ])
  })
})

describe('the OIDC subjects of the examples', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
  // The README's "Which subject each quick start needs" table: file → row.
  const rows = new Map(
    [...readme.matchAll(/^\| `([\w-]+\.yml)` +\|(.*)\|$/gm)].map(
      ([, file, row]) => [file ?? '', row ?? '']
    )
  )
  const examples = readdirSync(path.join(root, 'examples')).filter((name) =>
    name.endsWith('.yml')
  )

  it.each(examples)(
    'the README names the subject of each environment %s signs in with, and step 5 creates it',
    (file) => {
      const text = readFileSync(path.join(root, 'examples', file), 'utf8')
      const environments = [
        ...new Set(
          [...text.matchAll(/^\s+environment: ([\w-]+)/gm)].map(([, n]) => n)
        )
      ]
      const row = rows.get(file) ?? ''

      expect(row).not.toBe('')
      for (const name of environments) {
        expect(row).toContain(`repo:OWNER/REPO:environment:${name}`)
        expect(readme).toContain(`repos/$REPO/environments/${name}`)
        expect(readme).toContain(`repo:$REPO:environment:${name}`)
      }
    }
  )
})
