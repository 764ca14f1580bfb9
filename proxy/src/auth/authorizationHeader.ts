/**
 * Strict parser of a SigV4 `Authorization` header:
 * `AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=a;b, Signature=<hex>`.
 * Rejection reasons are for server logs; they never repeat the signature.
 */
import { SIGV4_ALGORITHM } from '../../../protocol/sigv4Canonical';

/** The Authorization header's parts, already checked for shape (not yet for meaning). */
export interface ParsedAuthorization {
  accessKeyId: string;
  /** `YYYYMMDD` from the credential scope. */
  shortDate: string;
  region: string;
  service: string;
  terminator: string;
  /** Lower-case, strictly ascending (sorted, no duplicates). */
  signedHeaders: string[];
  /** 64 lower-case hex digits. */
  signature: string;
}

/** The parsed header, or why it is malformed. */
export type ParseResult = { ok: true; authorization: ParsedAuthorization } | { ok: false; reason: string };

const COMPONENT_NAMES = ['Credential', 'SignedHeaders', 'Signature'] as const;
type ComponentName = (typeof COMPONENT_NAMES)[number];
/** A lower-case HTTP token (RFC 9110 §5.6.2), the only form a signed header name can take. */
const HEADER_NAME_PATTERN = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const SIGNATURE_PATTERN = /^[0-9a-f]{64}$/;

function reject(reason: string): ParseResult {
  return { ok: false, reason };
}

/** Splits `k=v, k=v, k=v` into the three known components, each exactly once. */
function splitComponents(text: string): Map<ComponentName, string> | string {
  const components = new Map<ComponentName, string>();
  for (const piece of text.split(',')) {
    const equals = piece.indexOf('=');
    const name = piece.slice(0, Math.max(equals, 0)).trim() as ComponentName;
    if (equals < 0 || !COMPONENT_NAMES.includes(name)) {
      return 'malformed Authorization header: unexpected component';
    }
    if (components.has(name)) {
      return `malformed Authorization header: ${name} given twice`;
    }
    components.set(name, piece.slice(equals + 1).trim());
  }
  const missing = COMPONENT_NAMES.find((name) => !components.has(name));
  return missing ? `malformed Authorization header: no ${missing}` : components;
}

/** Signed header names must be valid, lower-case and strictly ascending, as every SigV4 signer emits them. */
function isCanonicalHeaderList(names: readonly string[]): boolean {
  return names.every((name, index) => HEADER_NAME_PATTERN.test(name) && (index === 0 || names[index - 1] < name));
}

/** Parses the header value; any deviation from the canonical shape is a rejection. */
export function parseAuthorization(header: string): ParseResult {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    // The value is not echoed: a malformed header could carry a signature.
    return reject('unsupported Authorization algorithm');
  }
  const components = splitComponents(header.slice(space + 1));
  if (typeof components === 'string') {
    return reject(components);
  }
  const credential = (components.get('Credential') ?? '').split('/');
  if (credential.length !== 5 || credential.some((part) => part === '')) {
    return reject('malformed Authorization header: Credential is not key/date/region/service/terminator');
  }
  const [accessKeyId, shortDate, region, service, terminator] = credential;
  if (!/^\d{8}$/.test(shortDate)) {
    return reject('malformed Authorization header: credential date is not YYYYMMDD');
  }
  const signedHeaders = (components.get('SignedHeaders') ?? '').split(';');
  if (!isCanonicalHeaderList(signedHeaders)) {
    return reject('malformed Authorization header: SignedHeaders is not a sorted list of lower-case names');
  }
  const signature = components.get('Signature') ?? '';
  if (!SIGNATURE_PATTERN.test(signature)) {
    return reject('malformed Authorization header: Signature is not 64 lower-case hex digits');
  }
  return { ok: true, authorization: { accessKeyId, shortDate, region, service, terminator, signedHeaders, signature } };
}
