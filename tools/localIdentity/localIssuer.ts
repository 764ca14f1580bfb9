/**
 * A local OpenID Connect issuer for development and tests (docs/keyless.md#local): an RS256 test key pair made at
 * start (never written anywhere), the discovery document and the JWKS on a loopback port, and a `mint` that signs
 * Google-shaped ID tokens (iss, aud, azp, sub, email, email_verified, iat, exp). Start two to get "another issuer".
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { listenOnLoopback } from '../../proxy/src/local';

export interface MintOptions {
  sub: string;
  email?: string;
  /** Default: the issuer's default audience. */
  aud?: string;
  /** Seconds from `issuedAt` until expiry; default 3600 (Google's ID tokens last one hour). */
  expiresInSeconds?: number;
  /** Epoch seconds; default now. */
  issuedAt?: number;
  emailVerified?: boolean;
}

export interface LocalIssuer {
  /** The issuer URL (`iss` of its tokens), e.g. http://127.0.0.1:40123 */
  issuer: string;
  jwksUri: string;
  mint(options: MintOptions): Promise<string>;
  close(): Promise<void>;
}

type Mint = (options: MintOptions) => Promise<string>;
type JsonAnswer = (status: number, body: unknown) => void;

/** Signs Google-shaped ID tokens with `privateKey` as `issuer()` (known only once the server listens). */
function tokenMinter(key: { privateKey: CryptoKey; kid: string }, issuer: () => string, audience: string): Mint {
  return async (mint) => {
    const iat = mint.issuedAt ?? Math.floor(Date.now() / 1000);
    const aud = mint.aud ?? audience;
    return new SignJWT({
      azp: aud,
      ...(mint.email === undefined ? {} : { email: mint.email, email_verified: mint.emailVerified ?? true }),
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(issuer())
      .setAudience(aud)
      .setSubject(mint.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + (mint.expiresInSeconds ?? 3600))
      .sign(key.privateKey);
  };
}

/** Dev convenience for outside tools: GET /mint?sub=…&email=…[&aud=…&expiresIn=…] → {"id_token": "…"}. */
function answerMint(url: string, mint: Mint, json: JsonAnswer): void {
  const query = new URLSearchParams(url.split('?')[1] ?? '');
  const sub = query.get('sub');
  if (!sub) return json(400, { error: 'sub is required' });
  const expiresIn = query.get('expiresIn');
  void mint({
    sub,
    email: query.get('email') ?? undefined,
    aud: query.get('aud') ?? undefined,
    ...(expiresIn ? { expiresInSeconds: Number(expiresIn) } : {}),
  }).then((token) => json(200, { id_token: token }));
}

function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer}/jwks`,
    id_token_signing_alg_values_supported: ['RS256'],
    subject_types_supported: ['public'],
    response_types_supported: ['id_token'],
  };
}

export async function startLocalIssuer(options: {
  audience: string;
  port?: number;
  host?: string;
}): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  let issuer = '';
  const mintToken = tokenMinter({ privateKey, kid }, () => issuer, options.audience);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json: JsonAnswer = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      res.end(JSON.stringify(body));
    };
    if (path === '/.well-known/openid-configuration') return json(200, discoveryDocument(issuer));
    if (path === '/jwks') return json(200, { keys: [jwk] });
    if (path === '/mint') return answerMint(req.url ?? '', mintToken, json);
    return json(404, { error: 'not_found' });
  });
  const listening = await listenOnLoopback(server, options.port ?? 0, options.host ?? '127.0.0.1');
  issuer = listening.url;
  return { issuer, jwksUri: `${issuer}/jwks`, mint: mintToken, close: () => listening.close() };
}
