/**
 * Caller identity on AWS (Lambda behind API Gateway with AWS_IAM): API Gateway has verified the SigV4 signature and
 * names the caller in `requestContext.identity`. Callers signing with temporary credentials of the keyless role
 * (`assumed-role/<PROXY_KEYLESS_ROLE_NAME>/<session>`) must also send their Google ID token, verified against
 * Google's published keys and bound to the session name (trustedIdentity.ts); their identity is the token's email.
 * Every other IAM caller (access-key mode) is its own ARN, as before. Failures are logged and answered 403.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ForbiddenError } from '../errors';
import type { Caller } from '../service';
import { createOidcVerifier, GOOGLE_ISSUERS, GOOGLE_JWKS_URL, type OidcVerifier } from './oidcVerifier';
import { identityName, sessionNameOfAssumedRoleArn, verifyTrustedIdentity } from './trustedIdentity';
import type { Logger } from '../logger';

export interface KeylessTrust {
  roleName: string;
  verifier: OidcVerifier;
  /** Google Workspace domain the verified email must belong to (IAM has no condition key for it). */
  domain?: string;
}

/** Keyless trust from env PROXY_KEYLESS_ROLE_NAME + PROXY_OIDC_AUDIENCE (Google's issuer and keys), else undefined. */
export function keylessTrustFromEnv(env: Record<string, string | undefined>): KeylessTrust | undefined {
  const roleName = env.PROXY_KEYLESS_ROLE_NAME?.trim();
  const audiences = (env.PROXY_OIDC_AUDIENCE ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (!roleName && audiences.length === 0) return undefined;
  if (!roleName || audiences.length === 0)
    throw new Error('Set both PROXY_KEYLESS_ROLE_NAME and PROXY_OIDC_AUDIENCE, or neither.');
  const domain = env.PROXY_KEYLESS_DOMAIN?.trim().toLowerCase() || undefined;
  return { roleName, domain, verifier: createOidcVerifier({ issuers: GOOGLE_ISSUERS, audiences }, GOOGLE_JWKS_URL) };
}

/** The role name of an assumed-role ARN. */
function roleOf(arn: string): string | undefined {
  return /^arn:aws:sts::\d{12}:assumed-role\/(?:[\w+=,.@-]+\/)*?([\w+=,.@-]+)\/[\w+=,.@-]+$/.exec(arn)?.[1];
}

export function createLambdaAuthenticator(
  trust: KeylessTrust | undefined,
  log: Logger,
  now: () => Date = () => new Date(),
): (event: APIGatewayProxyEvent) => Promise<Caller> {
  return async (event) => {
    const identity = event.requestContext?.identity;
    const who = identity?.userArn || identity?.caller || identity?.accessKey;
    if (!who) throw new ForbiddenError();
    if (!trust || roleOf(identity?.userArn ?? '') !== trust.roleName) return { identity: who };
    const session = sessionNameOfAssumedRoleArn(identity?.userArn);
    let verdict =
      session === undefined
        ? { ok: false as const, reason: 'no role session name' }
        : await verifyTrustedIdentity(
            event.multiValueHeaders ?? {},
            { roleSessionName: session },
            trust.verifier,
            now(),
          );
    if (verdict.ok && trust.domain && !verdict.identity.email?.endsWith(`@${trust.domain}`)) {
      verdict = { ok: false, reason: 'verified email is outside the Workspace domain' };
    }
    if (!verdict.ok) {
      log({
        level: 'warn',
        event: 'auth_rejected',
        method: event.httpMethod,
        path: event.path.slice(0, 200),
        reason: verdict.reason,
      });
      throw new ForbiddenError();
    }
    return { identity: identityName(verdict.identity), viewer: true };
  };
}
