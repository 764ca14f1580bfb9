/**
 * Verifies OpenID Connect ID tokens (Google's, or any issuer's) with `jose`: signature against the issuer's published
 * key set (found through its discovery document and cached by jose), issuer, audience and expiry. Used by the local
 * STS endpoint and by the proxy's trusted-identity check (docs/keyless.md#trusted-identity).
 *
 * Only asymmetric algorithms are accepted: `alg: none` and HMAC tokens (whose "key" would be public) are refused.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** The claims the proxy uses; everything else in the token is ignored. */
export interface VerifiedIdentity {
  issuer: string;
  audience: string;
  /** The issuer's stable, unique id of the user (Google: a numeric string). */
  subject: string;
  /** Lower-cased; present only when the issuer says it is verified. */
  email?: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/**
 * Why a token was refused: `expired` (get a new one), `audience` (issued to another client), `invalid` (never valid
 * here: signature, issuer, algorithm, shape), `unavailable` (the issuer's keys could not be fetched).
 */
export type TokenProblem = 'expired' | 'audience' | 'invalid' | 'unavailable';

export type VerifyTokenResult =
  { ok: true; identity: VerifiedIdentity } | { ok: false; problem: TokenProblem; reason: string };

export interface OidcTrust {
  /** The issuer as tokens name it (`iss`), e.g. `https://accounts.google.com`; more spellings may follow. */
  issuers: string[];
  /** Accepted `aud` values (Google: the OAuth client id of the Apps Script project). */
  audiences: string[];
}

export interface OidcVerifier {
  verify(token: string, now?: Date): Promise<VerifyTokenResult>;
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'];
/** ID tokens are a few KB; anything much larger is not one. */
const MAX_TOKEN_LENGTH = 16_384;
/** Clock skew tolerated on `exp`/`iat`/`nbf`, as Google's client libraries do. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Google's documented issuer values and its published key set (https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken). */
export const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];
export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

/** Reads `jwks_uri` from `<issuer>/.well-known/openid-configuration`, checking the document names the same issuer. */
export async function discoverJwksUri(issuer: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const response = await fetchImpl(url, { redirect: 'error' });
  if (!response.ok) throw new Error(`OIDC discovery at ${url} answered HTTP ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (document.issuer !== issuer)
    throw new Error(`OIDC discovery at ${url} names issuer ${JSON.stringify(document.issuer)}`);
  if (typeof document.jwks_uri !== 'string' || !/^https?:\/\//.test(document.jwks_uri)) {
    throw new Error(`OIDC discovery at ${url} has no usable jwks_uri`);
  }
  return document.jwks_uri;
}

/** A verifier over a known key-set URL (jose caches the keys and refetches on an unknown `kid`, rate limited). */
export function createOidcVerifier(trust: OidcTrust, jwksUri: string): OidcVerifier {
  return createVerifierWithKeys(
    trust,
    createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 5000, cooldownDuration: 30_000 }),
  );
}

/** The same over any key source (tests pass a local key set). */
export function createVerifierWithKeys(trust: OidcTrust, keys: JWTVerifyGetKey): OidcVerifier {
  if (trust.issuers.length === 0 || trust.audiences.length === 0)
    throw new Error('OIDC trust needs an issuer and an audience');
  return {
    async verify(token, now = new Date()) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        return { ok: false, problem: 'invalid', reason: 'token missing or too long' };
      }
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: trust.issuers,
          audience: trust.audiences,
          algorithms: ALGORITHMS,
          currentDate: now,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['iss', 'aud', 'sub', 'exp', 'iat'],
        });
        const audience = trust.audiences.find(
          (a) => a === payload.aud || (Array.isArray(payload.aud) && payload.aud.includes(a)),
        );
        const verified = payload.email_verified === true || payload.email_verified === 'true';
        return {
          ok: true,
          identity: {
            issuer: String(payload.iss),
            audience: audience ?? trust.audiences[0],
            subject: String(payload.sub),
            ...(typeof payload.email === 'string' && verified ? { email: payload.email.toLowerCase() } : {}),
            expiresAt: Number(payload.exp),
          },
        };
      } catch (error) {
        return classify(error);
      }
    },
  };
}

/** jose's error classes → the three outcomes callers act on; reasons are for logs and never include the token. */
function classify(error: unknown): VerifyTokenResult {
  if (error instanceof errors.JWTExpired) return { ok: false, problem: 'expired', reason: 'token expired' };
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
    return { ok: false, problem: 'audience', reason: 'token audience not trusted' };
  }
  if (
    error instanceof errors.JWKSTimeout ||
    (error instanceof Error && /fetch|ECONN|network/i.test(error.message) && !(error instanceof errors.JOSEError))
  ) {
    return { ok: false, problem: 'unavailable', reason: 'issuer keys unreachable' };
  }
  if (error instanceof errors.JOSEError)
    return { ok: false, problem: 'invalid', reason: `${error.code}: ${error.message.slice(0, 120)}` };
  return { ok: false, problem: 'invalid', reason: 'token not verifiable' };
}
