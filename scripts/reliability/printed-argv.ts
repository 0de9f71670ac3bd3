// What bash would run if a reader pasted a command the action printed: the
// argv of each `az` command in a text, read by a shell-word parser.
import { parse } from 'shell-quote'

/** Where the bash command at `from` ends: an unquoted ), <, ` or line break (a backslash escapes one character). */
function bashCommandEnd(text: string, from: number): number {
  let quoted = false
  let end = from
  for (; end < text.length; end++) {
    const c = text[end] ?? ''
    if (c === "'") quoted = !quoted
    else if (!quoted && c === '\\') end++
    else if (!quoted && /[)<`\n]/.test(c)) break
  }
  return end
}

/**
 * Each `az` command in `text`, as the argv bash would give it. An operator
 * (;, |, $( ), a glob, a comment or a $variable is kept as an object, so it
 * never equals an expected word.
 */
export function printedArgv(text: string): unknown[][] {
  return [...text.matchAll(/(?<![\w-])az [a-z]/g)].map((m) =>
    parse(text.slice(m.index, bashCommandEnd(text, m.index)), (name) => ({
      expands: name
    }))
  )
}
