// Who may use a secret: a pending version's claim on the VM ends on
// evidence, and a secret whose latest version is another VM's is refused.
import {
  endedRuns,
  foreignLatest,
  isEarlierAttempt,
  isInFlight
} from '../../src/rotation/claims.ts'
import type { VersionInfo } from '../../src/rotation/tags.ts'

const now = new Date('2026-12-02T07:00:00Z')
const run = 'https://github.com/o/r/actions/runs/42'

function version(
  id: string,
  tags: Record<string, string>,
  createdOn = now
): VersionInfo {
  return { version: id, createdOn, tags: { 'vm-id': 'vm-1', ...tags } }
}
const pending = (id: string, runUrl = `${run}/attempts/1`): VersionInfo =>
  version(id, {
    'rotation-state': 'pending',
    'pending-until': '2026-12-02T07:16:00Z',
    'run-url': runUrl
  })

describe('endedRuns', () => {
  it('ends the claim of the version the VM’s record shows finished', () => {
    expect(endedRuns([pending('p')], { finished: 'p' })).toEqual(new Set(['p']))
  })

  it('ends the claim of a version a later copy says its run settled', () => {
    const copy = version('c', { 'rotation-state': 'active', settles: 'p' })

    const ended = endedRuns([pending('p'), copy], {})

    expect(ended).toEqual(new Set(['p']))
    expect(isInFlight(pending('p'), now, ended)).toBe(false)
  })

  it('ends the claim of a version stored by an earlier attempt of this run', () => {
    const ended = endedRuns([pending('p')], { runUrl: `${run}/attempts/2` })

    expect(ended).toEqual(new Set(['p']))
  })

  it('keeps the claim of another run, or of the same attempt (a job beside this one)', () => {
    const other = pending(
      'o',
      'https://github.com/o/r/actions/runs/43/attempts/1'
    )
    const sameAttempt = pending('s', `${run}/attempts/2`)

    const ended = endedRuns([other, sameAttempt], {
      runUrl: `${run}/attempts/2`
    })

    expect(ended).toEqual(new Set())
    expect(isInFlight(other, now, ended)).toBe(true)
    expect(isInFlight(sameAttempt, now, ended)).toBe(true)
  })
})

describe('isEarlierAttempt', () => {
  it.each([
    [`${run}/attempts/1`, `${run}/attempts/2`, true],
    [`${run}/attempts/2`, `${run}/attempts/2`, false],
    [`${run}/attempts/3`, `${run}/attempts/2`, false],
    [run, `${run}/attempts/2`, false],
    [`${run}/attempts/1`, run, false],
    [`${run}0/attempts/1`, `${run}/attempts/2`, false],
    [undefined, `${run}/attempts/2`, false]
  ])('%s before %s: %s', (theirs, ours, expected) => {
    expect(isEarlierAttempt(theirs, ours)).toBe(expected)
  })
})

describe('foreignLatest', () => {
  const earlier = new Date(now.getTime() - 60_000)
  const resourceId =
    '/subscriptions/s/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/web-01'
  const thisVm = { vmId: 'vm-1', vmResourceId: resourceId }

  it('finds the latest version when another VM’s vm-id tags it', () => {
    const mine = version('m', {}, earlier)
    const twin = version('t', { 'vm-id': 'vm-2' })

    expect(foreignLatest([mine, twin], thisVm)?.version).toBe('t')
  })

  it('lets a secret whose latest is this VM’s, or untagged, be used', () => {
    const twin = version('t', { 'vm-id': 'vm-2' }, earlier)
    const mine = version('m', {})
    const untagged: VersionInfo = { version: 'u', createdOn: now, tags: {} }

    expect(foreignLatest([twin, mine], thisVm)).toBeUndefined()
    expect(foreignLatest([untagged], thisVm)).toBeUndefined()
    expect(foreignLatest([], thisVm)).toBeUndefined()
  })

  it('lets a VM recreated under the same resource id (a new vm-id) take its secret over', () => {
    const before = version('old', {
      'vm-id': 'vm-0',
      ProviderAddress: resourceId.toUpperCase()
    })

    expect(foreignLatest([before], thisVm)).toBeUndefined()
    expect(
      foreignLatest(
        [
          version('twin', {
            'vm-id': 'vm-2',
            ProviderAddress: `${resourceId}-2`
          })
        ],
        thisVm
      )?.version
    ).toBe('twin')
  })

  it('counts another VM’s version stored in the same second as the latest', () => {
    const mine = version('m', {})
    const twin = version('t', { 'vm-id': 'vm-2' })

    expect(foreignLatest([mine, twin], thisVm)?.version).toBe('t')
  })
})
