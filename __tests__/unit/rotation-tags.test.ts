import {
  defaultSecretName,
  expiresOn,
  lastActiveVersion,
  pendingTags,
  restoredTags,
  withState
} from '../../src/rotation/tags.ts'

describe('defaultSecretName', () => {
  it.each([
    ['vm-web-01', 'azureadmin', 'vm-web-01-azureadmin'],
    ['vm_web.01', 'svc.admin', 'vm-web-01-svc-admin'],
    ['web', 'ädmin', 'web-dmin'],
    ['-web-', 'x', 'web-x']
  ])('names the secret of %s / %s %s', (vm, user, expected) => {
    expect(defaultSecretName(vm, user)).toBe(expected)
  })

  it('stays within Key Vault’s 127 characters', () => {
    expect(defaultSecretName('v'.repeat(64), 'u'.repeat(100))).toHaveLength(127)
  })
})

describe('rotation tags', () => {
  const facts = {
    vmId: 'id-1',
    vmResourceId:
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm',
    username: 'azureadmin',
    expiresDays: 30,
    runUrl: 'https://github.com/o/r/actions/runs/1'
  }

  it('tags a stored version pending, with the rotation samples’ tags', () => {
    expect(pendingTags(facts)).toEqual({
      'rotation-state': 'pending',
      'vm-id': 'id-1',
      username: 'azureadmin',
      'run-url': 'https://github.com/o/r/actions/runs/1',
      CredentialId: 'azureadmin',
      ProviderAddress: facts.vmResourceId,
      ValidityPeriodDays: '30'
    })
  })

  it('records a failure message cut to Key Vault’s 256-character tag limit', () => {
    const tags = withState(
      { 'rotation-state': 'pending' },
      'failed',
      'x'.repeat(300)
    )

    expect(tags['rotation-state']).toBe('failed')
    expect(tags['failure']).toHaveLength(256)
  })

  it('marks a restored copy active, names its source and drops the failure', () => {
    const tags = restoredTags(
      { 'rotation-state': 'active', failure: 'old', username: 'u' },
      'v1'
    )

    expect(tags).toEqual({
      'rotation-state': 'active',
      'restored-from': 'v1',
      username: 'u'
    })
  })
})

describe('lastActiveVersion', () => {
  const at = (s: number): Date => new Date(s * 1000)

  it('picks the newest active version other than the failed one', () => {
    const versions = [
      { version: 'a', createdOn: at(1), tags: { 'rotation-state': 'active' } },
      { version: 'b', createdOn: at(2), tags: { 'rotation-state': 'active' } },
      { version: 'c', createdOn: at(3), tags: { 'rotation-state': 'failed' } },
      { version: 'd', createdOn: at(4), tags: { 'rotation-state': 'active' } }
    ]

    expect(lastActiveVersion(versions, 'd')?.version).toBe('b')
  })

  it('finds none when no version was ever active', () => {
    expect(
      lastActiveVersion(
        [{ version: 'a', tags: { 'rotation-state': 'pending' } }],
        'b'
      )
    ).toBeUndefined()
  })
})

describe('expiresOn', () => {
  it('adds whole days, or none for 0', () => {
    const now = new Date('2026-11-26T00:00:00Z')

    expect(expiresOn(now, 30)?.toISOString()).toBe('2026-12-26T00:00:00.000Z')
    expect(expiresOn(now, 0)).toBeUndefined()
  })
})
