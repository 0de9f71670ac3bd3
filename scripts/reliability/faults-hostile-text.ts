// Text that the guest or Resource Manager controls, written to steer what a
// runner does with the log and what the summary renders: workflow commands,
// Markdown that a blank line would let through, HTML.
import { HtmlRenderer, Parser } from 'commonmark'
import type { FaultCase, FaultRun } from './fault-case.ts'

/** A message made to be read as commands and Markdown; marked so a check can find it. */
export const hostileText = [
  'Cannot apply VMAccess.',
  '',
  '# heading-from-hostile-text',
  '',
  '[link-from-hostile-text](https://evil.example/)',
  '::warning::command-from-hostile-text',
  '::add-mask::VMAccess',
  '~~~',
  '<img src=x onerror=alert(1)>'
].join('\n')

/** Hostile text from the guest and from the server. */
export const hostileTextCases: FaultCase[] = [
  {
    name: "the guest's status message carries workflow commands, Markdown and HTML",
    vm: 'vm-web-01',
    scenario: (s) => s.vm('vm-web-01', (vm) => vm.extensionFails(hostileText)),
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-failed',
      says: 'Cannot apply VMAccess.',
      nextStep: 'read the VMAccess logs in the guest'
    },
    checks: [summaryRendersNoStructure]
  },
  {
    // The poller's last GET and the status read both get it: the second is
    // logged as "Could not read the status of …".
    name: "Resource Manager's error text carries workflow commands when the extension is read",
    vm: 'vm-web-01',
    faults: [
      {
        operationId: 'VirtualMachineExtensions_Get',
        fault: {
          status: 400,
          code: 'BadRequest',
          message: hostileText,
          times: 2
        }
      }
    ],
    // Neither read says how the PUT ended, so the outcome is unknown.
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'extension-unknown',
      says: 'Cannot apply VMAccess.',
      nextStep: "look up 'BadRequest' in the Azure activity log"
    },
    checks: [summaryRendersNoStructure]
  }
]

// What a CommonMark renderer (GitHub's is cmark-gfm) makes of the summary.
function summaryRendersNoStructure({ step }: FaultRun): string[] {
  const html = new HtmlRenderer().render(new Parser().parse(step.summary))
  const found = [
    ['a heading', /<h1>/],
    ['a link', /href="https:\/\/evil/],
    ['a code block', /<pre>/],
    ['an image', /<img/]
  ] as const
  return found
    .filter(([, pattern]) => pattern.test(html))
    .map(([what]) => `the rendered summary has ${what} from hostile text`)
}
