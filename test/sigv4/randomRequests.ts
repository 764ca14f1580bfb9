/**
 * Seeded random requests for the oracle comparisons (signer vs @smithy/signature-v4 vs botocore): paths with
 * unicode, spaces and reserved characters, repeated and empty query parameters, unicode bodies, session tokens and
 * random header-name case. The wire encoding here is written independently of connector/src/sigv4 (byte-wise over
 * Buffer), so the signer's own encoder is not used to build its inputs.
 */
import fc from 'fast-check';

export interface RandomRequest {
  method: string;
  scheme: 'http' | 'https';
  /** Host header value (with port when not the default). */
  host: string;
  /** Percent-encoded path as sent. */
  wirePath: string;
  /** Decoded query parameters in send order. */
  query: [string, string][];
  /** Percent-encoded query string as sent (no `?`). */
  rawQuery: string;
  /** Extra headers, unique names in random case. */
  headers: Record<string, string>;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Also send x-amz-content-sha256. */
  contentSha256: boolean;
  date: Date;
  region: string;
}

/** The URL as the client sends it. */
export function toUrl(request: RandomRequest): string {
  return `${request.scheme}://${request.host}${request.wirePath}${request.rawQuery ? `?${request.rawQuery}` : ''}`;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** RFC 3986 encoding, byte by byte over the UTF-8 bytes. */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const TEXT_CHARS = [...'abZ09-_.~ /?#&=+%@:;,!*\'()[]$"<>|\\^`{}\t', ...['é', 'ß', 'ሴ', '中', '😀']];
const text = (maxLength: number) => fc.string({ unit: fc.constantFrom(...TEXT_CHARS), maxLength });
const HEADER_VALUE_CHARS = [' ', '\t', 'a', 'Q', '7', '-', ',', ';', '=', '"', '/', ':', '(', ')', '{', '}', '~', '*'];
const headerValue = fc.string({ unit: fc.constantFrom(...HEADER_VALUE_CHARS), maxLength: 24 });
const headerName = fc.stringMatching(/^x-r-[a-z0-9]{1,8}$/);

function randomCase(name: string, mask: number): string {
  return [...name].map((c, i) => ((mask >> (i % 31)) & 1 ? c.toUpperCase() : c)).join('');
}

const hosts = fc.constantFrom(
  { scheme: 'https' as const, host: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com', region: 'eu-west-1' },
  { scheme: 'https' as const, host: 'proxy.example.com', region: 'us-east-1' },
  { scheme: 'http' as const, host: '127.0.0.1:8787', region: 'us-east-1' },
);

const queryParams = fc.array(
  fc.tuple(fc.oneof(text(8), fc.constantFrom('cursor', 'aggregate', 'k')), fc.oneof(text(12), fc.constant(''))),
  { maxLength: 5 },
);

const requestArbitrary = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'post'),
  host: hosts,
  segments: fc.array(fc.oneof(text(10), fc.constantFrom('prod', 'v1', 'queries')), { minLength: 1, maxLength: 4 }),
  trailingSlash: fc.boolean(),
  query: queryParams,
  headers: fc.uniqueArray(fc.tuple(headerName, headerValue), { selector: ([name]) => name, maxLength: 4 }),
  headerCaseMask: fc.integer({ min: 0, max: 2 ** 30 }),
  extraStandardHeaders: fc.boolean(),
  body: fc.oneof(fc.constant(''), text(40), fc.string({ unit: 'grapheme', maxLength: 30 })),
  accessKeyId: fc.stringMatching(/^AKIA[A-Z0-9]{16}$/),
  secretAccessKey: fc.stringMatching(/^[A-Za-z0-9/+]{40}$/),
  sessionToken: fc.option(fc.stringMatching(/^[A-Za-z0-9/+=]{20,80}$/), { nil: undefined }),
  contentSha256: fc.boolean(),
  epochSeconds: fc.integer({ min: 1_577_836_800, max: 1_893_456_000 }),
});

/** `count` reproducible random requests. */
export function sampleRequests(count: number, seed: number): RandomRequest[] {
  return fc.sample(requestArbitrary, { seed, numRuns: count }).map((r) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of r.headers) {
      headers[randomCase(name, r.headerCaseMask)] = value;
    }
    if (r.extraStandardHeaders) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      headers.accept = 'application/json';
    }
    const wirePath = `/${r.segments.map(percentEncode).join('/')}${r.trailingSlash ? '/' : ''}`;
    return {
      method: r.method,
      scheme: r.host.scheme,
      host: r.host.host,
      region: r.host.region,
      wirePath,
      query: r.query,
      rawQuery: r.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&'),
      headers,
      body: r.body,
      accessKeyId: r.accessKeyId,
      secretAccessKey: r.secretAccessKey,
      ...(r.sessionToken === undefined ? {} : { sessionToken: r.sessionToken }),
      contentSha256: r.contentSha256,
      date: new Date(r.epochSeconds * 1000),
    };
  });
}
