/**
 * Synchronous AWS SigV4 signer for the Apps Script connector. `@smithy/signature-v4` is async and `getData` must
 * return synchronously (docs/reference-tooling.md#synchronous-sigv4-signer), so this signer does the same work on a
 * synchronous crypto port backed by Apps Script's `Utilities` (connector/src/gas/utilitiesCrypto.ts). No Node or
 * browser APIs are used: test/sigv4 runs it in a bare `vm` context and checks it against @smithy/signature-v4, botocore
 * and the AWS SigV4 test-suite vectors.
 */
import { bytesToHex, encodeUtf8 } from './bytes';
import {
  buildCanonicalRequest,
  buildCredentialScope,
  buildStringToSign,
  formatAmzDate,
  formatAuthorization,
  parseQueryString,
  SCOPE_TERMINATOR,
} from '../../../protocol/sigv4Canonical';
import { splitUrl } from './url';

/**
 * SHA-256 and HMAC-SHA256 over SIGNED bytes (−128…127) in and out, exactly like
 * `Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, bytes)` and
 * `Utilities.computeHmacSignature(Utilities.MacAlgorithm.HMAC_SHA_256, message, key)`.
 */
export interface SigV4Crypto {
  sha256(bytes: number[]): number[];
  hmacSha256(key: number[], message: number[]): number[];
}

/** The IAM access key to sign with (from the connector's PATH_USER_PASS credentials). */
export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present for temporary (STS) credentials; sent and signed as `x-amz-security-token`. */
  sessionToken?: string;
}

/** Where the signature is valid: region and service of the credential scope. */
export interface SigV4Scope {
  region: string;
  /** `execute-api` for API Gateway. */
  service: string;
}

/** The request to sign, as it will be handed to `UrlFetchApp.fetch`. */
export interface SignableRequest {
  /** Any case; signed and meant to be sent upper case. */
  method: string;
  /** Absolute URL exactly as it will be sent: percent-encoded (RFC 3986), else signRequest throws. */
  url: string;
  /** Extra headers to send and sign (any name case; at most one entry per name). */
  headers?: Record<string, string>;
  /** UTF-8 body text; '' or absent for none. */
  body?: string;
}

/**
 * Headers an HTTP client or proxy may add, drop or rewrite in transit (hop-by-hop, user agent, tracing), so a
 * signature over them would break; left unsigned, as both @smithy/signature-v4 and botocore do.
 */
const UNSIGNABLE_HEADERS = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);
/** Headers the signer itself sets: caller values for them are replaced, never sent twice. */
const SIGNER_HEADERS = new Set(['authorization', 'host', 'x-amz-date', 'x-amz-security-token']);

/** The caller's headers minus the ones the signer sets, failing on names that differ only by case. */
function collectCallerHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  const seen = new Set<string>();
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) {
      throw new Error(`SigV4: header "${lower}" is given more than once`);
    }
    seen.add(lower);
    if (!SIGNER_HEADERS.has(lower)) {
      kept[name] = headers[name];
    }
  }
  return kept;
}

/** Lower-case name → [value] for every signable header. */
function toSignableHeaderMap(headers: Record<string, string>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (!UNSIGNABLE_HEADERS.has(lower)) {
      map.set(lower, [headers[name]]);
    }
  }
  return map;
}

/** kSigning = HMAC chain over date, region, service and the terminator, keyed by "AWS4" + secret. */
function deriveSigningKey(
  crypto: SigV4Crypto,
  secretAccessKey: string,
  shortDate: string,
  scope: SigV4Scope,
): number[] {
  let key = encodeUtf8(`AWS4${secretAccessKey}`);
  for (const part of [shortDate, scope.region, scope.service, SCOPE_TERMINATOR]) {
    key = crypto.hmacSha256(key, encodeUtf8(part));
  }
  return key;
}

/** Who signs (credentials), for what (scope), when (now), and with which hash functions (crypto). */
export interface SigningContext {
  credentials: SigV4Credentials;
  scope: SigV4Scope;
  now: Date;
  crypto: SigV4Crypto;
}

/**
 * Signs a request with AWS SigV4 (Authorization header form) and returns every header to send: the caller's
 * headers plus `host`, `x-amz-date`, `x-amz-security-token` (with a session token) and `authorization`.
 * The payload hash is the caller's `x-amz-content-sha256` header when given (as the AWS SDKs do), else the
 * SHA-256 of the UTF-8 body; the header is not added, API Gateway does not need it.
 */
export function signRequest(request: SignableRequest, signing: SigningContext): Record<string, string> {
  const { credentials, scope, now, crypto } = signing;
  const url = splitUrl(request.url);
  const amzDate = formatAmzDate(now);
  const headers: Record<string, string> = {
    ...collectCallerHeaders(request.headers ?? {}),
    host: url.host,
    'x-amz-date': amzDate,
  };
  if (credentials.sessionToken) {
    headers['x-amz-security-token'] = credentials.sessionToken;
  }
  const headerMap = toSignableHeaderMap(headers);
  const signedHeaders = [...headerMap.keys()].sort();
  const payloadHash =
    headerMap.get('x-amz-content-sha256')?.[0] ?? bytesToHex(crypto.sha256(encodeUtf8(request.body ?? '')));
  const canonicalRequest = buildCanonicalRequest({
    method: request.method.toUpperCase(),
    path: url.path,
    query: parseQueryString(url.rawQuery),
    headers: headerMap,
    signedHeaders,
    payloadHash,
  });
  const credentialScope = buildCredentialScope(amzDate.slice(0, 8), scope.region, scope.service);
  const canonicalRequestHash = bytesToHex(crypto.sha256(encodeUtf8(canonicalRequest)));
  const stringToSign = buildStringToSign(amzDate, credentialScope, canonicalRequestHash);
  const signingKey = deriveSigningKey(crypto, credentials.secretAccessKey, amzDate.slice(0, 8), scope);
  const signature = bytesToHex(crypto.hmacSha256(signingKey, encodeUtf8(stringToSign)));
  headers.authorization = formatAuthorization(credentials.accessKeyId, credentialScope, signedHeaders, signature);
  return headers;
}
