/**
 * Hand-written URL splitting for the signer: Apps Script has no `URL` class
 * (docs/reference-looker-studio.md#apps-script-v8-runtime). Only what SigV4 needs: the Host header value, the wire path
 * and the raw query string.
 */

/** The parts of an http(s) URL that SigV4 signs. */
export interface SplitUrl {
  scheme: 'http' | 'https';
  /** Host header value: lower-case host name, plus `:port` unless the scheme's default port. */
  host: string;
  /** The path as sent on the wire (percent-encoded), '/' when empty. */
  path: string;
  /** The query string without `?`, '' when absent. */
  rawQuery: string;
}

const URL_PATTERN = /^(https?):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;
const HOST_PATTERN = /^([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/;
const DEFAULT_PORTS = { http: '80', https: '443' } as const;
/**
 * Characters that may appear in a path or query as sent: RFC 3986 unreserved, sub-delims, ':', '@', '/', '?' and
 * complete %XX escapes. Anything else (space, non-ASCII, `"<>\^`{|}`) would be escaped by the HTTP client before
 * sending, so the signature computed here would no longer match what the server sees.
 */
const WIRE_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

/**
 * Splits an absolute http(s) URL that is already in wire form (percent-encoded). Throws on anything else, so a
 * URL the HTTP client would rewrite is caught before it produces a signature the server rejects.
 */
export function splitUrl(url: string): SplitUrl {
  const match = URL_PATTERN.exec(url);
  if (!match) {
    throw new Error(`SigV4: not an absolute http(s) URL: ${url}`);
  }
  const scheme = match[1].toLowerCase() as 'http' | 'https';
  const hostMatch = HOST_PATTERN.exec(match[2].toLowerCase());
  if (!hostMatch) {
    throw new Error(`SigV4: unsupported host in URL: ${url}`);
  }
  const path = match[3] === '' ? '/' : match[3];
  const rawQuery = match[4] ?? '';
  if (!WIRE_CHARS.test(path) || !WIRE_CHARS.test(rawQuery)) {
    throw new Error(`SigV4: URL must be percent-encoded (RFC 3986) before signing: ${url}`);
  }
  const port = hostMatch[2];
  const host = port === undefined || port === DEFAULT_PORTS[scheme] ? hostMatch[1] : `${hostMatch[1]}:${port}`;
  return { scheme, host, path, rawQuery };
}

const EXECUTE_API_HOST =
  /^[^.]+\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?(?::\d+)?$/;

/**
 * The AWS region of an API Gateway default endpoint host (`<api-id>.execute-api.<region>.amazonaws.com`, also the
 * `.vpce.` and China forms), or undefined for any other host (custom domains, a local proxy): the caller then uses
 * its configured region.
 */
export function regionFromExecuteApiHost(host: string): string | undefined {
  const match = EXECUTE_API_HOST.exec(host.toLowerCase());
  return match ? match[1] : undefined;
}
