// The action's two scripts as a test sends them, and reading their answers.
// Only the first line matters to the emulator's guest; the rest stands in for
// the PowerShell the action ships.
import { setAccessMarker, verifyMarker } from '../index.ts'

/** UTF-8 base64, as the action passes parameter values. */
export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64')
}

/** The verification probe's lines. */
export const probeScript = [
  verifyMarker,
  'param([string]$UserNameBase64 = "")',
  '# … reads the account, fDenyTSConnections, PortNumber, TermService, firewall'
]

/** The set-access script as one string, as a managed run command's source.script. */
export const setAccessScript = [
  setAccessMarker,
  'param([string]$UserNameBase64 = "", [string]$PasswordBase64 = "")',
  '# … sets the password, enables Remote Desktop'
].join('\n')

/** The last line of a script's stdout, parsed as JSON. */
export function lastJsonLine(stdout: string | undefined): unknown {
  const lines = (stdout ?? '').trimEnd().split('\n')
  return JSON.parse(lines.at(-1) ?? '')
}

/** The message of one stream in a RunCommandResult. */
export function streamOf(
  result: { value?: { code?: string; message?: string }[] },
  stream: 'StdOut' | 'StdErr'
): string | undefined {
  return result.value?.find(
    (s) => s.code === `ComponentStatus/${stream}/succeeded`
  )?.message
}
