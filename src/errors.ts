import type { InputName } from './settings.ts'

/** One input that breaks a rule: which input, which rule, and the fix. */
export class InputError extends Error {
  readonly input: InputName
  readonly problem: string
  readonly fix: string

  constructor(input: InputName, problem: string, fix: string) {
    super(`Input '${input}' ${problem}. ${fix}`)
    this.name = 'InputError'
    this.input = input
    this.problem = problem
    this.fix = fix
  }
}

/** Every bad input of a run, collected so one run shows every typo. */
export class InvalidInputs extends Error {
  readonly errors: readonly InputError[]

  constructor(errors: readonly InputError[]) {
    const lines = errors.map((e) => `- ${e.message}`).join('\n')
    super(
      `${errors.length} input(s) are invalid; nothing was sent to Azure:\n${lines}`
    )
    this.name = 'InvalidInputs'
    this.errors = errors
  }
}

/** Microsoft's reset of a password without the VM agent: the way in when VMAccess cannot run. */
export const offlineResetUrl =
  'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/reset-local-password-without-agent'

/** What to do about a domain controller: the Run Command route, or AD's own tools. */
export const domainControllerFix =
  'Set domain-controller: run-command to set the domain account’s password through a managed Run Command (it needs Microsoft.Compute/virtualMachines/runCommands/write, read and delete), or reset it with Active Directory tools (Set-ADAccountPassword).'

/** What the run did to the VM before it stopped. */
export type VmChange =
  | 'none'
  | 'extension-removed'
  | 'extension-failed'
  | 'extension-refused'
  | 'extension-unknown'
  | 'extension-applied'
  | 'applied-unverified'
  | 'script-unknown'
  | 'script-failed'
  | 'script-applied'

/** The sentence a user reads about the state the VM was left in. */
export const vmChangeText: Record<VmChange, string> = {
  none: 'Nothing was changed on the VM.',
  'extension-removed':
    'Azure accepted the removal of the old VMAccess extension but no new one was applied: the VM has (or shortly will have) no VMAccess extension. Its accounts and RDP settings are unchanged. Re-run the workflow to apply it.',
  'extension-failed':
    'VMAccess was applied and reported a failure: the account and RDP settings may be partly changed. The failed extension stays on the VM; a re-run removes and re-applies it.',
  'extension-refused':
    'VMAccess was applied and refused the VM as a domain controller: it reset neither the password nor the RDP settings. The refused extension stays on the VM (Failed): from its message the next run knows the VM is a domain controller and does not send VMAccess again.',
  'extension-unknown':
    'VMAccess was sent to the VM but the run stopped before Azure reported the outcome: the password or RDP settings may or may not have changed. Check the extension in the portal (VM > Extensions) before re-running.',
  'extension-applied':
    'VMAccess succeeded: the password or RDP settings were reset as asked. What failed came after.',
  'applied-unverified':
    'The reset reported success, but the check inside the guest shows it did not take in full: the guest is as the Proof section describes. A re-run applies the reset again.',
  'script-unknown':
    'The set-access script was sent to the VM through Run Command, but the run stopped before it reported: the password or RDP settings may or may not have changed. Check the Proof and Run Command sections before re-running.',
  'script-failed':
    'The set-access script ran through Run Command and reported a failure: the password was not set, and the RDP settings may be partly changed.',
  'script-applied':
    'The set-access script succeeded through Run Command: the password or RDP settings were set as asked. What failed came after.'
}

/** A failure in Azure or in sign-in, with the fix and the VM's state. */
export class AzureError extends Error {
  readonly fix: string
  readonly change: VmChange
  readonly code: string | undefined

  constructor(
    message: string,
    fix: string,
    options: { change?: VmChange; code?: string; cause?: unknown } = {}
  ) {
    super(message, { cause: options.cause })
    this.name = 'AzureError'
    this.fix = fix
    this.change = options.change ?? 'none'
    this.code = options.code
  }

  /** The same failure, told with what was done to the VM by then. */
  withChange(change: VmChange): AzureError {
    return new AzureError(this.message, this.fix, {
      change,
      code: this.code,
      cause: this.cause
    })
  }
}
