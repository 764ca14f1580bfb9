/**
 * The trusted identity of a keyless caller (docs/keyless.md#trusted-identity, SECURITY.md). The caller picks its
 * STS role session name, so that name alone proves nothing; the identity comes from the OpenID Connect ID token the
 * connector sends (signed) in {@link IDENTITY_TOKEN_HEADER}, verified here, and it must name the same user as the
 * STS session the signing credentials belong to:
 * - locally, the session record made by the local STS endpoint (subject and issuer of the token it was issued for);
 * - on AWS, the role session name in API Gateway's `userArn`, which the connector sets to the token's subject.
 * Any mismatch, a missing or unsigned header, or a token that fails verification is a plain 403.
 */
import { IDENTITY_TOKEN_HEADER } from '../../../protocol/contract';
import { parseAuthorization } from './authorizationHeader';
import type { OidcVerifier, VerifiedIdentity } from './oidcVerifier';

/** What the STS side established about the signing credentials. */
export interface SessionEvidence {
  /** Subject and issuer of the token the credentials were issued for, when known (local STS). */
  subject?: string;
  issuer?: string;
  /** The role session name (always known: from the session record, or the assumed-role ARN). */
  roleSessionName: string;
}

export type TrustedIdentityResult = { ok: true; identity: VerifiedIdentity } | { ok: false; reason: string };

/** `email` when the issuer verified one, else the issuer-scoped subject; the name rules match against. */
export function identityName(identity: VerifiedIdentity): string {
  return identity.email ?? `sub:${identity.subject}`;
}

/** The role session name of `arn:aws:sts::<account>:assumed-role/<role>/<session>`, else undefined. */
export function sessionNameOfAssumedRoleArn(arn: string | undefined | null): string | undefined {
  const match = /^arn:aws:sts::\d{12}:assumed-role\/[\w+=,.@/-]+\/([\w+=,.@-]{2,64})$/.exec(arn ?? '');
  return match?.[1];
}

/**
 * Verifies the identity header of a SigV4-verified request and binds it to the session. `headers` are the request's
 * multi-value headers (any case); `authorization` is the already verified Authorization header.
 */
export async function verifyTrustedIdentity(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  session: SessionEvidence,
  verifier: OidcVerifier,
  now: Date,
): Promise<TrustedIdentityResult> {
  const values: string[] = [];
  let authorization: string | undefined;
  for (const [name, value] of Object.entries(headers)) {
    const list = value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
    if (name.toLowerCase() === IDENTITY_TOKEN_HEADER) values.push(...list);
    if (name.toLowerCase() === 'authorization') authorization = list[0];
  }
  if (values.length !== 1)
    return { ok: false, reason: values.length === 0 ? 'no identity token' : 'identity token given twice' };
  const parsed = authorization === undefined ? undefined : parseAuthorization(authorization);
  if (!parsed?.ok || !parsed.authorization.signedHeaders.includes(IDENTITY_TOKEN_HEADER)) {
    return { ok: false, reason: 'identity token header is not signed' };
  }
  const verdict = await verifier.verify(values[0].trim(), now);
  if (!verdict.ok) return { ok: false, reason: `identity token ${verdict.problem}: ${verdict.reason}` };
  const identity = verdict.identity;
  if (session.roleSessionName !== identity.subject) {
    return { ok: false, reason: 'role session name is not the identity token subject' };
  }
  if (session.subject !== undefined && (session.subject !== identity.subject || session.issuer !== identity.issuer)) {
    return { ok: false, reason: 'identity token names another user than the STS session' };
  }
  return { ok: true, identity };
}
