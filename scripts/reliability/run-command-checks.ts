// Checks of the Run Command fault cases (faults-run-command.ts), each
// returning the problems it found in one run.
import { HtmlRenderer, Parser } from 'commonmark'
import { derivedForms } from '../../src/secret-forms.ts'
import { rg, type FaultRun } from './fault-case.ts'
import { htmlToText } from './step-view.ts'

// The emulator's busy 409 is its own, not a queued fault: read it off the log.
export function probeRetriedAfterConflict({ emulator }: FaultRun): string[] {
  // The action Run Command (reset-rdp) or a managed one (reset-password).
  const sent = emulator.requests.filter(
    (r) =>
      r.operationId === 'VirtualMachines_RunCommand' ||
      r.operationId === 'VirtualMachineRunCommands_CreateOrUpdate'
  )
  const refused = sent.findIndex((r) => r.status === 409)
  if (refused < 0) return ['the probe never met the busy 409']
  return sent.slice(refused + 1).some((r) => r.status >= 200 && r.status < 300)
    ? []
    : ['the probe was not sent again after the 409']
}

/** Guest text is escaped in the summary: the reader sees the tag, GitHub renders none. */
export function summaryEscapesScript({ step }: FaultRun): string[] {
  const rendered = new HtmlRenderer().render(new Parser().parse(step.summary))
  return [
    ...(/<script/i.test(step.summary)
      ? ['the summary holds a <script> tag']
      : []),
    ...(/<script/i.test(rendered)
      ? ['the rendered summary holds a <script> tag']
      : []),
    ...(htmlToText(step.summary).includes('<script>alert(1)</script>')
      ? []
      : ["the summary does not show the guest's <script> as text"])
  ]
}

// A one-line reason: the 4 KB the guest sent back is clipped, not quoted whole.
export function reasonIsClipped({ step }: FaultRun): string[] {
  const reason = verificationReason(step.outputs['verification'])
  return reason.length > 0 && reason.length <= 1000
    ? []
    : [`the verification reason is ${reason.length} characters long`]
}

function verificationReason(json: string | undefined): string {
  try {
    const parsed: unknown = JSON.parse(json ?? '')
    const reason: unknown =
      typeof parsed === 'object' && parsed !== null
        ? Reflect.get(parsed, 'reason')
        : undefined
    return typeof reason === 'string' ? reason : ''
  } catch {
    return ''
  }
}

/**
 * The password of `vm` is not the one the run set: the emulator's silent
 * success must really change nothing, or the case proves nothing.
 */
export function passwordUnchanged(vm: string): (run: FaultRun) => string[] {
  return ({ emulator, step, password }) => {
    const username = step.outputs['username'] ?? 'azureadmin'
    return emulator.passwordMatches(rg, vm, username, password)
      ? ['the silent VMAccess changed the password after all']
      : []
  }
}

/** The password never reaches what Run Command records (script, parameters, output). */
export function passwordNotInRunCommandLog({
  emulator,
  password
}: FaultRun): string[] {
  const log = JSON.stringify(emulator.runCommandLog)
  return derivedForms(password)
    .filter(([, text]) => text.length >= 6 && log.includes(text))
    .map(([form]) => `the password (${form}) is in the Run Command log`)
}

/** No managed Run Command is left on `vm`. */
export function noRunCommandLeft(vm: string): (run: FaultRun) => string[] {
  return ({ emulator }) => {
    const left = emulator.runCommandResources(rg, vm)
    return left.length === 0
      ? []
      : [`Run Command(s) left on the VM: ${left.map((r) => r.name).join(', ')}`]
  }
}

/** A Run Command is left on `vm`, and the summary's delete command names each one left. */
export function summaryNamesTheRunCommandLeft(
  vm: string
): (run: FaultRun) => string[] {
  return ({ emulator, step }) => {
    const left = emulator.runCommandResources(rg, vm)
    if (left.length === 0) return ['expected a Run Command left on the VM']
    return left
      .filter((r) => !step.summary.includes(`--name ${r.name} `))
      .map((r) => `the summary does not name the Run Command left, '${r.name}'`)
  }
}
