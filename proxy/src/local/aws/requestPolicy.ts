/**
 * The checks of SigV4 verification that need no secret: header collection, credential scope, request time,
 * required signed headers and the session-token rule. Each check returns a log-only rejection reason or undefined.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SCOPE_TERMINATOR } from '../../../../protocol/sigv4Canonical';
import type { ParsedAuthorization } from '../../auth';
import type { StoredCredential } from './credentialStore';

/** What the scope and time checks compare against. */
export interface ScopePolicy {
  region: string;
  service: string;
  now: Date;
  /** Default 5 minutes, as AWS. */
  maxSkewMs?: number;
}

const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;
/** Headers that feed the signature check itself: a second copy could make the checker and the app disagree. */
const SINGLE_VALUED_HEADERS = ['authorization', 'host', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];
const REQUIRED_SIGNED_HEADERS = ['host', 'x-amz-date'];
const AMZ_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Client-supplied text for a log line: bounded and JSON-quoted so it cannot forge log lines. */
function quote(text: string): string {
  return JSON.stringify(text.slice(0, 64));
}

/** Lower-case name → all values, merging keys that differ only by case; names without a value are left out. */
export function collectHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    if (values.length > 0) {
      const lower = name.toLowerCase();
      map.set(lower, [...(map.get(lower) ?? []), ...values]);
    }
  }
  return map;
}

/** The first signing header that occurs more than once, if any. */
export function findDuplicatedSigningHeader(headers: Map<string, string[]>): string | undefined {
  return SINGLE_VALUED_HEADERS.find((name) => (headers.get(name)?.length ?? 0) > 1);
}

/** Milliseconds of a valid `YYYYMMDDTHHMMSSZ`, else undefined (also for impossible dates like month 13). */
function parseAmzDate(value: string): number | undefined {
  const m = AMZ_DATE_PATTERN.exec(value);
  if (!m) {
    return undefined;
  }
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '') === value ? ms : undefined;
}

/** Constant-time equality of two strings of any length (compares their SHA-256 digests). */
export function equalsInConstantTime(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function checkScope(auth: ParsedAuthorization, policy: ScopePolicy): string | undefined {
  if (auth.terminator !== SCOPE_TERMINATOR) {
    return 'credential scope terminator is not aws4_request';
  }
  if (auth.service !== policy.service) {
    return `credential scope service ${quote(auth.service)} is not "${policy.service}"`;
  }
  return auth.region === policy.region
    ? undefined
    : `credential scope region ${quote(auth.region)} is not "${policy.region}"`;
}

function checkRequestTime(
  auth: ParsedAuthorization,
  amzDate: string | undefined,
  policy: ScopePolicy,
): string | undefined {
  const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || signedAt === undefined) {
    return 'missing or malformed x-amz-date header';
  }
  if (amzDate.slice(0, 8) !== auth.shortDate) {
    return 'credential scope date does not match x-amz-date';
  }
  const skewMs = Math.abs(policy.now.getTime() - signedAt);
  const allowedMs = policy.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  return skewMs > allowedMs ? `x-amz-date is ${Math.round(skewMs / 1000)} s away from now` : undefined;
}

/** Scope, request time, and that host, x-amz-date and every signed header are where they must be. */
export function checkRequestShape(
  auth: ParsedAuthorization,
  headers: Map<string, string[]>,
  policy: ScopePolicy,
): string | undefined {
  const problem = checkScope(auth, policy) ?? checkRequestTime(auth, headers.get('x-amz-date')?.[0], policy);
  if (problem !== undefined) {
    return problem;
  }
  const unsigned = REQUIRED_SIGNED_HEADERS.find((name) => !auth.signedHeaders.includes(name));
  if (unsigned !== undefined) {
    return `${unsigned} is not signed`;
  }
  const missing = auth.signedHeaders.find((name) => !headers.has(name));
  return missing === undefined ? undefined : `signed header ${quote(missing)} is not in the request`;
}

/** Unknown access keys are logged by id (not a secret), bounded like any other client text. */
export function describeUnknownKey(accessKeyId: string): string {
  return `unknown access key id ${quote(accessKeyId)}`;
}

/** The session-token rule: required, signed and equal when the credential has one; absent otherwise. */
export function checkSessionToken(
  stored: StoredCredential,
  auth: ParsedAuthorization,
  headers: Map<string, string[]>,
): string | undefined {
  const token = headers.get('x-amz-security-token')?.[0];
  if (stored.sessionToken === undefined) {
    return token === undefined ? undefined : 'unexpected x-amz-security-token for a long-term key';
  }
  if (token === undefined || !auth.signedHeaders.includes('x-amz-security-token')) {
    return 'missing or unsigned x-amz-security-token';
  }
  return equalsInConstantTime(token, stored.sessionToken) ? undefined : 'x-amz-security-token does not match';
}
