import type { EmulatorRequest, Reply } from '../http-io.ts'
import { secretBundle, secretItem } from './bundle.ts'
import type { KeyVaultContext } from './context.ts'
import { secretDisabled, secretNotFound } from './errors.ts'
import { readSecretBody, type SecretChanges } from './request-body.ts'
import type { SecretTarget } from './routes.ts'
import {
  addVersion,
  findSecret,
  findVersion,
  newVersionId,
  type SecretVersion,
  type StoredSecret
} from './vault.ts'

/** `PUT /secrets/{name}` (SetSecret): every call stores a new version. */
export function setSecret(
  context: KeyVaultContext,
  target: SecretTarget,
  req: EmulatorRequest
): Reply {
  const read = readSecretBody(req.body, 'set')
  if (!read.ok) return read.reply
  const now = context.now()
  const version: SecretVersion = {
    version: newVersionId(),
    value: read.changes.value ?? '',
    tags: {},
    enabled: true,
    createdMs: now,
    updatedMs: now
  }
  apply(version, read.changes)
  const secret = addVersion(context.vault, target.name, version)
  return ok(context, secret, version, true)
}

/** `GET /secrets/{name}/{version}` (GetSecret); an empty version is the latest. */
export function getSecret(
  context: KeyVaultContext,
  target: SecretTarget
): Reply {
  const found = lookUp(context, target)
  if (!found.ok) return found.reply
  if (!found.version.enabled) return secretDisabled()
  return ok(context, found.secret, found.version, true)
}

/** `PATCH /secrets/{name}/{version}` (UpdateSecret): attributes, tags, content type; never the value. */
export function updateSecret(
  context: KeyVaultContext,
  target: SecretTarget,
  req: EmulatorRequest
): Reply {
  const found = lookUp(context, target)
  if (!found.ok) return found.reply
  const read = readSecretBody(req.body, 'update')
  if (!read.ok) return read.reply
  apply(found.version, read.changes)
  found.version.updatedMs = context.now()
  return ok(context, found.secret, found.version, false)
}

/**
 * `GET /secrets/{name}/versions` (GetSecretVersions): one page, no values.
 * Azure sorts by version id, not by time (nagyesta/lowkey-vault#428), so a
 * client must not take the last item for the newest.
 */
export function listSecretVersions(
  context: KeyVaultContext,
  target: SecretTarget
): Reply {
  const secret = findSecret(context.vault, target.name)
  if (!secret) return secretNotFound(target.name)
  const url = context.vaultUrl()
  const value = [...secret.versions]
    .sort((a, b) => a.version.localeCompare(b.version))
    .map((v) => secretItem(url, secret, v))
  return { status: 200, body: { value, nextLink: null } }
}

function lookUp(
  context: KeyVaultContext,
  target: SecretTarget
):
  | { ok: true; secret: StoredSecret; version: SecretVersion }
  | { ok: false; reply: Reply } {
  const secret = findSecret(context.vault, target.name)
  const version = secret && findVersion(secret, target.version)
  if (!secret || !version) {
    return {
      ok: false,
      reply: secretNotFound(target.name, target.version || undefined)
    }
  }
  return { ok: true, secret, version }
}

// Tags are replaced as a whole, as Key Vault does; attributes field by field.
function apply(version: SecretVersion, changes: SecretChanges): void {
  if (changes.tags !== undefined) version.tags = changes.tags
  if (changes.contentType !== undefined)
    version.contentType = changes.contentType
  if (changes.enabled !== undefined) version.enabled = changes.enabled
  if (changes.notBeforeSeconds !== undefined)
    version.notBeforeSeconds = changes.notBeforeSeconds
  if (changes.expiresSeconds !== undefined)
    version.expiresSeconds = changes.expiresSeconds
}

function ok(
  context: KeyVaultContext,
  secret: StoredSecret,
  version: SecretVersion,
  withValue: boolean
): Reply {
  return {
    status: 200,
    body: secretBundle(context.vaultUrl(), secret, version, { withValue })
  }
}
