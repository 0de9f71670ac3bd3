// What the rotation suites share: the default scenario's vm-web-01, its
// secret, and the live password a case seeds the vault with.
import { scenario } from '../../emulator/index.ts'
import { defaultSecretName } from '../../src/rotation/tags.ts'

const subscriptionId = scenario().build().subscription.id

/** The secret a rotation of `vmName`'s admin uses by default. */
export function secretOf(
  vmName = 'vm-web-01',
  resourceGroup = 'rg-demo'
): string {
  return defaultSecretName({
    subscriptionId,
    resourceGroup,
    vmName,
    username: 'azureadmin'
  })
}

/** properties.vmId of vm-web-01 in the default scenario. */
export const webVmId = '5d0e5c14-778d-4cb4-8668-cde28df49342'

/** A password the VM had before the run, kept as the vault's active version. */
export const livePassword = 'Previous-Live-Passw0rd!'

/** The vault's versions when it holds `password` as vm-web-01's live one. */
export function liveVersions(
  password = livePassword
): { value: string; tags: Record<string, string> }[] {
  return [
    { value: password, tags: { 'rotation-state': 'active', 'vm-id': webVmId } }
  ]
}
