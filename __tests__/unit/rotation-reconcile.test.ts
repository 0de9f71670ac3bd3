// Which password the VM has, by its VMAccess record and the versions' tags,
// and what the vault must be told so that it says so.
import { isFirst, isInFlight } from '../../src/rotation/claims.ts'
import {
  copySource,
  findLive,
  readRecord,
  retagsFor,
  versionsOfVm
} from '../../src/rotation/reconcile.ts'
import { vmRecordTag, type VersionInfo } from '../../src/rotation/tags.ts'

const now = new Date('2026-12-02T07:00:00Z')
const at = (minutesAgo: number): Date =>
  new Date(now.getTime() - minutesAgo * 60_000)

function version(
  id: string,
  minutesAgo: number,
  tags: Record<string, string>
): VersionInfo {
  return {
    version: id,
    createdOn: at(minutesAgo),
    tags: { 'vm-id': 'vm-1', ...tags }
  }
}
const active = (id: string, ago: number): VersionInfo =>
  version(id, ago, { 'rotation-state': 'active' })
const pending = (id: string, ago: number, untilMinutes: number): VersionInfo =>
  version(id, ago, {
    'rotation-state': 'pending',
    'pending-until': new Date(
      now.getTime() + untilMinutes * 60_000
    ).toISOString()
  })

describe('versionsOfVm', () => {
  it('keeps only this VM’s versions, newest first, ties by version id', () => {
    const twin = { ...active('t', 1), tags: { 'vm-id': 'vm-2' } }
    const versions = [active('a', 9), twin, active('c', 5), active('b', 5)]

    const mine = versionsOfVm(versions, 'vm-1')

    expect(mine.map((v) => v.version)).toEqual(['c', 'b', 'a'])
  })
})

describe('isInFlight and isFirst', () => {
  it('counts a pending version as in flight until its run’s deadline', () => {
    expect(isInFlight(pending('p', 1, 10), now)).toBe(true)
    expect(isInFlight(pending('p', 30, -1), now)).toBe(false)
    expect(isInFlight(active('a', 1), now)).toBe(false)
  })

  it('lets the older of two pending versions go on', () => {
    const older = pending('b', 2, 10)
    const newer = pending('a', 1, 10)

    expect([isFirst(older, newer), isFirst(newer, older)]).toEqual([
      true,
      false
    ])
  })

  it('lets neither go on when both were stored in the same second', () => {
    const twinA = pending('a', 1, 10)
    const twinB = pending('b', 1, 10)

    expect([isFirst(twinA, twinB), isFirst(twinB, twinA)]).toEqual([true, true])
    expect(isFirst(twinA, twinA)).toBe(false)
  })
})

describe('readRecord and findLive', () => {
  const versions = [active('old', 60), pending('new', 1, 10)]

  it('takes the version the VM’s record names when VMAccess succeeded', () => {
    const verdict = readRecord(
      [{ forceUpdateTag: vmRecordTag('new'), provisioningState: 'Succeeded' }],
      versions
    )

    expect(verdict).toEqual({ kind: 'applied', version: 'new' })
    expect(findLive(verdict, versions).version).toBe('new')
  })

  it('falls back to the newest active version when the recorded one failed', () => {
    const verdict = readRecord(
      [{ forceUpdateTag: vmRecordTag('new'), provisioningState: 'Failed' }],
      versions
    )

    expect(verdict).toEqual({ kind: 'refused', version: 'new' })
    expect(findLive(verdict, versions).version).toBe('old')
  })

  it('knows no live version while VMAccess is still applying one', () => {
    const verdict = readRecord(
      [{ forceUpdateTag: vmRecordTag('new'), provisioningState: 'Updating' }],
      versions
    )

    expect(findLive(verdict, versions).version).toBeUndefined()
  })

  it.each([
    ['no record', []],
    [
      'a record this action did not write',
      [{ provisioningState: 'Succeeded' }]
    ],
    [
      'a record naming another secret’s version',
      [
        {
          forceUpdateTag: vmRecordTag('elsewhere'),
          provisioningState: 'Succeeded'
        }
      ]
    ]
  ])('trusts the tags with %s', (_, records) => {
    const verdict = readRecord(records, versions)

    expect(verdict).toEqual({ kind: 'none' })
    expect(findLive(verdict, versions).version).toBe('old')
  })

  it('takes a version its run tagged failed as refused, though VMAccess said Succeeded (the guest disproved it)', () => {
    const disproved = version('new', 1, { 'rotation-state': 'failed' })

    const verdict = readRecord(
      [{ forceUpdateTag: vmRecordTag('new'), provisioningState: 'Succeeded' }],
      [active('old', 60), disproved]
    )

    expect(verdict).toEqual({ kind: 'refused', version: 'new' })
  })

  it('knows no live version after a provisioning timeout: Failed tells nothing of it', () => {
    const timedOut = version('new', 1, {
      'rotation-state': 'unknown',
      'provisioning-timeout': 'VMExtensionProvisioningTimeout'
    })
    const all = [active('old', 60), timedOut]

    const verdict = readRecord(
      [{ forceUpdateTag: vmRecordTag('new'), provisioningState: 'Failed' }],
      all
    )

    expect(verdict).toEqual({ kind: 'timed-out', version: 'new' })
    expect(findLive(verdict, all)).toEqual({
      why: 'VMAccess timed out applying version new, so the VM has that password or, if the guest never ran it, version old'
    })
  })

  it('resolves a copy to the version it was copied from', () => {
    const copy = version('copy', 1, {
      'rotation-state': 'active',
      'restored-from': 'old'
    })

    const live = findLive({ kind: 'none' }, [active('old', 60), copy])

    expect(live.version).toBe('old')
  })
})

describe('retagsFor', () => {
  it('tags the live one active, the old active superseded, a dead run’s pending unknown', () => {
    const versions = [
      active('older', 90),
      active('old', 60),
      pending('dead', 30, -5),
      version('live', 10, { 'rotation-state': 'unknown' })
    ]

    const retags = retagsFor(
      versions,
      { version: 'live', why: 'record' },
      { now }
    )

    expect(retags.map((r) => [r.version.version, r.state])).toEqual([
      ['older', 'superseded'],
      ['old', 'superseded'],
      ['dead', 'unknown'],
      ['live', 'active']
    ])
  })

  it('leaves another run’s pending version, and the versions it is told to leave', () => {
    const versions = [pending('theirs', 1, 10), pending('mine', 1, 10)]

    const retags = retagsFor(
      versions,
      { version: 'other', why: 'x' },
      { now, leave: new Set(['mine']) }
    )

    expect(retags).toEqual([])
  })

  it('changes no active tag when no one knows which password is live', () => {
    const retags = retagsFor([active('a', 5)], { why: 'unknown' }, { now })

    expect(retags).toEqual([])
  })

  it('disables a version tagged failed that is still enabled', () => {
    const failed = version('f', 5, { 'rotation-state': 'failed' })

    const retags = retagsFor(
      [active('a', 9), failed],
      { version: 'a', why: 'x' },
      { now }
    )

    expect(retags.map((r) => [r.version.version, r.state, r.enabled])).toEqual([
      ['f', 'failed', false]
    ])
    expect(
      retagsFor(
        [{ ...failed, enabled: false }],
        { version: 'a', why: 'x' },
        { now }
      )
    ).toEqual([])
  })

  it('supersedes an unknown version only when the VM itself names another one live', () => {
    const unknown = version('u', 5, { 'rotation-state': 'unknown' })

    const byRecord = retagsFor(
      [unknown],
      { version: 'n', why: 'x', certain: true },
      { now }
    )
    const byTags = retagsFor([unknown], { version: 'n', why: 'x' }, { now })

    expect(byRecord.map((r) => r.state)).toEqual(['superseded'])
    expect(byTags).toEqual([])
  })

  it('leaves a pending version whose run has ended to be tagged unknown', () => {
    const retags = retagsFor(
      [pending('p', 1, 10)],
      { version: 'a', why: 'x' },
      { now, ended: new Set(['p']) }
    )

    expect(retags.map((r) => [r.version.version, r.state])).toEqual([
      ['p', 'unknown']
    ])
  })

  it('tags the refused version failed', () => {
    const refused = version('r', 5, { 'rotation-state': 'unknown' })

    const retags = retagsFor(
      [active('a', 9), refused],
      { version: 'a', why: 'x' },
      { now, refused: 'r' }
    )

    expect(retags.map((r) => [r.version.version, r.state, r.enabled])).toEqual([
      ['r', 'failed', false]
    ])
  })
})

describe('copySource', () => {
  const versions = [
    active('live', 60),
    version('failed', 1, { 'rotation-state': 'failed' })
  ]

  it('copies the live password forward when the latest holds another', () => {
    expect(
      copySource(versions, 'failed', { version: 'live', why: 'x' })?.version
    ).toBe('live')
  })

  it('copies nothing when the latest holds the live password, also as a copy', () => {
    const copy = version('copy', 0, { 'restored-from': 'live' })

    expect(
      copySource(versions, 'live', { version: 'live', why: 'x' })
    ).toBeUndefined()
    expect(
      copySource([...versions, copy], 'copy', { version: 'live', why: 'x' })
    ).toBeUndefined()
  })

  it('copies nothing when no one knows which password is live', () => {
    expect(copySource(versions, 'failed', { why: 'unknown' })).toBeUndefined()
  })

  it('copies from an enabled version of the live password only', () => {
    const disabledLive = { ...active('live', 60), enabled: false }
    const copy = version('copy', 30, { 'restored-from': 'live' })

    expect(
      copySource([disabledLive, copy], 'failed', { version: 'live', why: 'x' })
        ?.version
    ).toBe('copy')
  })

  it('copies when the latest belongs to another VM', () => {
    expect(
      copySource(versions, 'twin', { version: 'live', why: 'x' })?.version
    ).toBe('live')
  })
})
