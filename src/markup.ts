// Pure: how untrusted text (VM names, Azure's and the guest's messages) is
// written into the job summary, which GitHub renders as HTML and Markdown.

/**
 * Escapes text for the summary's HTML and Markdown (core.summary does not).
 * Line breaks become <br>: the summary is one HTML block, and a blank line
 * inside a value would end it and let the rest render as Markdown.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"'`|[\]*_\\]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/\r\n|\r|\n/g, '<br>')
}

// Everything a reader, a terminal or a parser may take for a line break:
// CR, LF, VT, FF, NEL (U+0085), and the line and paragraph separators.
const lineBreak = /[ \t]*(?:\r\n|[\n\v\f\r\u0085\u2028\u2029])\s*/g
// The other control characters (NUL, ESC, DEL, C1), tab apart.
const controlCharacters =
  // eslint-disable-next-line no-control-regex
  /[ \t]*[\u0000-\u0008\u000e-\u001f\u007f-\u009f]+[ \t]*/g

/**
 * Text on one line: every run of line breaks or separators (and the spaces
 * around it) a single space, and each run of control characters one too.
 */
export function oneLine(text: string): string {
  return text.replace(lineBreak, ' ').replace(controlCharacters, ' ').trim()
}

/** Text as inline code in the summary, escaped. */
export function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`
}

/** Untrusted text (the guest's, a server's) cut to `max` characters, so a reason stays short. */
export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** The last non-blank line of a stream the guest wrote, on one line and clipped. */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  return clip(oneLine(lines.pop() ?? ''))
}
