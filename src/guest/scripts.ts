// The two PowerShell scripts the action runs in a guest through Run Command,
// and their parameters. Neither text holds a secret or a name: values travel
// as parameters, base64 so that no character needs command-line quoting
// (Run Command passes them as `-Name value`, and `&` would break it).
import type { RunCommandInputParameter } from '@azure/arm-compute'
import type { Secret } from '../secret.ts'

/**
 * verify/2: the account and the Remote Desktop configuration as one compact
 * JSON line (parsed by facts.ts). Read-only, except that with a password
 * (a protected parameter) it tries one network logon of the account, once
 * per AttemptId: a marker file stops a repeated execution from trying
 * again, since a wrong password counts toward the lockout threshold. The
 * first line names it; the emulator's guest recognises it there.
 */
export const verifyScript: readonly string[] = [
  '# azure-vm-access-reset probe: verify/2',
  '# Prints the account and the Remote Desktop configuration as one JSON line; with a password, tries one network logon.',
  "param([string]$UserNameBase64 = '', [string]$PasswordBase64 = '', [string]$AttemptId = '')",
  "$ErrorActionPreference = 'Stop'",
  "$result = [ordered]@{ probe = 'verify/2'; time = [DateTime]::UtcNow.ToString('o') }",
  '$result.domainRole = [int](Get-CimInstance Win32_ComputerSystem).DomainRole',
  'if ($UserNameBase64) {',
  '  $name = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($UserNameBase64))',
  '  $account = [ordered]@{ name = $name; exists = $false }',
  '  try {',
  // WinNT reads local accounts, and a domain controller's domain accounts.
  '    $user = [ADSI]"WinNT://$env:COMPUTERNAME/$name,user"',
  '    $flags = [int]$user.UserFlags.Value',
  '    $age = [int]$user.PasswordAge.Value',
  '    $account.exists = $true',
  '    $account.enabled = -not ($flags -band 2)',
  "    $account.passwordLastSet = [DateTime]::UtcNow.AddSeconds(-$age).ToString('o')",
  '    $account.passwordAgeSeconds = $age',
  "    $admins = (New-Object Security.Principal.SecurityIdentifier 'S-1-5-32-544').Translate([Security.Principal.NTAccount]).Value.Split('\\')[-1]",
  '    $group = [ADSI]"WinNT://$env:COMPUTERNAME/$admins,group"',
  "    $members = @($group.Invoke('Members')) | ForEach-Object { $_.GetType().InvokeMember('Name', 'GetProperty', $null, $_, $null) }",
  '    $account.admin = [bool]($members -contains $name)',
  '  } catch { }',
  '  $result.account = $account',
  '  if ($PasswordBase64 -and $account.exists) {',
  '    $marker = Join-Path $env:SystemRoot "Temp\\azure-vm-access-reset-$AttemptId.logon"',
  '    try { $null = New-Item -ItemType File -Path $marker -ErrorAction Stop; $first = $true } catch { $first = $false }',
  '    if ($first) {',
  '      Add-Type -Namespace AzureVmAccessReset -Name Logon -MemberDefinition \'[DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)] public static extern bool LogonUser(string user, string domain, string password, int type, int provider, out IntPtr token); [DllImport("kernel32.dll")] public static extern bool CloseHandle(IntPtr handle);\'',
  '      $token = [IntPtr]::Zero',
  // 3 = LOGON32_LOGON_NETWORK: checks the password, opens no session.
  "      $ok = [AzureVmAccessReset.Logon]::LogonUser($name, '.', [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($PasswordBase64)), 3, 0, [ref]$token)",
  '      $code = if ($ok) { 0 } else { [Runtime.InteropServices.Marshal]::GetLastWin32Error() }',
  '      if ($ok) { $null = [AzureVmAccessReset.Logon]::CloseHandle($token) }',
  '      $result.logon = [ordered]@{ attempted = $true; code = $code }',
  '    } else { $result.logon = [ordered]@{ attempted = $false; code = -1 } }',
  '  }',
  '}',
  "$ts = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server'",
  "$active = @(Get-NetConnectionProfile | ForEach-Object { ([string]$_.NetworkCategory) -replace 'DomainAuthenticated', 'Domain' })",
  // @FirewallAPI.dll,-28752 is the "Remote Desktop" group in every language.
  "$enabled = @(Get-NetFirewallRule -Group '@FirewallAPI.dll,-28752' -Direction Inbound -Enabled True -ErrorAction SilentlyContinue | ForEach-Object { if ([string]$_.Profile -eq 'Any') { 'Domain', 'Private', 'Public' } else { ([string]$_.Profile) -split ', ' } } | Sort-Object -Unique)",
  '$result.rdp = [ordered]@{',
  '  fDenyTSConnections = [int](Get-ItemProperty $ts).fDenyTSConnections',
  '  portNumber = [int](Get-ItemProperty "$ts\\WinStations\\RDP-Tcp").PortNumber',
  '  termService = [string](Get-Service -Name TermService).Status',
  '  firewall = [ordered]@{ activeProfiles = $active; enabledProfiles = $enabled }',
  '}',
  '$result | ConvertTo-Json -Compress -Depth 4'
]

/**
 * set-access/1, the domain controller's way in: sets the password of an
 * existing account (a domain account there) and turns Remote Desktop on, as
 * VMAccess would. The password comes as a protected parameter.
 */
export const setAccessScript: readonly string[] = [
  '# azure-vm-access-reset script: set-access/1',
  '# Sets the password of an existing account when one is given, and turns Remote Desktop on.',
  "param([string]$UserNameBase64 = '', [string]$PasswordBase64 = '')",
  "$ErrorActionPreference = 'Stop'",
  '$passwordSet = $false',
  'if ($PasswordBase64) {',
  '  $name = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($UserNameBase64))',
  '  try { $user = [ADSI]"WinNT://$env:COMPUTERNAME/$name,user"; $null = $user.UserFlags.Value }',
  '  catch { [Console]::Error.WriteLine("The account \'$name\' does not exist; create it with Active Directory tools first."); exit 1 }',
  '  $user.SetPassword([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($PasswordBase64)))',
  '  $flags = [int]$user.UserFlags.Value',
  '  if ($flags -band 2) { $user.UserFlags.Value = $flags -bxor 2 }',
  '  $user.SetInfo()',
  '  $passwordSet = $true',
  '}',
  "Set-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server' -Name fDenyTSConnections -Value 0",
  "Enable-NetFirewallRule -Group '@FirewallAPI.dll,-28752'",
  'Set-Service -Name TermService -StartupType Automatic',
  'Start-Service -Name TermService',
  '$rdp = [ordered]@{ fDenyTSConnections = 0; termService = [string](Get-Service -Name TermService).Status; firewallGroupEnabled = $true }',
  "[ordered]@{ script = 'set-access/1'; passwordSet = $passwordSet; rdp = $rdp } | ConvertTo-Json -Compress"
]

/** A parameter value as the scripts decode it. */
export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64')
}

/** The public parameters: the account to look at or set, if any. */
export function userParameters(username?: string): RunCommandInputParameter[] {
  return username ? [{ name: 'UserNameBase64', value: base64(username) }] : []
}

/** The public parameter that makes a repeated execution skip its logon. */
export function attemptParameters(
  attemptId: string
): RunCommandInputParameter[] {
  return [{ name: 'AttemptId', value: attemptId }]
}

/** The protected parameter that carries the password (its base64 is masked like the password). */
export function passwordParameters(
  password?: Secret
): RunCommandInputParameter[] {
  return password
    ? [{ name: 'PasswordBase64', value: base64(password.reveal()) }]
    : []
}
