// The step's outputs and its job summary, compared as exact strings: the
// summary is what someone locked out of a VM reads first.
import { HtmlRenderer, Parser } from 'commonmark'
import { AzureError, InputError, InvalidInputs } from '../../src/errors.ts'
import { escapeHtml } from '../../src/markup.ts'
import type { Outcome } from '../../src/operation.ts'
import { nextSteps } from '../../src/remedies.ts'
import {
  renderInputSummary,
  renderSummary,
  toOutputs,
  type RunReport
} from '../../src/report.ts'
import { resetPassword, resetRdp } from '../../src/vm-access/index.ts'
import { quietRedactor } from './quiet-redactor.ts'

const target = {
  subscriptionId: '5f2b6c1e-8d3a-4e7b-9c0d-1a2b3c4d5e6f',
  resourceGroup: 'rg-prod',
  vmName: 'web-01'
}
const vmId = '0f6a3a8e-6c3b-4b1e-9a55-2f1d3c4b5a69'

const passwordReset: Outcome = {
  status: 'succeeded',
  vmId,
  extensionName: 'enablevmaccess',
  typeHandlerVersion: '2.4',
  username: 'azureuser',
  isAdminAccount: true,
  removedExtensions: ['enablevmaccess'],
  hasAadLogin: false,
  provisioningState: 'Succeeded',
  extensionMessage: 'The password of azureuser was reset.'
}
const success: RunReport = {
  target,
  operation: resetPassword,
  outcome: passwordReset,
  durationSeconds: 42.34,
  runUrl: 'https://github.com/contoso/ops/actions/runs/123'
}

const timeout = new AzureError(
  'Azure did not finish within timeout-minutes (15).',
  'Re-run the workflow, with a larger timeout-minutes if the VM is slow to apply VMAccess.',
  { code: 'Timeout', change: 'extension-removed' }
)
const failure: RunReport = {
  target,
  operation: resetPassword,
  outcome: {
    status: 'failed',
    vmId,
    extensionName: 'enablevmaccess',
    typeHandlerVersion: '2.4',
    username: 'azureuser',
    isAdminAccount: true,
    removedExtensions: ['enablevmaccess'],
    hasAadLogin: false,
    error: timeout
  },
  durationSeconds: 900
}

const rdpReset: RunReport = {
  target,
  operation: resetRdp,
  outcome: {
    status: 'succeeded',
    vmId,
    extensionName: 'enablevmaccess',
    typeHandlerVersion: '2.4',
    removedExtensions: [],
    hasAadLogin: false,
    provisioningState: 'Succeeded'
  },
  durationSeconds: 61.04
}

describe('toOutputs', () => {
  it('fills every output of a success', () => {
    const outputs = toOutputs(success)

    expect(outputs).toStrictEqual({
      status: 'succeeded',
      message: 'The password of azureuser was reset.',
      'extension-name': 'enablevmaccess',
      username: 'azureuser',
      'vm-id': vmId,
      'provisioning-state': 'Succeeded',
      'duration-seconds': '42.3',
      'secret-id': '',
      'secret-version': '',
      verified: 'unknown',
      verification: '{"verified":"unknown","reason":"verify: false"}',
      diagnosis: '',
      findings: ''
    })
  })

  it('says VMAccess succeeded when the extension gave no message', () => {
    const report = {
      ...success,
      outcome: { ...passwordReset, extensionMessage: undefined }
    }

    const outputs = toOutputs(report)

    expect(outputs.message).toBe('VMAccess succeeded.')
  })

  it('fills what a failure knows, with the error as the message', () => {
    const outputs = toOutputs(failure)

    expect(outputs).toStrictEqual({
      status: 'failed',
      message: 'Azure did not finish within timeout-minutes (15).',
      'extension-name': 'enablevmaccess',
      username: 'azureuser',
      'vm-id': vmId,
      'provisioning-state': '',
      'duration-seconds': '900.0',
      'secret-id': '',
      'secret-version': '',
      verified: 'unknown',
      verification:
        '{"verified":"unknown","reason":"the reset did not succeed, so the guest was not checked"}',
      diagnosis: '',
      findings: ''
    })
  })

  it('leaves username empty for reset-rdp', () => {
    const outputs = toOutputs(rdpReset)

    expect(outputs.username).toBe('')
  })
})

describe('renderSummary', () => {
  it('renders a password reset of the admin account', () => {
    const summary = renderSummary(success)

    expect(summary).toBe(
      [
        '<h2>✅ Password reset succeeded: web-01</h2>',
        '<table>',
        '<tr><th align="left">VM</th><td>web-01</td></tr>',
        '<tr><th align="left">Resource group</th><td>rg-prod</td></tr>',
        '<tr><th align="left">Mode</th><td>reset-password</td></tr>',
        '<tr><th align="left">User</th><td>azureuser (the VM’s admin account)</td></tr>',
        '<tr><th align="left">Extension</th><td>enablevmaccess (Microsoft.Compute.VMAccessAgent 2.4)</td></tr>',
        '<tr><th align="left">Removed first</th><td>enablevmaccess</td></tr>',
        '<tr><th align="left">Status</th><td>succeeded</td></tr>',
        '<tr><th align="left">Provisioning state</th><td>Succeeded</td></tr>',
        '<tr><th align="left">Message</th><td>The password of azureuser was reset.</td></tr>',
        '<tr><th align="left">Duration</th><td>42.3 s</td></tr>',
        '</table>',
        '<p><a href="https://github.com/contoso/ops/actions/runs/123">Workflow run</a></p>',
        '<h3>What changed</h3>',
        '<ul>',
        '<li>The password of <code>azureuser</code> was reset. VMAccess also enables the account if it was disabled, and resets the Remote Desktop configuration.</li>',
        '</ul>',
        ''
      ].join('\n')
    )
  })

  it('renders a failure that left the VM without VMAccess', () => {
    const summary = renderSummary(failure)

    expect(summary).toBe(
      [
        '<h2>❌ Password reset failed: web-01</h2>',
        '<table>',
        '<tr><th align="left">VM</th><td>web-01</td></tr>',
        '<tr><th align="left">Resource group</th><td>rg-prod</td></tr>',
        '<tr><th align="left">Mode</th><td>reset-password</td></tr>',
        '<tr><th align="left">User</th><td>azureuser (the VM’s admin account)</td></tr>',
        '<tr><th align="left">Extension</th><td>enablevmaccess (Microsoft.Compute.VMAccessAgent 2.4)</td></tr>',
        '<tr><th align="left">Removed first</th><td>enablevmaccess</td></tr>',
        '<tr><th align="left">Status</th><td>failed</td></tr>',
        '<tr><th align="left">Message</th><td>Azure did not finish within timeout-minutes (15).</td></tr>',
        '<tr><th align="left">Duration</th><td>900.0 s</td></tr>',
        '</table>',
        '<h3>What went wrong</h3>',
        '<p>Azure did not finish within timeout-minutes (15). (<code>Timeout</code>)</p>',
        '<h3>State of the VM</h3>',
        '<p>Azure accepted the removal of the old VMAccess extension but no new one was applied: the VM has (or shortly will have) no VMAccess extension. Its accounts and RDP settings are unchanged. Re-run the workflow to apply it.</p>',
        '<h3>Next steps</h3>',
        '<ol>',
        '<li>Re-run the workflow, with a larger timeout-minutes if the VM is slow to apply VMAccess.</li>',
        '<li>Re-run the workflow once the cause is fixed: the action removes and re-applies VMAccess each time.</li>',
        '<li>If the VM agent cannot be brought back, reset the password offline: https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/reset-local-password-without-agent</li>',
        '</ol>',
        ''
      ].join('\n')
    )
  })

  it('says nothing was changed after a failure before any change', () => {
    const report: RunReport = {
      ...failure,
      outcome: {
        status: 'failed',
        removedExtensions: [],
        hasAadLogin: false,
        error: new AzureError(
          "VM 'web-01' in resource group 'rg-prod' is VM deallocated; VMAccess needs a running VM with its agent.",
          'Start it (az vm start -g rg-prod -n web-01) and run the workflow again. Nothing was changed.',
          { code: 'not-running' }
        )
      }
    }

    const summary = renderSummary(report)

    expect(summary).toContain(
      '<h3>State of the VM</h3>\n<p>Nothing was changed on the VM.</p>'
    )
  })

  it('renders an RDP reset with what was and was not reset', () => {
    const summary = renderSummary(rdpReset)

    expect(summary).toBe(
      [
        '<h2>✅ RDP configuration reset succeeded: web-01</h2>',
        '<table>',
        '<tr><th align="left">VM</th><td>web-01</td></tr>',
        '<tr><th align="left">Resource group</th><td>rg-prod</td></tr>',
        '<tr><th align="left">Mode</th><td>reset-rdp</td></tr>',
        '<tr><th align="left">Extension</th><td>enablevmaccess (Microsoft.Compute.VMAccessAgent 2.4)</td></tr>',
        '<tr><th align="left">Status</th><td>succeeded</td></tr>',
        '<tr><th align="left">Provisioning state</th><td>Succeeded</td></tr>',
        '<tr><th align="left">Duration</th><td>61.0 s</td></tr>',
        '</table>',
        '<h3>What changed</h3>',
        '<ul>',
        '<li>Reset: Remote Desktop enabled (fDenyTSConnections=0), the Windows Firewall profiles and the “Remote Desktop” rule group enabled.</li>',
        '<li>Not reset: a custom RDP port, a Group Policy that denies connections, network security group rules.</li>',
        '</ul>',
        ''
      ].join('\n')
    )
  })

  it('warns about AADLoginForWindows', () => {
    const report = {
      ...rdpReset,
      outcome: { ...rdpReset.outcome, hasAadLogin: true }
    }

    const summary = renderSummary(report)

    expect(summary).toContain(
      '<li>⚠️ This VM carries the AADLoginForWindows extension: if Entra ID sign-in stops working, re-apply that extension.</li>\n</ul>'
    )
  })

  it('does not warn about AADLoginForWindows on a VM without it', () => {
    const summary = renderSummary(success)

    expect(summary).not.toContain('AADLoginForWindows')
  })

  it('notes that a username other than the admin may have been created', () => {
    const report: RunReport = {
      ...success,
      outcome: { ...passwordReset, username: 'opsadmin', isAdminAccount: false }
    }

    const summary = renderSummary(report)

    expect(summary).toContain(
      '<tr><th align="left">User</th><td>opsadmin</td></tr>'
    )
    expect(summary).toContain(
      [
        '<h3>What changed</h3>',
        '<ul>',
        '<li>The password of <code>opsadmin</code> was reset. VMAccess also enables the account if it was disabled, and resets the Remote Desktop configuration.</li>',
        '<li><code>opsadmin</code> is not the VM’s admin account: if it did not exist, VMAccess created it as a local administrator, which may restart the VM. Azure keeps showing the original admin name.</li>',
        '</ul>'
      ].join('\n')
    )
  })

  it('escapes HTML and Markdown in the VM name and the error', () => {
    const report: RunReport = {
      ...failure,
      target: { ...target, vmName: 'web<script>alert(1)</script>' },
      outcome: {
        ...failure.outcome,
        error: new AzureError(
          'Conflict | `rm -rf` <img src=x onerror=alert(1)> *bold* [link](x)',
          'Fix <b>it</b>',
          { code: '<Code>' }
        )
      }
    }

    const summary = renderSummary(report)

    expect(summary).not.toMatch(/<script|<img|<b>|<Code>|`|\|/)
    expect(summary).toContain(
      '<h2>❌ Password reset failed: web&#60;script&#62;alert(1)&#60;/script&#62;</h2>'
    )
    expect(summary).toContain(
      '<p>Conflict &#124; &#96;rm -rf&#96; &#60;img src=x onerror=alert(1)&#62; &#42;bold&#42; &#91;link&#93;(x) (<code>&#60;Code&#62;</code>)</p>'
    )
    expect(summary).toContain('<li>Fix &#60;b&#62;it&#60;/b&#62;</li>')
  })

  it('escapes the run link', () => {
    const report = {
      ...success,
      runUrl: 'https://github.com/a/b"onmouseover="x'
    }

    const summary = renderSummary(report)

    expect(summary).toContain(
      '<a href="https://github.com/a/b&#34;onmouseover=&#34;x">'
    )
  })
})

describe('escapeHtml', () => {
  it.each([
    ['&', '&#38;'],
    ['<', '&#60;'],
    ['>', '&#62;'],
    ['"', '&#34;'],
    ["'", '&#39;'],
    ['`', '&#96;'],
    ['|', '&#124;'],
    ['[', '&#91;'],
    [']', '&#93;'],
    ['*', '&#42;'],
    ['_', '&#95;'],
    ['\\', '&#92;'],
    ['web-01 (rg.prod)', 'web-01 (rg.prod)']
  ])('escapes %j as %j', (text, expected) => {
    const escaped = escapeHtml(text)

    expect(escaped).toBe(expected)
  })
})

describe('the summary through the redactor', () => {
  const secret = 'Zebra Quartz/Kettle+42&<'

  it('removes a secret from a rendered summary', () => {
    const report: RunReport = {
      ...failure,
      outcome: {
        ...failure.outcome,
        error: new AzureError(`guest said: bad password ${secret}`, 'Re-run.')
      }
    }

    const clean = quietRedactor(secret).redact(renderSummary(report))

    expect(clean).toContain('<p>guest said: bad password ***</p>')
    expect(clean).not.toContain('Kettle')
  })
})

describe('renderInputSummary', () => {
  it('lists every bad input with its fix', () => {
    const error = new InvalidInputs([
      new InputError(
        'vm-name',
        'is required (the VM to reset)',
        "Set vm-name in the step's with: block."
      ),
      new InputError(
        'timeout-minutes',
        '"abc" is not a whole number of minutes from 1 to 120',
        'Use e.g. timeout-minutes: 15.'
      )
    ])

    const summary = renderInputSummary(error)

    expect(summary).toBe(
      [
        '<h2>❌ Invalid inputs: nothing was sent to Azure</h2>',
        '<ul>',
        '<li><code>vm-name</code> is required (the VM to reset). Set vm-name in the step&#39;s with: block.</li>',
        '<li><code>timeout-minutes</code> &#34;abc&#34; is not a whole number of minutes from 1 to 120. Use e.g. timeout-minutes: 15.</li>',
        '</ul>',
        '<p>Nothing was changed on the VM. Fix the inputs above and run the workflow again.</p>',
        ''
      ].join('\n')
    )
  })
})

describe('nextSteps', () => {
  it('gives only the fix when nothing was changed and the agent is not in doubt', () => {
    const error = new AzureError('VM is deallocated', 'Start it.', {
      code: 'not-running'
    })

    expect(nextSteps(error)).toEqual(['Start it.'])
  })

  it('adds the re-run and the offline reset after a failure in the guest', () => {
    const error = new AzureError('failed', 'Fix it.', {
      code: 'VMExtensionProvisioningTimeout',
      change: 'extension-failed'
    })

    const steps = nextSteps(error)

    expect(steps).toHaveLength(3)
    expect(steps[1]).toContain('removes and re-applies VMAccess')
    expect(steps[2]).toContain('reset-local-password-without-agent')
  })

  it('promises no re-apply of a VMAccess that refused a domain controller', () => {
    const error = new AzureError('refused', 'Use Run Command.', {
      code: 'VMExtensionProvisioningError',
      change: 'extension-refused'
    })

    const steps = nextSteps(error)

    expect(steps[0]).toBe('Use Run Command.')
    expect(steps.join(' ')).not.toContain('re-applies')
  })
})

describe('hostile text from the guest or the server', () => {
  // What a compromised guest could put in VMAccess's status message.
  const hostile = [
    'done',
    '',
    '# Pwned heading',
    '',
    '[click me](https://evil.example/steal)',
    '',
    '~~~',
    '::warning::from the guest',
    '<script>alert(1)</script>'
  ].join('\n')
  const report: RunReport = {
    ...failure,
    outcome: {
      ...failure.outcome,
      extensionMessage: hostile,
      error: new AzureError(hostile, 'Re-run.', {
        code: 'VMExtensionProvisioningError',
        change: 'extension-failed'
      })
    }
  }

  it('leaves no Markdown or HTML structure of it in the rendered summary', () => {
    const html = new HtmlRenderer().render(
      new Parser().parse(renderSummary(report))
    )

    expect(html).not.toMatch(/<h1|<pre|<code>::|href="https:\/\/evil|<script/)
    expect(html).toContain('<h3>Next steps</h3>')
    expect(html).toContain('# Pwned heading')
  })

  it.each([
    ['NUL', '\u0000'],
    ['vertical tab', '\v'],
    ['form feed', '\f'],
    ['NEL (U+0085)', '\u0085'],
    ['line separator (U+2028)', '\u2028'],
    ['paragraph separator (U+2029)', '\u2029'],
    ['ESC', '\u001b'],
    ['DEL', '\u007f']
  ])('keeps no %s in the message output', (_, separator) => {
    const outputs = toOutputs({
      ...success,
      outcome: {
        ...passwordReset,
        extensionMessage: `done${separator}::warning::from the guest`
      }
    })

    expect(outputs.message).toBe('done ::warning::from the guest')
  })

  it('keeps the message output on one line', () => {
    const outputs = toOutputs(report)

    expect(outputs.message).toBe(
      'done # Pwned heading [click me](https://evil.example/steal) ~~~ ::warning::from the guest <script>alert(1)</script>'
    )
  })
})

describe('a single VM’s report within GitHub’s limits in bytes', () => {
  // 700,000 characters of a localized guest's answer: 2.1 MB of UTF-8.
  const japanese = 'パスワードのリセットに失敗しました。'.repeat(40_000)
  const loud: RunReport = {
    ...failure,
    outcome: {
      ...failure.outcome,
      error: new AzureError(japanese, 'Restart the VM agent.', {
        code: 'VMExtensionProvisioningError',
        change: 'extension-failed'
      })
    }
  }

  it('keeps the summary under 1 MiB when the guest’s message is megabytes of Japanese', () => {
    const html = renderSummary(loud)

    expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(1024 * 1024)
    expect(html).toMatch(
      /<th align="left">Message<\/th><td>パスワード[^<]*…<\/td>/
    )
    expect(html).toContain('Restart the VM agent.')
  })

  it('cuts the message output to 16 KiB of UTF-8', () => {
    const outputs = toOutputs(loud)

    expect(
      Buffer.byteLength(outputs.message ?? '', 'utf8')
    ).toBeLessThanOrEqual(16_384)
    expect(outputs.message).toMatch(/^パスワード.*…$/)
  })
})
