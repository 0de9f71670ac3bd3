import { randomBytes, randomUUID } from 'node:crypto'
import { headerValue, type EmulatorRequest, type Reply } from '../http-io.ts'
import type { Scenario } from '../scenario.ts'
import type { Route, ServiceDefinition } from '../server.ts'
import type { SigningKey } from '../signing-keys.ts'

/** GitHub's OIDC issuer; Entra federated credentials name it without a trailing slash. */
export const githubIssuer = 'https://token.actions.githubusercontent.com'

/** Path of the Actions runtime's ID-token endpoint. */
export const idTokenPath = '/_apis/distributedtask/idtoken'

/** The workflow job a runtime token stands for: what its OIDC tokens claim. */
export type GitHubJob = Scenario['github']

/** What the OIDC token service needs. */
export interface GitHubContext {
  key: SigningKey
  issuedTokens: string[]
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN values and the job each one belongs to. */
  jobs: Map<string, GitHubJob>
}

/** Registers a job and returns its runtime token, as a runner does per job. */
export function addJob(context: GitHubContext, job: GitHubJob): string {
  const runtimeToken = randomBytes(24).toString('base64url')
  context.jobs.set(runtimeToken, job)
  return runtimeToken
}

// GitHub's tokens live a few minutes; long enough for one sign-in.
const defaultLifetimeSeconds = 300

/**
 * The Actions runtime's ID-token service as @actions/core 3 calls it (auth.md,
 * hop 1): `GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=<aud>` with
 * `Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>` → `{"value":"<JWT>"}`.
 */
export function githubService(context: GitHubContext): ServiceDefinition {
  return {
    service: 'github',
    route(req): Route {
      if (req.method === 'GET' && req.url.pathname === idTokenPath) {
        return {
          operationId: 'GitHub_GetIdToken',
          respond: (r) => issueIdToken(context, r)
        }
      }
      return {
        respond: () => ({ status: 404, body: { message: 'Not Found' } })
      }
    },
    renderFault: (fault) => ({
      status: fault.status,
      body: {
        message: fault.message ?? `Injected fault: HTTP ${fault.status}.`
      },
      ...(fault.retryAfterSeconds === undefined
        ? {}
        : { headers: { 'Retry-After': String(fault.retryAfterSeconds) } })
    })
  }
}

async function issueIdToken(
  context: GitHubContext,
  req: EmulatorRequest
): Promise<Reply> {
  const authorization = headerValue(req.headers, 'authorization') ?? ''
  const job = context.jobs.get(authorization.replace(/^Bearer\s+/i, ''))
  if (!job) return { status: 401, body: { message: 'Bad credentials' } }
  const owner = job.repository.split('/')[0] ?? ''
  const audience =
    req.url.searchParams.get('audience') ?? `https://github.com/${owner}`
  const now = Math.floor(Date.now() / 1000)
  const exp = now + (job.tokenLifetimeSeconds ?? defaultLifetimeSeconds)
  // An already-expired token was issued one default lifetime before it expired.
  const iat = Math.min(now, exp - defaultLifetimeSeconds)
  const token = await context.key.sign({
    jti: randomUUID(),
    sub: job.subject,
    aud: audience,
    ref: job.ref,
    sha: job.sha,
    repository: job.repository,
    repository_owner: owner,
    run_id: job.runId,
    run_number: '1',
    run_attempt: '1',
    actor: job.actor,
    workflow: job.workflow,
    event_name: 'workflow_dispatch',
    ref_type: 'branch',
    job_workflow_ref: `${job.repository}/.github/workflows/reset-vm-access.yml@${job.ref}`,
    runner_environment: 'github-hosted',
    ...(job.environment ? { environment: job.environment } : {}),
    iss: githubIssuer,
    nbf: iat - 5,
    exp,
    iat
  })
  context.issuedTokens.push(token)
  return { status: 200, body: { count: 1, value: token } }
}
