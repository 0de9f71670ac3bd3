// The results file: a step over several VMs writes every VM's full result
// as JSON under RUNNER_TEMP, names it in the results-file output, and keeps
// a localized guest's long answer whole there while the summary cuts it.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scenario } from '../../emulator/index.ts'
import {
  freshEmulatorPerTest,
  newPassword,
  runAction
} from './action-fixture.ts'

// A Japanese guest's refusal, 1,000 characters: 3,000 bytes of UTF-8.
const refusal = 'パスワードはポリシーの要件を満たしていません。'.repeat(44)

describe('the results file', () => {
  const emulator = freshEmulatorPerTest({
    scenario: scenario()
      .everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))
      .vm('vm-web-01', (vm) => vm.extensionFails(refusal))
  })
  let runnerTemp = ''
  beforeEach(async () => {
    runnerTemp = await mkdtemp(join(tmpdir(), 'runner-temp-'))
  })
  afterEach(async () => {
    await rm(runnerTemp, { recursive: true, force: true })
  })

  it('holds every VM with its full message, at the path the results-file output names', async () => {
    const step = await runAction(
      emulator(),
      'vm-web-01',
      {
        'vm-name': 'vm-web-01\nvm-no-vmaccess\nvm-aad',
        password: newPassword
      },
      { RUNNER_TEMP: runnerTemp, GITHUB_ACTION: 'reset' }
    )

    const path = join(
      runnerTemp,
      'azure-vm-access-reset',
      'results-4242-reset.json'
    )
    expect(step.outputs['results-file']).toBe(path)
    const entries = JSON.parse(await readFile(path, 'utf8')) as {
      'vm-name': string
      message: string
    }[]
    expect(entries.map((e) => e['vm-name'])).toEqual([
      'vm-web-01',
      'vm-no-vmaccess',
      'vm-aad'
    ])
    expect(entries[0]?.message).toContain(refusal)
    expect(step.outputs['results']).toContain(refusal)
    expect(step.summary).not.toContain(refusal)
    expect(step.summary).not.toContain('Shortened')
  })
})
