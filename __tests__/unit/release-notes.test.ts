// The notes a release is drafted with come from CHANGELOG.md, version by version.
import { readFileSync } from 'node:fs'
import { isReleaseVersion, releaseNotes } from '../../scripts/release/notes.ts'

const changelog = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '- next',
  '',
  '## [1.1.0] - 2027-01-10',
  '',
  '### Fixed',
  '',
  '- a fix',
  '',
  '## [1.0.0] - 2026-12-20',
  '',
  '- first',
  '',
  '[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0'
].join('\n')

describe('releaseNotes', () => {
  it('takes the section of one version, up to the next', () => {
    expect(releaseNotes(changelog, '1.1.0')).toBe('### Fixed\n\n- a fix\n')
  })

  it('stops at the link references', () => {
    expect(releaseNotes(changelog, '1.0.0')).toBe('- first\n')
  })

  it('has none for a version the changelog does not list', () => {
    expect(releaseNotes(changelog, '1.2.0')).toBeUndefined()
    expect(releaseNotes(changelog, '1.1')).toBeUndefined()
  })

  it('reads the project’s own CHANGELOG.md', () => {
    expect(
      releaseNotes(readFileSync('CHANGELOG.md', 'utf8'), 'Unreleased')
    ).toContain('### Changed')
  })
})

describe('isReleaseVersion', () => {
  it.each([
    ['1.0.0', true],
    ['v1.0.0', false],
    ['1.0', false],
    ['1.0.0-rc.1', false]
  ])('%s: %s', (version, expected) => {
    expect(isReleaseVersion(version)).toBe(expected)
  })
})
