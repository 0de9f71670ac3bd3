// Shows a step's log, outputs and job summary in a terminal the way the
// Actions UI shows them: workflow commands interpreted, HTML made readable.

/** The log as the Actions UI shows it: masks hidden, errors marked. */
export function renderLog(stdout: string, showDebug: boolean): string {
  return stdout
    .split('\n')
    .flatMap((line) => {
      const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
      if (!command) return [line]
      const [, name, message = ''] = command
      const text = message
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%')
      switch (name) {
        case 'add-mask':
          return []
        case 'debug':
          return showDebug ? [`[debug] ${text}`] : []
        case 'error':
          return [`Error: ${text}`]
        case 'warning':
          return [`Warning: ${text}`]
        default:
          return [text]
      }
    })
    .join('\n')
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'"
}

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&([a-z]+);/g, (m, name: string) => entities[name] ?? m)
}

/** The job summary's HTML as plain text: headings, key/value rows, lists. */
export function renderSummaryText(html: string): string {
  const text = html
    .replace(/<h2>(.*?)<\/h2>/g, (_, t: string) => underline(t, '='))
    .replace(/<h3>(.*?)<\/h3>/g, (_, t: string) => underline(t, '-'))
    .replace(
      /<tr><th[^>]*>(.*?)<\/th><td>(.*?)<\/td><\/tr>/g,
      (_, k: string, v: string) => `  ${k.padEnd(20)} ${v}`
    )
    .replace(/<ol>([\s\S]*?)<\/ol>/g, (_, items: string) =>
      listItems(items)
        .map((t, i) => `  ${i + 1}. ${t}`)
        .join('\n')
    )
    .replace(/<ul>([\s\S]*?)<\/ul>/g, (_, items: string) =>
      listItems(items)
        .map((t) => `  - ${t}`)
        .join('\n')
    )
    .replace(
      /<a href="([^"]*)">(.*?)<\/a>/g,
      (_, href: string, t: string) => `${t}: ${href}`
    )
    .replace(/<[^>]+>/g, '')
  return decode(text)
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function listItems(html: string): string[] {
  return [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1] ?? '')
}

function underline(html: string, mark: string): string {
  const title = decode(html.replace(/<[^>]+>/g, ''))
  return `\n${title}\n${mark.repeat(Math.min([...title].length, 72))}`
}
