// The bad-input catalogue: inputs a workflow author gets wrong. Each one must
// be refused with exit 1, a message that names the input and the rule it
// breaks (never the secret), and no request to Entra ID or Resource Manager.
import type { BadInputCase } from './bad-input-case.ts'
import {
  handlerVersions,
  malformedIds,
  otherInputs,
  resourceGroups,
  timeouts,
  vmNames
} from './bad-inputs-azure.ts'
import { endpoints } from './bad-inputs-endpoints.ts'
import { fleetInputs } from './bad-inputs-fleet.ts'
import {
  blankInputs,
  missingInputs,
  unknownWords,
  wrongMode
} from './bad-inputs-presence.ts'
import { rotationInputs } from './bad-inputs-rotation.ts'
import { controlCharacters, oversizedInputs } from './bad-inputs-text.ts'
import { passwords, usernames } from './bad-inputs-windows.ts'

export type { BadInputCase, Refusal } from './bad-input-case.ts'

/** Every bad-input case. */
export const badInputCases: readonly BadInputCase[] = [
  ...missingInputs,
  ...blankInputs,
  ...unknownWords,
  ...malformedIds,
  ...resourceGroups,
  ...vmNames,
  ...endpoints,
  ...timeouts,
  ...handlerVersions,
  ...usernames,
  ...passwords,
  ...controlCharacters,
  ...oversizedInputs,
  ...wrongMode,
  ...rotationInputs,
  ...fleetInputs,
  ...otherInputs
]
