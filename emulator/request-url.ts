// `new URL('//metadata/endpoints', base)` reads `metadata` as a host name, but
// a request target is a path, never a network-path reference (RFC 9112
// §3.2.1). Clients that join an endpoint ending in `/` with a path starting
// with `/` send such paths to ARM, which routes them as if the slashes were
// one: msrestazure fetches `https://management.azure.com//metadata/endpoints`.

const origin = 'https://127.0.0.1'

/** Parses a request target as a path on this server, repeated slashes collapsed to one. */
export function parseRequestUrl(target: string | undefined): URL {
  const raw = target === undefined || target === '' ? '/' : target
  const queryAt = raw.search(/[?#]/)
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt)
  const rest = queryAt === -1 ? '' : raw.slice(queryAt)
  const collapsed = `/${path.replace(/^\/+/, '')}`.replace(/\/{2,}/g, '/')
  return new URL(`${collapsed}${rest}`, origin)
}
