/**
 * The local stand-in for AWS STS `AssumeRoleWithWebIdentity` (docs/keyless.md#local): same parameters (form body
 * or query string), same XML answer and error shapes, same validation order as AWS documents it — request shape,
 * then the web identity token (signature, issuer, expiry), then the role's trust condition on the audience.
 * Sources: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html and
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 */
import { randomUUID } from 'node:crypto';
import type { OidcVerifier } from '../../auth';
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

/** Shape checks; the first failure wins, as AWS reports one error per call. */
function checkRequest(
  params: URLSearchParams,
): StsError | { roleArn: string; sessionName: string; seconds: number; token: string } {
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
  const duration = params.get('DurationSeconds');
  if (roleArn === undefined || sessionName === undefined || token === undefined) {
    const missing =
      roleArn === undefined ? 'roleArn' : sessionName === undefined ? 'roleSessionName' : 'webIdentityToken';
    return validation(
      `1 validation error detected: Value null at '${missing}' failed to satisfy constraint: Member must not be null`,
    );
  }
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
  const seconds = duration === null ? MAX_SESSION_SECONDS : Number(duration);
  if (!Number.isInteger(seconds) || seconds < MIN_SESSION_SECONDS) {
    return validation(
      "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  }
  if (seconds > MAX_SESSION_SECONDS) {
    return validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return { roleArn, sessionName, seconds, token };
}

/** Answers one STS call; never throws for bad input. */
export async function answerSts(params: URLSearchParams, deps: StsDeps): Promise<StsAnswer> {
  const requestId = randomUUID();
  const fail = (error: StsError): StsAnswer => ({
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: stsErrorXml(error, requestId),
  });
  const request = checkRequest(params);
  if ('code' in request) return fail(request);
  const now = deps.now();
  const verdict = await deps.verifier.verify(request.token, now);
  if (!verdict.ok) {
    deps.log({ level: 'warn', event: 'sts_rejected', problem: verdict.problem, reason: verdict.reason });
    switch (verdict.problem) {
      case 'expired':
        return fail({
          status: 400,
          code: 'ExpiredTokenException',
          message: 'Token expired: the web identity token is past its expiration time.',
        });
      case 'audience':
        // The role's trust policy condition on the audience does not hold (docs/keyless.md#deploying-find-the-client-id-fill-the-parameters).
        return fail({
          status: 403,
          code: 'AccessDenied',
          message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
        });
      case 'unavailable':
        return fail({
          status: 400,
          code: 'IDPCommunicationError',
          message: "Couldn't retrieve verification key from your identity provider.",
        });
      default:
        return fail({
          status: 400,
          code: 'InvalidIdentityToken',
          message: 'The web identity token could not be validated.',
        });
    }
  }
  const [, account, rolePath, roleName] = ROLE_ARN.exec(request.roleArn) as RegExpExecArray;
  const credential = deps.store.issue(
    { identity: verdict.identity, roleArn: request.roleArn, roleSessionName: request.sessionName },
    request.seconds,
  );
  deps.log({
    level: 'info',
    event: 'sts_issued',
    subject: verdict.identity.subject,
    email: verdict.identity.email,
    accessKeyId: credential.accessKeyId,
    expiresAt: new Date(credential.expiresAt).toISOString(),
  });
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: stsSuccessXml(
      {
        subject: verdict.identity.subject,
        audience: verdict.identity.audience,
        provider: verdict.identity.issuer,
        assumedRoleArn: `arn:aws:sts::${account}:assumed-role/${rolePath}${roleName}/${request.sessionName}`,
        assumedRoleId: `AROA${account}LOCAL:${request.sessionName}`,
        credential,
      },
      requestId,
    ),
  };
}
