// node scripts/release-notes.ts X.Y.Z: prints the CHANGELOG.md section of that
// version for a draft release, or fails when the version or its notes are missing.
import { readFileSync } from 'node:fs'
import { isReleaseVersion, releaseNotes } from './release/notes.ts'

const version = process.argv[2] ?? ''
if (!isReleaseVersion(version)) {
  console.error(`'${version}' is not a version X.Y.Z.`)
  process.exit(2)
}
const notes = releaseNotes(readFileSync('CHANGELOG.md', 'utf8'), version)
if (!notes) {
  console.error(
    `CHANGELOG.md has no "## [${version}]" section with notes: move the Unreleased entries under it first.`
  )
  process.exit(1)
}
process.stdout.write(notes)
