// Names planted to run code on the machine of whoever pastes a command the
// action printed: each such command must keep its argv when bash reads it.
import { vmRecipes } from '../../emulator/index.ts'
import { computeClient } from '../../emulator/__tests__/sdk-clients.ts'
import type { Emulator } from '../../emulator/index.ts'
import { rg, summaryText, type FaultCase, type FaultRun } from './fault-case.ts'
import { printedArgv } from './printed-argv.ts'
import { displayedLog } from './step-view.ts'

const busyDomainController = 'vm-dc-busy'

/** A Run Command name with command substitution, a glob, a quote and a backtick. */
export const hostileRunCommandName =
  "azure-vm-access-reset-$(touch /tmp/pwned);*'`id`"

/** The Run Command another run would leave at work, under a hostile name. */
async function plantRunCommand(
  emulator: Emulator
): Promise<Record<string, string>> {
  await computeClient(emulator).virtualMachineRunCommands.createOrUpdate(
    rg,
    busyDomainController,
    hostileRunCommandName,
    {
      location: 'westeurope',
      source: { script: 'Write-Output "another run"' },
      asyncExecution: true
    },
    { updateIntervalInMs: 10 }
  )
  return {}
}

/** The delete command the refusal prints, word for word. */
const deleteArgv = [
  'az',
  'vm',
  'run-command',
  'delete',
  '-g',
  rg,
  '--vm-name',
  busyDomainController,
  '--name',
  hostileRunCommandName,
  '--yes'
]

/** The delete command in the summary and the log parses to exactly `deleteArgv`. */
function pastedDeleteKeepsItsWords({ step }: FaultRun): string[] {
  const texts = [
    ['the summary', summaryText(step)],
    ['the log', displayedLog(step.stdout)]
  ] as const
  return texts.flatMap(([where, text]) => {
    const deletes = printedArgv(text).filter((argv) => argv[3] === 'delete')
    if (deletes.length === 0) return [`${where} prints no delete command`]
    return deletes
      .filter((argv) => JSON.stringify(argv) !== JSON.stringify(deleteArgv))
      .map(
        (argv) =>
          `${where} prints a delete that bash reads as ${JSON.stringify(argv)}`
      )
  })
}

/** Hostile names in the commands the action prints. */
export const hostileNameCases: FaultCase[] = [
  {
    name: "another run's Run Command at work on a domain controller has a name with $( ), ;, *, ' and `",
    vm: busyDomainController,
    scenario: (s) =>
      s.vm(busyDomainController, (vm) =>
        vmRecipes.domainControllerRefused(vm).runCommandTakes(120_000)
      ),
    inputs: () => ({ 'domain-controller': 'run-command' }),
    env: plantRunCommand,
    // The planted Run Command is a PUT of its own, so stage is not pre-flight.
    expect: {
      outcome: 'fails',
      stage: 'write',
      change: 'none',
      says: 'Another run of this action',
      nextStep: 'concurrency group'
    },
    checks: [pastedDeleteKeepsItsWords]
  }
]
