// The pure parts of a rotation: the secret's default name, the versions'
// tags, and the record a PUT leaves on the VM.
import {
  defaultSecretName,
  expiresOn,
  pendingTags,
  recordedVersion,
  restoredTags,
  vmRecordTag,
  withState
} from '../../src/rotation/tags.ts'

const owner = {
  subscriptionId: '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f',
  resourceGroup: 'rg-prod',
  vmName: 'vm-web-01',
  username: 'azureadmin'
}

describe('defaultSecretName', () => {
  it('names the resource group, the VM and the account, then a hash', () => {
    expect(defaultSecretName(owner)).toMatch(
      /^rg-prod-vm-web-01-azureadmin-[0-9a-f]{8}$/
    )
  })

  it('gives twin VMs in two resource groups two secrets', () => {
    const staging = { ...owner, resourceGroup: 'rg-staging' }

    expect(defaultSecretName(staging)).not.toBe(defaultSecretName(owner))
  })

  it.each([
    ['vm_01', 'vm-01'],
    ['vm.01', 'vm-01'],
    ['vm-01', 'vm--01']
  ])('does not merge %s and %s, which reduce alike', (a, b) => {
    const first = defaultSecretName({ ...owner, vmName: a })
    const second = defaultSecretName({ ...owner, vmName: b })

    expect(first.slice(0, -9)).toBe(second.slice(0, -9))
    expect(first).not.toBe(second)
  })

  it('gives a name that differs only in case the same secret, as Azure names ignore case', () => {
    const upper = { ...owner, vmName: 'VM-WEB-01', resourceGroup: 'RG-PROD' }

    expect(defaultSecretName(upper).toLowerCase()).toBe(
      defaultSecretName(owner).toLowerCase()
    )
  })

  it.each([
    [
      { vmName: 'vm_web.01', username: 'svc.admin' },
      /^rg-prod-vm-web-01-svc-admin-/
    ],
    [{ vmName: 'web', username: 'ädmin' }, /^rg-prod-web-dmin-/],
    [{ resourceGroup: '(rg)', vmName: '-web-' }, /^rg-web-azureadmin-/]
  ])('keeps to Key Vault’s alphabet: %j', (changes, expected) => {
    const name = defaultSecretName({ ...owner, ...changes })

    expect(name).toMatch(expected)
    expect(name).toMatch(/^[0-9a-zA-Z-]{1,127}$/)
  })

  it('stays within Key Vault’s 127 characters', () => {
    const long = { ...owner, vmName: 'v'.repeat(64), username: 'u'.repeat(100) }

    expect(defaultSecretName(long)).toHaveLength(127)
  })
})

describe('the VM record', () => {
  it('round-trips the version through the forceUpdateTag', () => {
    expect(recordedVersion(vmRecordTag('0123abcd'))).toBe('0123abcd')
  })

  it.each([[undefined], [''], ['2026-12-01'], ['azure-vm-access-reset:']])(
    'reads no version from a tag it did not write: %j',
    (tag) => {
      expect(recordedVersion(tag)).toBeUndefined()
    }
  )
})

describe('rotation tags', () => {
  const facts = {
    vmId: 'id-1',
    vmResourceId:
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm',
    username: 'azureadmin',
    expiresDays: 30,
    runUrl: 'https://github.com/o/r/actions/runs/1',
    pendingUntil: new Date('2026-12-02T07:00:00Z')
  }

  it('tags a stored version pending until its run is over, with the rotation samples’ tags', () => {
    expect(pendingTags(facts)).toEqual({
      'rotation-state': 'pending',
      'vm-id': 'id-1',
      username: 'azureadmin',
      'run-url': 'https://github.com/o/r/actions/runs/1',
      'pending-until': '2026-12-02T07:00:00.000Z',
      CredentialId: 'azureadmin',
      ProviderAddress: facts.vmResourceId,
      ValidityPeriodDays: '30'
    })
  })

  it('records a failure message cut to Key Vault’s 256-character tag limit', () => {
    const tags = withState({ 'rotation-state': 'pending' }, 'failed', {
      failure: 'x'.repeat(300)
    })

    expect(tags['rotation-state']).toBe('failed')
    expect(tags['failure']).toHaveLength(256)
  })

  it('drops pending-until once the version is no longer pending', () => {
    const tags = withState(pendingTags(facts), 'active')

    expect(tags['pending-until']).toBeUndefined()
  })

  it('names the run that wrote a copy and the version it was settling, not the source’s run', () => {
    const tags = restoredTags(
      { 'rotation-state': 'active', 'run-url': 'https://x/runs/1' },
      'v1',
      'why',
      { runUrl: 'https://x/runs/2/attempts/1', settles: 'v3' }
    )

    expect(tags['run-url']).toBe('https://x/runs/2/attempts/1')
    expect(tags['settles']).toBe('v3')
  })

  it('marks a provisioning timeout, and keeps pending-until only while pending', () => {
    const tags = withState(pendingTags(facts), 'unknown', { timedOut: true })

    expect(tags['provisioning-timeout']).toBe('VMExtensionProvisioningTimeout')
    expect(tags['pending-until']).toBeUndefined()
  })

  it('marks a restored copy active, names its source and why, and drops the failure', () => {
    const tags = restoredTags(
      { 'rotation-state': 'failed', failure: 'old', username: 'u' },
      'v1',
      'the VM record names v1'
    )

    expect(tags).toEqual({
      'rotation-state': 'active',
      'restored-from': 'v1',
      reason: 'the VM record names v1',
      username: 'u'
    })
  })
})

describe('expiresOn', () => {
  it('adds whole days, or none for 0', () => {
    const now = new Date('2026-11-26T00:00:00Z')

    expect(expiresOn(now, 30)?.toISOString()).toBe('2026-12-26T00:00:00.000Z')
    expect(expiresOn(now, 0)).toBeUndefined()
  })
})
