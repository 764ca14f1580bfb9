/**
 * The local stand-in for AWS STS `AssumeRoleWithWebIdentity` (docs/keyless.md#local): same parameters (form body
 * or query string), same XML answer and error shapes, same validation order as AWS documents it — request shape,
 * then the web identity token (signature, issuer, expiry), then the role's trust condition on the audience.
 * Sources: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html and
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 */
import { randomUUID } from 'node:crypto';
import type { OidcVerifier, VerifiedIdentity } from '../../auth';
import { stsErrorXml, stsSuccessXml, type StsError } from './stsXml';
import type { TemporaryCredentialStore } from './temporaryCredentials';
import type { Logger } from '../../logger';

export interface StsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface StsDeps {
  verifier: OidcVerifier;
  store: TemporaryCredentialStore;
  now: () => Date;
  log: Logger;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** A role's default MaxSessionDuration; STS refuses longer sessions unless the role allows them. */
const MAX_SESSION_SECONDS = 3600;
const MIN_SESSION_SECONDS = 900;

/** Merges query and form parameters as STS does (a parameter given twice is refused, not guessed). */
export function readStsParams(rawQuery: string, body: string, contentType: string | undefined): URLSearchParams {
  const merged = new URLSearchParams(rawQuery);
  if (body && /^application\/x-www-form-urlencoded/i.test(contentType ?? 'application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body)) merged.append(key, value);
  }
  return merged;
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

function validation(message: string): StsError {
  return { status: 400, code: 'ValidationError', message };
}

/** What a well-formed AssumeRoleWithWebIdentity call asks for. */
interface StsRequest {
  roleArn: string;
  sessionName: string;
  seconds: number;
  token: string;
}

/** Shape checks; the first failure wins, as AWS reports one error per call. */
function checkRequest(params: URLSearchParams): StsError | StsRequest {
  const action = single(params, 'Action');
  if (action !== 'AssumeRoleWithWebIdentity' || single(params, 'Version') !== '2011-06-15') {
    return {
      status: 400,
      code: 'InvalidAction',
      message: `Could not find operation ${String(action).slice(0, 64)} for version ${String(single(params, 'Version')).slice(0, 16)}`,
    };
  }
  const roleArn = single(params, 'RoleArn');
  const sessionName = single(params, 'RoleSessionName');
  const token = single(params, 'WebIdentityToken');
  if (roleArn === undefined || sessionName === undefined || token === undefined) {
    const missing =
      roleArn === undefined ? 'roleArn' : sessionName === undefined ? 'roleSessionName' : 'webIdentityToken';
    return validation(
      `1 validation error detected: Value null at '${missing}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const problem = checkValues(roleArn, sessionName, token);
  if (problem) return problem;
  const seconds = checkDuration(params.get('DurationSeconds'));
  return typeof seconds === 'number' ? { roleArn, sessionName, seconds, token } : seconds;
}

/** The role ARN, session name and token against the patterns and lengths STS enforces. */
function checkValues(roleArn: string, sessionName: string, token: string): StsError | undefined {
  if (!ROLE_ARN.test(roleArn)) return validation(`${roleArn.slice(0, 100)} is invalid`);
  if (!SESSION_NAME.test(sessionName)) {
    return validation(
      "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  }
  if (token.length < 4 || token.length > 20_000) {
    return validation(
      "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length between 4 and 20000",
    );
  }
  return undefined;
}

/** The session length asked for (the role's maximum when absent), or why it is refused. */
function checkDuration(duration: string | null): StsError | number {
  const seconds = duration === null ? MAX_SESSION_SECONDS : Number(duration);
  if (!Number.isInteger(seconds) || seconds < MIN_SESSION_SECONDS) {
    return validation(
      "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  }
  if (seconds > MAX_SESSION_SECONDS) {
    return validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return seconds;
}

/** The STS error for a web identity token the verifier refused. */
function tokenRejection(problem: string): StsError {
  switch (problem) {
    case 'expired':
      return {
        status: 400,
        code: 'ExpiredTokenException',
        message: 'Token expired: the web identity token is past its expiration time.',
      };
    case 'audience':
      // The role's trust policy condition on the audience does not hold (docs/keyless.md#deploying-find-the-client-id-fill-the-parameters).
      return { status: 403, code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' };
    case 'unavailable':
      return {
        status: 400,
        code: 'IDPCommunicationError',
        message: "Couldn't retrieve verification key from your identity provider.",
      };
    default:
      return { status: 400, code: 'InvalidIdentityToken', message: 'The web identity token could not be validated.' };
  }
}

/** Answers one STS call; never throws for bad input. */
export async function answerSts(params: URLSearchParams, deps: StsDeps): Promise<StsAnswer> {
  const requestId = randomUUID();
  const headers = { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
  const fail = (error: StsError): StsAnswer => ({ status: error.status, headers, body: stsErrorXml(error, requestId) });
  const request = checkRequest(params);
  if ('code' in request) return fail(request);
  const verdict = await deps.verifier.verify(request.token, deps.now());
  if (!verdict.ok) {
    deps.log({ level: 'warn', event: 'sts_rejected', problem: verdict.problem, reason: verdict.reason });
    return fail(tokenRejection(verdict.problem));
  }
  return { status: 200, headers, body: issueSession(request, verdict.identity, { deps, requestId }) };
}

/** Issues the temporary credential of an assumed-role session, logs it, and answers it as STS's XML. */
function issueSession(
  request: StsRequest,
  identity: VerifiedIdentity,
  { deps, requestId }: { deps: StsDeps; requestId: string },
): string {
  const [, account, rolePath, roleName] = ROLE_ARN.exec(request.roleArn) as RegExpExecArray;
  const credential = deps.store.issue(
    { identity, roleArn: request.roleArn, roleSessionName: request.sessionName },
    request.seconds,
  );
  deps.log({
    level: 'info',
    event: 'sts_issued',
    subject: identity.subject,
    email: identity.email,
    accessKeyId: credential.accessKeyId,
    expiresAt: new Date(credential.expiresAt).toISOString(),
  });
  return stsSuccessXml(
    {
      subject: identity.subject,
      audience: identity.audience,
      provider: identity.issuer,
      assumedRoleArn: `arn:aws:sts::${account}:assumed-role/${rolePath}${roleName}/${request.sessionName}`,
      assumedRoleId: `AROA${account}LOCAL:${request.sessionName}`,
      credential,
    },
    requestId,
  );
}
