/**
 * Verifies an AWS SigV4 Authorization header the way API Gateway's AWS_IAM authorizer does, so the local proxy
 * accepts exactly what a deployed API accepts: the connector's signer, the AWS SDKs, botocore (test/sigv4).
 * The canonical request comes from the connector's own pure module, so both sides cannot drift apart.
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 *
 * Stricter than the spec in two places, both to close smuggling gaps: headers that carry signing inputs
 * (authorization, host, x-amz-date, x-amz-security-token, x-amz-content-sha256) must occur once, and a session
 * token must be signed.
 */
import { createHash, createHmac } from 'node:crypto';
import {
  buildCanonicalRequest,
  buildCredentialScope,
  buildStringToSign,
  parseQueryString,
  type QueryParam,
  SCOPE_TERMINATOR,
} from '../../../../protocol/sigv4Canonical';
import { type ParsedAuthorization, parseAuthorization } from '../../auth';
import type { CredentialLookup, StoredCredential } from './credentialStore';
import {
  checkRequestShape,
  checkSessionToken,
  collectHeaders,
  describeUnknownKey,
  equalsInConstantTime,
  findDuplicatedSigningHeader,
} from './requestPolicy';

/** A request as the HTTP layer received it. */
export interface VerifiableRequest {
  method: string;
  /** The request-target path exactly as received, still percent-encoded (node: `req.url` up to `?`). */
  path: string;
  /**
   * Either the raw query string without `?` (node: `req.url` after `?`; preferred, it is what was signed) or
   * decoded multi-value parameters (API Gateway events: `multiValueQueryStringParameters`).
   */
  query: string | Readonly<Record<string, readonly string[] | undefined>>;
  /**
   * Header name (any case) → value(s). Pass node's `req.headersDistinct` (or an API Gateway event's
   * `multiValueHeaders`), NOT `req.headers`: node silently drops duplicate Authorization/Host headers there.
   */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Buffer | string;
}

/** What a valid request must match: known keys, the API's region and service, and the current time. */
export interface VerifyOptions {
  credentials: CredentialLookup;
  region: string;
  /** Default `execute-api`. */
  service?: string;
  now: Date;
  /** Allowed distance between `x-amz-date` and `now`; default 5 minutes, as AWS. */
  maxSkewMs?: number;
}

/** `reason` is for server logs only (the caller gets a generic 403); it never contains a secret or signature. */
export type VerifyResult = { ok: true; identity: string; accessKeyId: string } | { ok: false; reason: string };

function toQueryParams(query: VerifiableRequest['query']): QueryParam[] {
  if (typeof query === 'string') {
    return parseQueryString(query);
  }
  return Object.entries(query).flatMap(([key, values]) => (values ?? []).map((value): QueryParam => [key, value]));
}

function computeHmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** The signature the request should carry, or a rejection reason when it cannot be canonicalized. */
function computeExpectedSignature(
  request: VerifiableRequest,
  auth: ParsedAuthorization,
  headers: Map<string, string[]>,
  stored: StoredCredential,
): { signature: string } | { reason: string } {
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  const declaredHash = headers.get('x-amz-content-sha256')?.[0];
  if (declaredHash !== undefined && declaredHash !== bodyHash) {
    return { reason: 'x-amz-content-sha256 does not match the body' };
  }
  let canonicalRequest: string;
  try {
    canonicalRequest = buildCanonicalRequest({
      method: request.method,
      path: request.path,
      query: toQueryParams(request.query),
      headers,
      signedHeaders: auth.signedHeaders,
      payloadHash: bodyHash,
    });
  } catch (err) {
    return { reason: `request cannot be canonicalized: ${(err as Error).message.slice(0, 120)}` };
  }
  const scope = buildCredentialScope(auth.shortDate, auth.region, auth.service);
  const canonicalHash = createHash('sha256').update(canonicalRequest, 'utf8').digest('hex');
  const stringToSign = buildStringToSign(headers.get('x-amz-date')?.[0] ?? '', scope, canonicalHash);
  let key: Buffer = computeHmac(`AWS4${stored.secretAccessKey}`, auth.shortDate);
  for (const part of [auth.region, auth.service, SCOPE_TERMINATOR]) {
    key = computeHmac(key, part);
  }
  return { signature: computeHmac(key, stringToSign).toString('hex') };
}

/** Checks the request's SigV4 Authorization header; never throws for bad input, it rejects instead. */
export function verifySigV4(request: VerifiableRequest, options: VerifyOptions): VerifyResult {
  const headers = collectHeaders(request.headers);
  const authorization = headers.get('authorization');
  if (authorization === undefined) {
    return { ok: false, reason: 'missing Authorization header' };
  }
  const duplicated = findDuplicatedSigningHeader(headers);
  if (duplicated !== undefined) {
    return { ok: false, reason: `duplicate ${duplicated} header` };
  }
  const parsed = parseAuthorization(authorization[0]);
  if (!parsed.ok) {
    return parsed;
  }
  const auth = parsed.authorization;
  const shapeProblem = checkRequestShape(auth, headers, { ...options, service: options.service ?? 'execute-api' });
  if (shapeProblem !== undefined) {
    return { ok: false, reason: shapeProblem };
  }
  const stored = options.credentials(auth.accessKeyId);
  if (stored === undefined) {
    return { ok: false, reason: describeUnknownKey(auth.accessKeyId) };
  }
  const tokenProblem = checkSessionToken(stored, auth, headers);
  if (tokenProblem !== undefined) {
    return { ok: false, reason: tokenProblem };
  }
  const expected = computeExpectedSignature(request, auth, headers, stored);
  if ('reason' in expected) {
    return { ok: false, reason: expected.reason };
  }
  if (!equalsInConstantTime(expected.signature, auth.signature)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true, identity: stored.identity, accessKeyId: auth.accessKeyId };
}
