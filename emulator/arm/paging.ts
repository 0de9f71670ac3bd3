// x-ms-pageable lists, as Azure's API guidelines describe them (facts.md §d):
// `nextLink` is an absolute URL that carries every query parameter, the
// api-version included, plus a skip token; the last page has no nextLink.
import type { EmulatorRequest, Reply } from '../http-io.ts'
import { cloudError } from './errors.ts'

/** One page of a list, or the 400 a bad skip token gets. */
export type Paged<T> = { items: T[]; nextLink?: string } | { reply: Reply }

const skipTokenParameter = '$skiptoken'

/** The page of `items` the request's `$skiptoken` points at (the first without one). */
export function pageOf<T>(
  items: readonly T[],
  req: EmulatorRequest,
  armUrl: string,
  pageSize: number
): Paged<T> {
  const token = req.url.searchParams.get(skipTokenParameter)
  const start =
    token === null ? 0 : offsetIn(token, req.url.pathname, items.length)
  if (start === undefined) {
    return {
      reply: cloudError(
        400,
        'InvalidParameter',
        `The value of parameter ${skipTokenParameter} is invalid.`,
        { target: skipTokenParameter }
      )
    }
  }
  const end = start + pageSize
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextLink: nextLink(req, armUrl, end) } : {})
  }
}

function nextLink(
  req: EmulatorRequest,
  armUrl: string,
  offset: number
): string {
  const next = new URL(req.url.pathname, armUrl)
  for (const [name, value] of req.url.searchParams) {
    if (name.toLowerCase() !== skipTokenParameter)
      next.searchParams.append(name, value)
  }
  next.searchParams.set(skipTokenParameter, skipToken(req.url.pathname, offset))
  return next.href
}

// Opaque to clients, as Azure's are; it names the list it belongs to, so a
// token from another list is refused rather than silently misread.
function skipToken(listPath: string, offset: number): string {
  return Buffer.from(
    JSON.stringify({ list: listPath.toLowerCase(), offset })
  ).toString('base64url')
}

function offsetIn(
  token: string,
  listPath: string,
  count: number
): number | undefined {
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  const { list, offset } = (decoded ?? {}) as {
    list?: unknown
    offset?: unknown
  }
  const valid =
    list === listPath.toLowerCase() &&
    typeof offset === 'number' &&
    Number.isInteger(offset) &&
    offset > 0 &&
    offset < count
  return valid ? offset : undefined
}
