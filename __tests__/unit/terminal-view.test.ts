import { renderLog, renderSummaryText } from '../../scripts/terminal-view.ts'
import { inputVariables } from '../../scripts/action-inputs.ts'
import { parseOutputFile } from '../../scripts/runner.ts'

describe('terminal view of a step', () => {
  it('hides mask and debug commands and marks errors, as the Actions UI does', () => {
    const stdout =
      '::add-mask::s3cret\nhello\n::debug::details\n::error::bad%0Anext line'

    expect(renderLog(stdout, false)).toBe('hello\nError: bad\nnext line')
    expect(renderLog(stdout, true)).toBe(
      'hello\n[debug] details\nError: bad\nnext line'
    )
  })

  it('renders the summary HTML as headings, rows and numbered steps', () => {
    const html =
      '<h2>❌ Failed: vm&#45;1</h2>\n<table>\n<tr><th align="left">VM</th><td>vm&#95;1</td></tr>\n</table>\n<h3>Next steps</h3>\n<ol>\n<li>Start it</li>\n<li>Re-run</li>\n</ol>\n<ul>\n<li>note</li>\n</ul>'

    expect(renderSummaryText(html)).toBe(
      '❌ Failed: vm-1\n==============\n\n  VM                   vm_1\n\nNext steps\n----------\n  1. Start it\n  2. Re-run\n  - note'
    )
  })
})

describe('runner files', () => {
  it('parses GITHUB_OUTPUT heredoc blocks and plain lines', () => {
    const text =
      'status<<EOF1\nfailed\nEOF1\nmessage<<EOF2\nline 1\nline 2\nEOF2\nplain=yes\n'

    expect(parseOutputFile(text)).toEqual({
      status: 'failed',
      message: 'line 1\nline 2',
      plain: 'yes'
    })
  })

  it('spells input variables as the runner does, keeping hyphens', () => {
    expect(inputVariables({ 'vm-name': 'a', 'my input': 'b' })).toEqual({
      'INPUT_VM-NAME': 'a',
      INPUT_MY_INPUT: 'b'
    })
  })
})
