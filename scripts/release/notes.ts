// Pure: the release notes of a version, as CHANGELOG.md lists them.

/** The body of `## [version]` in a Keep a Changelog file, or undefined when there is none. */
export function releaseNotes(
  changelog: string,
  version: string
): string | undefined {
  const lines = changelog.split('\n')
  const start = lines.findIndex((l) =>
    new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`).test(l)
  )
  if (start < 0) return undefined
  const rest = lines.slice(start + 1)
  const end = rest.findIndex((l) => /^## \[/.test(l) || /^\[[^\]]+\]: /.test(l))
  const body = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim()
  return body === '' ? undefined : `${body}\n`
}

/** True for a release version the tags accept: X.Y.Z. */
export function isReleaseVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+$/.test(version)
}
