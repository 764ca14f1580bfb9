/**
 * AWS Signature Version 4 canonical request and string to sign, shared by the Apps Script signer
 * (connector/src/sigv4/signer.ts) and the proxy's verifier (proxy/src/local/aws/verifySigV4.ts) so both sides build
 * byte-identical text. Pure string functions with no Node or browser APIs: this file is bundled into Apps Script.
 *
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 *
 * Canonical URI for `execute-api` (every service but S3): the path exactly as it travels on the wire (already
 * percent-encoded once) has its dot segments and empty segments removed, then every segment is URI-encoded once
 * more. That is what both SDK signers do — @smithy/signature-v4 (`uriEscapePath` defaults to true:
 * `escapeUri(normalizedPath)`) and botocore (`quote(remove_dot_segments(path), safe='/~')`) — and what API Gateway
 * checks: its "canonical string should have been" errors show `/path/%25C3%25A4` for a wire path `/path/%C3%A4`
 * (https://github.com/furaiev/amazon-cognito-identity-dart-2/issues/57).
 * Relative to the raw, unencoded path this is the "double encoding" the AWS docs mention for non-S3 services.
 */

/** The only algorithm this signer and verifier speak (no SigV4a). */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** Last element of every credential scope. */
export const SCOPE_TERMINATOR = 'aws4_request';

/** A decoded query parameter; repeated keys appear as repeated pairs. */
export type QueryParam = readonly [key: string, value: string];

/** Everything the canonical request is built from. */
export interface CanonicalRequestParts {
  /** HTTP method as sent (upper case). */
  method: string;
  /** Path exactly as sent on the wire (percent-encoded), without the query string. */
  path: string;
  /** Decoded query parameters in any order. */
  query: readonly QueryParam[];
  /** Lower-case header name → values in arrival order (duplicates kept as separate values). */
  headers: ReadonlyMap<string, readonly string[]>;
  /** Lower-case names of the signed headers, sorted and unique; each must be in `headers`. */
  signedHeaders: readonly string[];
  /** Hex SHA-256 of the body, or the request's `x-amz-content-sha256` value. */
  payloadHash: string;
}

/** RFC 3986 percent-encoding of everything but unreserved characters (`A-Za-z0-9-._~`), upper-case hex, UTF-8. */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical URI of a wire path: dot and empty segments removed, each segment encoded once more. */
export function canonicalizeUri(wirePath: string): string {
  const segments: string[] = [];
  for (const segment of wirePath.split('/')) {
    if (segment === '..') {
      segments.pop();
    } else if (segment !== '' && segment !== '.') {
      segments.push(segment);
    }
  }
  if (segments.length === 0) {
    return '/';
  }
  const trailingSlash = wirePath.endsWith('/') ? '/' : '';
  return `/${segments.map(encodeRfc3986).join('/')}${trailingSlash}`;
}

/** Percent-decodes one query component; `+` stays a literal plus, as in SigV4 (not form encoding). */
function decodeQueryComponent(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    throw new Error(`Malformed percent-encoding in query component "${component}"`);
  }
}

/**
 * Splits a raw query string (without `?`) into decoded parameters. A key without `=` has the value ''; empty
 * pieces (`a=1&&b=2`) are ignored. Throws on malformed percent-encoding.
 */
export function parseQueryString(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') {
      continue;
    }
    const equals = piece.indexOf('=');
    const key = equals < 0 ? piece : piece.slice(0, equals);
    const value = equals < 0 ? '' : piece.slice(equals + 1);
    params.push([decodeQueryComponent(key), decodeQueryComponent(value)]);
  }
  return params;
}

/** Code-unit order, which for the ASCII-only encoded strings compared here is byte order. */
function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** Canonical query string: each key and value RFC 3986-encoded, sorted by encoded key, then by encoded value. */
export function canonicalizeQuery(params: readonly QueryParam[]): string {
  return params
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
    .sort((a, b) => compareText(a[0], b[0]) || compareText(a[1], b[1]))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** Canonical value of one header: each value trimmed with inner runs of spaces/tabs collapsed, joined with ','. */
export function canonicalizeHeaderValues(values: readonly string[]): string {
  return values.map((value) => value.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '')).join(',');
}

/** The canonical request text (six lines: method, URI, query, headers block, signed headers, payload hash). */
export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  const headerLines = parts.signedHeaders.map((name) => {
    const values = parts.headers.get(name);
    if (values === undefined) {
      throw new Error(`Signed header "${name}" is not in the request`);
    }
    return `${name}:${canonicalizeHeaderValues(values)}\n`;
  });
  return [
    parts.method,
    canonicalizeUri(parts.path),
    canonicalizeQuery(parts.query),
    headerLines.join(''),
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
}

/** `YYYYMMDD/region/service/aws4_request`. */
export function buildCredentialScope(shortDate: string, region: string, service: string): string {
  return `${shortDate}/${region}/${service}/${SCOPE_TERMINATOR}`;
}

/** The string to sign, given the hex SHA-256 of the canonical request. */
export function buildStringToSign(amzDate: string, credentialScope: string, canonicalRequestHash: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${credentialScope}\n${canonicalRequestHash}`;
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the `x-amz-date` format. */
export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** The Authorization header value, in the `, `-separated form the AWS SDKs send. */
export function formatAuthorization(
  accessKeyId: string,
  credentialScope: string,
  signedHeaders: readonly string[],
  signature: string,
): string {
  return (
    `${SIGV4_ALGORITHM} Credential=${accessKeyId}/${credentialScope}, ` +
    `SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`
  );
}
