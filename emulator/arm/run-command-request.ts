// Reading a Run Command request body: checked against the extended contract,
// then turned into what the guest runs. Protected values are hashed here, the
// moment they arrive, and never kept.
import {
  isRecord,
  parseJson,
  type EmulatorRequest,
  type Reply
} from '../http-io.ts'
import { hashPassword } from '../password-hash.ts'
import type {
  ProtectedParameter,
  RunCommandParameter
} from '../run-command-state.ts'
import type { ArmContext } from './context.ts'
import type { ScriptRequest } from './run-command-executions.ts'

/** A body the contract accepts, or the 400 a client bug gets (recorded as a violation). */
export function readRunCommandBody(
  context: ArmContext,
  operationId: string,
  req: EmulatorRequest
): { body: Record<string, unknown> } | { reply: Reply } {
  const body = parseJson(req.body)
  const problems = context.contract.checkRequestBody(operationId, body)
  if (isRecord(body) && problems.length === 0) return { body }
  const detail = isRecord(body)
    ? problems.join('; ')
    : 'the body is not a JSON object'
  context.recordViolation(`${operationId} request: ${detail}`)
  return {
    reply: {
      status: 400,
      body: {
        error: {
          code: 'InvalidRequestContent',
          message: `The request content was invalid and could not be deserialized: ${detail}`
        }
      }
    }
  }
}

/** RunCommandInput → the action's script; its parameters are all public. */
export function actionScriptRequest(
  body: Record<string, unknown>
): ScriptRequest {
  return {
    kind: 'action',
    commandId: String(body.commandId),
    script: strings(body.script),
    parameters: parametersOf(body.parameters),
    protectedParameters: []
  }
}

/**
 * A managed run command's properties → its script. Only `source.script` can
 * run here: a scriptUri, commandId or gallery script reaches the guest as
 * no script at all, which it refuses.
 */
export function managedScriptRequest(
  runCommandName: string,
  properties: Record<string, unknown>
): ScriptRequest {
  const source = isRecord(properties.source) ? properties.source : {}
  const timeoutInSeconds = properties.timeoutInSeconds
  return {
    kind: 'managed',
    runCommandName,
    ...(typeof source.commandId === 'string'
      ? { commandId: source.commandId }
      : {}),
    script:
      typeof source.script === 'string' ? source.script.split(/\r?\n/) : [],
    parameters: parametersOf(properties.parameters),
    protectedParameters: protectParameters(properties.protectedParameters),
    ...(typeof timeoutInSeconds === 'number'
      ? { timeoutMs: timeoutInSeconds * 1000 }
      : {})
  }
}

/** The properties a GET may echo: everything but protectedParameters and runAsPassword. */
export function publicProperties(
  properties: Record<string, unknown>
): Record<string, unknown> {
  const {
    protectedParameters: _protected,
    runAsPassword: _password,
    ...visible
  } = properties
  return structuredClone(visible)
}

// Hashed as the script will use the value: decoded when the name says Base64.
function protectParameters(value: unknown): ProtectedParameter[] {
  return parametersOf(value).map(({ name, value: secret }) => ({
    name,
    hash: hashPassword(
      /base64$/i.test(name)
        ? Buffer.from(secret, 'base64').toString('utf8')
        : secret
    )
  }))
}

function parametersOf(value: unknown): RunCommandParameter[] {
  return Array.isArray(value)
    ? value.filter(isRecord).map((p) => ({
        name: String(p.name),
        value: String(p.value)
      }))
    : []
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : []
}
