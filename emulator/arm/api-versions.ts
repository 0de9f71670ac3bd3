// ARM serves every api-version still registered for a resource type and
// forwards it to the provider; the emulator answers each with today's shapes
// (the 2026-04-01 extract; Network's 2026-01-01), which older clients read as
// a superset of theirs.
// Which type a path addresses is read from the path, so a route added later
// is covered by adding its type to registered-versions.ts.
import type { Reply } from '../http-io.ts'
import type { Scenario } from '../scenario.ts'
import { cloudError } from './errors.ts'
import {
  computeLocations,
  registered,
  type ResourceType
} from './registered-versions.ts'

/**
 * The registered type a provider path addresses: the longest run of type
 * names after `/providers/{namespace}/` that the provider registers. A
 * trailing segment that is no type (`instanceView`, an action) belongs to
 * the type before it.
 */
export function resourceTypeOf(pathname: string): ResourceType | undefined {
  const found = registrationOf(pathname)
  return found && { provider: found.provider, type: found.type }
}

function registrationOf(
  pathname: string
): (typeof registered)[number] | undefined {
  const match = /\/providers\/([^/]+)\/(.+?)\/?$/i.exec(pathname)
  if (!match?.[1] || !match[2]) return undefined
  const provider = match[1]
  const segments = match[2].split('/')
  const names: string[] = []
  let found: (typeof registered)[number] | undefined
  for (let i = 0; i < segments.length; i += 2) {
    names.push(segments[i] ?? '')
    const candidate = { provider, type: names.join('/') }
    found = registered.find((r) => isSame(r, candidate)) ?? found
  }
  return found
}

// ARM matches namespaces and type names case-insensitively.
function isSame(a: ResourceType, b: ResourceType): boolean {
  return (
    a.provider.toLowerCase() === b.provider.toLowerCase() &&
    a.type.toLowerCase() === b.type.toLowerCase()
  )
}

/** 400 MissingApiVersionParameter, ARM's answer to a request without one. */
export function missingApiVersion(): Reply {
  return cloudError(
    400,
    'MissingApiVersionParameter',
    'The api-version query parameter (?api-version=) is required for all requests.'
  )
}

/**
 * ARM's answer to a provider request whose api-version the type does not
 * register: 400 NoRegisteredProviderFound naming the location, the version,
 * the type and what is supported. Undefined when the version is registered.
 */
export function providerApiVersionProblem(
  url: URL,
  scenario: Scenario
): Reply | undefined {
  const version = url.searchParams.get('api-version')
  if (version === null) return missingApiVersion()
  const type = registrationOf(url.pathname)
  const versions = type?.versions ?? []
  if (isListed(versions, version)) return undefined
  return cloudError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${locationOf(url.pathname, scenario)}' ` +
      `and API version '${version}' for type '${type?.type ?? 'unknown'}'. ` +
      `The supported api-versions are '${versions.join(', ')}'. ` +
      `The supported locations are '${supportedLocations(scenario).join(', ')}'.`
  )
}

/**
 * ARM's answer to a request for one of its own types (subscriptions, cloud
 * metadata) with a version it does not serve: 400 InvalidApiVersionParameter,
 * the supported versions newest first without spaces, as ARM prints them.
 */
export function armApiVersionProblem(
  url: URL,
  versions: readonly string[]
): Reply | undefined {
  const version = url.searchParams.get('api-version')
  if (version === null) return missingApiVersion()
  if (isListed(versions, version)) return undefined
  return cloudError(
    400,
    'InvalidApiVersionParameter',
    `The api-version '${version}' is invalid. The supported versions are '${[...versions].reverse().join(',')}'.`
  )
}

// ARM compares api-versions case-insensitively (2016-04-30-Preview works).
function isListed(versions: readonly string[], version: string): boolean {
  return versions.some((v) => v.toLowerCase() === version.toLowerCase())
}

// The location ARM names: a `locations/{location}` segment, else the
// resource group's; a subscription-wide list names the first group's
// (approximation: not checked against Azure).
function locationOf(pathname: string, scenario: Scenario): string {
  const location = /\/locations\/([^/]+)/i.exec(pathname)?.[1]
  if (location) return decodeURIComponent(location).toLowerCase()
  const group = /\/resourceGroups\/([^/]+)/i.exec(pathname)?.[1]
  const name = group === undefined ? undefined : decodeURIComponent(group)
  const found = scenario.resourceGroups.find(
    (g) => g.name.toLowerCase() === name?.toLowerCase()
  )
  return (found ?? scenario.resourceGroups[0])?.location ?? 'westeurope'
}

function supportedLocations(scenario: Scenario): string[] {
  const own = scenario.resourceGroups.flatMap((g) => [
    g.location,
    ...g.virtualMachines.flatMap((vm) => (vm.location ? [vm.location] : []))
  ])
  return [...new Set([...computeLocations, ...own.map((l) => l.toLowerCase())])]
}
