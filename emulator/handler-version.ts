/**
 * The Major.Minor.Patch the agent runs for a requested Major.Minor. The Windows
 * agent never downgrades a handler, so a lower request keeps the running one.
 */
export function installedHandlerVersion(
  requested: string,
  running?: string
): string {
  const wanted = `${requested}.12`
  if (running === undefined) return wanted
  return compareVersions(running, wanted) > 0 ? running : wanted
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (diff !== 0) return diff
  }
  return 0
}
