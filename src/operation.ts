// The contract between the per-VM workflow (vm-workflow.ts) and what it runs:
// an operation's steps, what each step did, the VM-level outcome, and what
// the run needs from outside. Types only, so every layer can import them.
import type { ComputeApi } from './arm-client.ts'
import type { Finding } from './diagnose/findings.ts'
import type { NetworkApi } from './diagnose/network.ts'
import type { AzureError } from './errors.ts'
import type { Proof } from './guest/proof.ts'
import type { ReadyVm, VmNeeds } from './preflight.ts'
import type { FailureContext } from './remedies.ts'
import type { Secret } from './secret.ts'
import type { ModeName, OutputName, Settings, VmRef } from './settings.ts'

/** What the per-VM workflow needs from outside: clients, collaborators, the run's signal. */
export interface Deps {
  compute: ComputeApi
  /** The Network client, built (and its SDK loaded) on first use: diagnose. */
  network?: () => Promise<NetworkApi>
  /** Present only when the mode rotates the password (generate-password). */
  passwordKeeper?: PasswordKeeper
  /** Aborts on timeout-minutes or on the runner's cancel. */
  signal: AbortSignal
  /**
   * Ends the work a stop still owes (deleting a Run Command): a few seconds
   * after the runner's cancel, so the report is written before SIGKILL.
   */
  wrapUp: AbortSignal
  log: (line: string) => void
  /** Context for remedies, read when a failure is explained. */
  failureContext: () => FailureContext
}

/** One thing the action does to a VM: what it needs, its steps, how it reports. */
export interface Operation {
  /** The mode input that selects it. */
  mode: ModeName
  /** The summary's heading, e.g. "Password reset". */
  title: string
  /** What pre-flight must find before the first step. */
  needs: VmNeeds
  /** True when its steps change the VM, so that verify proves them. */
  writes: boolean
  /** What a dry run says of the VMs that passed pre-flight, e.g. "would be reset". */
  plannedAs: string
  /**
   * The steps, in order, each yielding what it did. A throw stops the run;
   * a record with a `failure` ends it as failed after that step.
   */
  steps: (vm: ReadyVm, settings: Settings, deps: Deps) => AsyncIterable<Step>
  /** The summary's "What changed" lines (HTML, values escaped) after a success. */
  describeChanges: (outcome: Outcome) => string[]
  /**
   * dry-run: the writes the steps would send to this VM, passwords shown as
   * `***`; throws as the steps would (nothing is sent either way).
   */
  preview: (vm: ReadyVm, settings: Settings) => Preview
}

/** What a dry run learns of one VM: the plan the steps would start with, and their writes. */
export interface Preview {
  planned?: Extract<Step, { step: 'planned' }>
  writes: PlannedWrite[]
}

/** One request a dry run would send, as it would go on the wire. */
export interface PlannedWrite {
  method: 'DELETE' | 'PUT'
  /** The ARM path from /subscriptions/ on, or a Key Vault URL. */
  path: string
  /** The REST body, secrets redacted. */
  body?: unknown
  /** Which step sends it, e.g. "remove the existing VMAccess". */
  purpose: string
}

/** What one step did. */
export type Step =
  | {
      step: 'planned'
      extensionName: string
      typeHandlerVersion: string
      /** reset-password: the account, and whether it is the VM's admin. */
      username?: string
      isAdminAccount?: boolean
      /** Set when the reset goes through a managed Run Command (a domain controller). */
      runCommandName?: string
    }
  | { step: 'kept'; password: KeptPassword }
  /** Azure accepted the DELETE (201/202): the extension is going, whatever follows. */
  | { step: 'removing'; extensionName: string }
  | { step: 'removed'; extensionName: string }
  /** Azure accepted the PUT at `acceptedAt` (performance.now(), the runner's monotonic clock). */
  | { step: 'sent'; extensionName: string; acceptedAt?: number }
  | {
      step: 'applied'
      provisioningState: string
      /** The extension's own status message(s). */
      message?: string
      /** Why the extension failed, when it did (an SDK error or an AzureError). */
      failure?: unknown
    }
  /** Azure accepted the managed Run Command's PUT (at `acceptedAt`, as for `sent`): the script is going to run. */
  | { step: 'script-sent'; runCommandName: string; acceptedAt?: number }
  | {
      step: 'script-ran'
      executionState: string
      exitCode?: number
      /** Why the script failed, when it did. */
      failure?: unknown
    }
  /** The Run Command resource is gone, or could not be deleted. */
  | { step: 'script-removed'; runCommandName: string }
  | { step: 'script-left'; runCommandName: string; failure: unknown }
  /** diagnose: every finding; a failure when fail-on-findings meets a ❌. */
  | { step: 'diagnosed'; findings: Finding[]; failure?: unknown }
  /**
   * VMAccess refused the VM as a domain controller, and domain-controller is
   * run-command: the steps after this one take Run Command, and a failure
   * before it no longer counts. The refused extension stays on the VM.
   */
  | { step: 'rerouted'; extensionName: string }

/** An account and the password the VM is to get. */
export interface Credentials {
  username: string
  password: Secret
}

/** What a VMAccess extension on the VM says of its last PUT. */
export interface AppliedRecord {
  /** The PUT's forceUpdateTag: a rotation writes there which version it applies. */
  forceUpdateTag?: string
  provisioningState?: string
}

/** The VM a kept password belongs to. */
export interface VmFacts {
  target: VmRef
  vmId: string
  /** The VM's ARM id, /subscriptions/…/virtualMachines/<name>. */
  vmResourceId: string
  /** The records of the VMAccess extensions as the VM showed them before any write. */
  applied: AppliedRecord[]
  /** Reads the new extension's record again, when the run stopped before its outcome. */
  readApplied: (signal: AbortSignal) => Promise<AppliedRecord | undefined>
}

/** Where a rotated password is kept: a vault and one secret of it. */
export interface SecretPlace {
  vaultUrl: string
  secretName: string
}

/** Keeps a new password safe before the VM gets it (rotation). */
export interface PasswordKeeper {
  /** Where this VM's account's password would be kept (dry-run). */
  describe: (owner: VmRef & { username: string }) => SecretPlace
  /** Stores the password before any write to the VM; throws (VM untouched) if it cannot. */
  keep: (
    credentials: Credentials,
    vm: VmFacts,
    signal: AbortSignal
  ) => Promise<KeptPassword>
}

/** Whether the VM got the password: no, yes, or unknown (the run stopped after the PUT was sent). */
export interface ResetResult {
  applied: 'yes' | 'no' | 'unknown'
  /** Why not, when it did not. */
  failure?: string
  /**
   * Unknown because Azure stopped waiting for the guest
   * (VMExtensionProvisioningTimeout): the extension's record says Failed,
   * and that tells nothing of the password.
   */
  timedOut?: boolean
}

/** A password stored ahead of the reset, waiting for the VM's outcome. */
export interface KeptPassword {
  /** The forceUpdateTag of the PUT: the VM's own record of which password it was sent. */
  vmRecord: string
  /** Records the outcome; never throws, a vault problem is `error`. */
  settle: (result: ResetResult) => Promise<Settled>
}

/** Where the password ended up, and a vault problem that must fail the step. */
export interface Settled {
  section: ReportSection
  error?: AzureError
}

/** What a collaborator adds to the step's outputs and its job summary. */
export interface ReportSection {
  outputs: Partial<Record<OutputName, string>>
  /** A section of the job summary, as HTML with every value escaped. */
  html: string
}

/** What a run did to one VM, as far as it got. */
export interface Outcome {
  /** skipped: pre-flight refused the VM, nothing was sent to it. */
  status: 'succeeded' | 'failed' | 'skipped'
  vmId?: string
  extensionName?: string
  typeHandlerVersion?: string
  username?: string
  /** True when the account is the VM's admin (osProfile.adminUsername). */
  isAdminAccount?: boolean
  removedExtensions: string[]
  hasAadLogin: boolean
  provisioningState?: string
  /** The extension's own status message(s). */
  extensionMessage?: string
  /** Where a generated password was kept, and in which state. */
  password?: ReportSection
  /** The managed Run Command that did the reset (a domain controller), once Azure had it. */
  runCommandName?: string
  /** True when that Run Command could not be deleted. */
  runCommandLeft?: boolean
  /**
   * The VMAccess extension applied first, which refused the VM as a domain
   * controller before Run Command took over; it stays on the VM, Failed.
   */
  refusedExtensionName?: string
  /** What the guest showed after the reset (verify). */
  proof?: Proof
  /** mode diagnose, or a reset-rdp that failed: why RDP fails. */
  diagnosis?: Finding[]
  error?: AzureError
}
