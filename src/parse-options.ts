// Pure: the inputs that tune how a run goes — diagnose (rdp-port,
// source-address, fail-on-findings, diagnose-on-failure, diagnose-guest),
// guest and fleet.
import type { InputReader } from './input-reader.ts'
import {
  Defaults,
  DomainControllerRoutes,
  FailOns,
  Input,
  type DiagnoseOptions,
  type FleetOptions,
  type GuestOptions,
  type ModeRequest
} from './settings.ts'
import {
  checkBoolean,
  checkSourceAddress,
  checkWholeNumber
} from './validation.ts'

/** rdp-port, source-address, fail-on-findings, diagnose-on-failure and diagnose-guest. */
export function readDiagnoseOptions(
  reader: InputReader,
  mode: ModeRequest['kind']
): DiagnoseOptions {
  const port = reader.optional(
    Input.rdpPort,
    checkWholeNumber(1, 65535, 'rdp-port: 3389')
  )
  const source = reader.optional(Input.sourceAddress, checkSourceAddress)
  if (mode !== 'diagnose') {
    reader.notFor(
      Input.failOnFindings,
      'is only used with mode diagnose',
      'Remove it, or set mode: diagnose.'
    )
  }
  if (mode !== 'reset-rdp') {
    reader.notFor(
      Input.diagnoseOnFailure,
      'is only used with mode reset-rdp',
      'Remove it; mode diagnose always diagnoses.'
    )
  }
  if (mode === 'reset-password') {
    reader.notFor(
      Input.diagnoseGuest,
      'is only used with mode diagnose, or reset-rdp when it diagnoses its failure',
      'Remove it, or set mode: diagnose.'
    )
  }
  const failOn = reader.optional(Input.failOnFindings, checkBoolean)
  const onFailure = reader.optional(Input.diagnoseOnFailure, checkBoolean)
  const guest = reader.optional(Input.diagnoseGuest, checkBoolean)
  return {
    // 3389 and Internet: action.yml defaults.
    rdpPort: Number(port ?? Defaults.rdpPort),
    sourceAddress: source ?? Defaults.sourceAddress,
    failOnFindings: failOn?.toLowerCase() === 'true',
    // true: action.yml default, for reset-rdp.
    onFailure: mode === 'reset-rdp' && onFailure?.toLowerCase() !== 'false',
    // true: action.yml default.
    guest: guest?.toLowerCase() !== 'false'
  }
}

/** verify and domain-controller. */
export function readGuestOptions(
  reader: InputReader,
  mode: ModeRequest | undefined
): GuestOptions | undefined {
  const verify = reader.optional(Input.verify, checkBoolean)
  const domainController = reader.oneOf(
    Input.domainController,
    DomainControllerRoutes,
    Defaults.domainController
  )
  if (domainController === 'run-command' && mode && 'rotation' in mode) {
    // A rotation proves which version is live by VMAccess's own record on
    // the VM (forceUpdateTag); a deleted Run Command leaves no such record.
    reader.report(
      Input.domainController,
      'run-command cannot be used with generate-password: true, because a rotation proves which Key Vault version is live by the record VMAccess keeps on the VM, and Run Command keeps none',
      'Rotate domain controllers with your directory’s own tooling, or set a password (password input) with domain-controller: run-command.'
    )
  }
  if (!domainController) return undefined
  // true: action.yml default.
  return { verify: verify?.toLowerCase() !== 'false', domainController }
}

/** max-parallel, fail-on and dry-run. */
export function readFleetOptions(
  reader: InputReader
): FleetOptions | undefined {
  const maxParallel = reader.optional(
    Input.maxParallel,
    checkWholeNumber(1, 50, 'max-parallel: 5')
  )
  const failOn = reader.oneOf(Input.failOn, FailOns, Defaults.failOn)
  const dryRun = reader.optional(Input.dryRun, checkBoolean)
  if (!failOn) return undefined
  return {
    maxParallel: Number(maxParallel ?? Defaults.maxParallel),
    failOn,
    dryRun: dryRun?.toLowerCase() === 'true'
  }
}
