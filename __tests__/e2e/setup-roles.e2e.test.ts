// The README's custom roles, assigned as its commands assign them, against
// the emulator's RBAC model: they are enough for a reset, and without the
// poller the run stops after the DELETE and says so truthfully.
import { readFileSync } from 'node:fs'
import { scenario, startEmulator, type Emulator } from '../../emulator/index.ts'
import { newPassword, runAction } from './action-fixture.ts'

/** The Actions of each role definition the README creates, by role name. */
function readmeRoles(): Map<string, string[]> {
  const readme = readFileSync('README.md', 'utf8')
  const roles = new Map<string, string[]>()
  for (const [, json] of readme.matchAll(
    /cat > \S+-role\.json <<JSON\n([\s\S]*?)\nJSON/g
  )) {
    const role = JSON.parse(json ?? '{}') as { Name: string; Actions: string[] }
    roles.set(role.Name, role.Actions)
  }
  return roles
}

/** `--role "<name>" --scope "<scope>"` of each README assignment, by role name. */
function readmeScopes(): Map<string, string> {
  const readme = readFileSync('README.md', 'utf8')
  const scopes = new Map<string, string>()
  for (const [, role, scope] of readme.matchAll(
    /--role "([^"]+)" \\\n\s+--scope "([^"]+)"/g
  )) {
    if (role && scope) scopes.set(role, scope)
  }
  return scopes
}

const roles = readmeRoles()
const scopes = readmeScopes()
let emulator: Emulator | undefined

afterEach(async () => {
  if (!emulator) return
  await emulator.stop()
  expect(emulator.contractViolations).toEqual([])
  emulator = undefined
})

async function startAssigning(names: string[]): Promise<Emulator> {
  let s = scenario().everyVm((vm) => vm.extensionTakes(0).deleteTakes(0))
  const sub = s.build().subscription.id
  for (const name of names) {
    const scope = (scopes.get(name) ?? '')
      .replace('$SUBSCRIPTION_ID', sub)
      .replace('$RESOURCE_GROUP', 'rg-demo')
    s = s.assignRole(scope, roles.get(name) ?? [])
  }
  emulator = await startEmulator({ scenario: s })
  return emulator
}

describe('the README’s roles, end to end', () => {
  it('defines the operator for the resource group and the poller for the subscription', () => {
    expect([...roles.keys()]).toEqual([
      'VM Access Reset Operator',
      'VM Access Reset Poller'
    ])
    expect(scopes.get('VM Access Reset Operator')).toBe(
      '/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RESOURCE_GROUP'
    )
    expect(scopes.get('VM Access Reset Poller')).toBe(
      '/subscriptions/$SUBSCRIPTION_ID'
    )
  })

  it('resets a password with both roles assigned as the README says', async () => {
    const e = await startAssigning([
      'VM Access Reset Operator',
      'VM Access Reset Poller'
    ])

    const step = await runAction(e, 'vm-web-01', { password: newPassword })

    expect(step.exitCode).toBe(0)
    expect(
      e.passwordMatches('rg-demo', 'vm-web-01', 'azureadmin', newPassword)
    ).toBe(true)
    // Proved with the password itself: the managed Run Command's actions are in the role.
    expect(step.outputs['verified']).toBe('true')
  })

  it('stops at the first poll without the poller, saying the old extension is being removed and which role to assign', async () => {
    const e = await startAssigning(['VM Access Reset Operator'])

    const step = await runAction(e, 'vm-web-01', { password: newPassword })

    expect(step.exitCode).toBe(1)
    expect(step.summary).toContain(
      'Azure accepted the removal of the old VMAccess extension'
    )
    expect(step.summary).not.toContain('Nothing was changed on the VM')
    expect(step.summary).toContain('VM Access Reset Poller')
    expect(step.summary).toContain('on subscription')
  })
})
