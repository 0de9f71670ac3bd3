// Pure: how untrusted text (VM names, Azure's and the guest's messages) is
// written into the job summary, which GitHub renders as HTML and Markdown.

/** Escapes text for the summary's HTML and Markdown (core.summary does not). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`|[\]*_\\]/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Text as inline code in the summary, escaped. */
export function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`
}
