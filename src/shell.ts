// Pure: commands printed for a user to paste. Every value in them came from
// Azure, the guest or an input, so each is quoted for the shell that reads it:
// a name with $(...), a backtick, ; or * must stay one literal word.

// Words made only of these need no quotes in bash (no glob, no expansion).
const plainBashWord = /^[A-Za-z0-9_./:@%+=,-]+$/

// PowerShell ends a single-quoted string at any of these, not only at '.
// https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_quoting_rules
const powerShellQuotes = /['\u2018\u2019\u201a\u201b]/g

/** `value` as one bash word: plain words as they are, anything else single-quoted ('\'' for a quote). */
export function bashQuote(value: string): string {
  if (plainBashWord.test(value)) return value
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** `value` as a PowerShell single-quoted string literal (each quote character doubled). */
export function psQuote(value: string): string {
  return `'${value.replace(powerShellQuotes, (q) => q + q)}'`
}

/** An Azure CLI command line for bash: `az` followed by each argument quoted. */
export function azCommand(args: readonly string[]): string {
  return ['az', ...args.map(bashQuote)].join(' ')
}
