/**
 * Auth mode `Google identity (no keys)` (docs/keyless.md): in the PATH_USER_PASS dialog the user enters the proxy
 * URL as path, the IAM role's ARN as username and the word `google` as password — no AWS key anywhere. Each
 * execution takes the user's Google ID token (ScriptApp.getIdentityToken, `openid` scope), exchanges it at STS
 * AssumeRoleWithWebIdentity for temporary credentials, caches those in the user's cache until 5 minutes before they
 * expire, and signs with them plus the ID token in a signed header (the proxy's trusted identity).
 */
import type { ProxyCredentials } from './credentials';
import { ConnectorError } from '../errors';
import type { ConnectorServices, KeyValueStore } from '../ports';
import { parseProxyUrl } from '../client';
import { bytesToHex, encodeUtf8 } from '../sigv4';
import { exchangeIdToken, type StsCredentials } from './stsExchange';

/** What is stored per user in keyless mode: nothing secret. */
export interface KeylessSetup {
  path: string;
  roleArn: string;
}

export const KEYLESS_PROPERTY = 'proxy.keyless';
/** The password that selects keyless mode in the auth dialog. */
export const KEYLESS_PASSWORD = 'google';
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** STS's default (and the role's default maximum) session length. */
const SESSION_SECONDS = 3600;
/** Credentials are renewed this long before they expire, so no call is signed with nearly dead credentials. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;
/** CacheService's TTL ceiling (6 hours). */
const MAX_CACHE_SECONDS = 21_600;

/** The keyless setup from the auth dialog, or undefined when the input is not keyless mode. */
export function parseKeylessInput(
  input: { path?: unknown; username?: unknown; password?: unknown } | undefined,
): KeylessSetup | undefined {
  const path = typeof input?.path === 'string' ? input.path.trim() : '';
  const roleArn = typeof input?.username === 'string' ? input.username.trim() : '';
  const password = typeof input?.password === 'string' ? input.password.trim().toLowerCase() : '';
  return path && ROLE_ARN.test(roleArn) && password === KEYLESS_PASSWORD ? { path, roleArn } : undefined;
}

export function loadKeylessSetup(store: KeyValueStore): KeylessSetup | undefined {
  try {
    const parsed = JSON.parse(store.get(KEYLESS_PROPERTY) ?? 'null') as Partial<KeylessSetup> | null;
    return parsed
      ? parseKeylessInput({ path: parsed.path, username: parsed.roleArn, password: KEYLESS_PASSWORD })
      : undefined;
  } catch {
    return undefined;
  }
}

export function saveKeylessSetup(store: KeyValueStore, setup: KeylessSetup): void {
  store.set(KEYLESS_PROPERTY, JSON.stringify(setup));
}

export function clearKeylessSetup(store: KeyValueStore): void {
  store.remove(KEYLESS_PROPERTY);
}

/** The regional STS endpoint of the proxy's region; script property STS_ENDPOINT overrides it (local development). */
export function stsEndpointFor(setup: KeylessSetup, services: ConnectorServices): string {
  const override = (services.scriptProperties.get('STS_ENDPOINT') ?? '').trim().replace(/\/+$/, '');
  if (/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(override) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/i.test(override))
    return override;
  return `https://sts.${parseProxyUrl(setup.path).region}.amazonaws.com`;
}

/** The current user's ID token, or advice when the `openid` scope is missing. */
function readIdToken(services: ConnectorServices): string {
  let token = '';
  try {
    token = services.identityToken() ?? '';
  } catch (error) {
    services.log(`getIdentityToken failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    throw new ConnectorError(
      'Google did not provide a sign-in token for your account: the connector lacks the "openid" permission. ' +
        'The connector owner must add "openid" to oauthScopes in appsscript.json; then reconnect and accept the permissions.',
      'ScriptApp.getIdentityToken() returned no JWT',
    );
  }
  return token;
}

/** The token's `sub` (not verified here: STS and the proxy verify the token; this only names the session). */
export function subjectOf(idToken: string): string {
  const payload = idToken.split('.')[1] ?? '';
  try {
    const sub = (JSON.parse(decodeBase64Url(payload)) as { sub?: unknown }).sub;
    if (typeof sub === 'string' && /^[\w+=,.@-]{2,64}$/.test(sub)) return sub;
  } catch {
    // fall through
  }
  throw new ConnectorError(
    'Your Google sign-in token has an unexpected form. Reload the report.',
    'ID token without usable sub',
  );
}

/** Signing credentials for this execution: cached temporary credentials, or a fresh STS exchange. */
export function keylessCredentials(setup: KeylessSetup, services: ConnectorServices): ProxyCredentials {
  const idToken = readIdToken(services);
  const subject = subjectOf(idToken);
  const key = `keyless.sts.${bytesToHex(services.crypto.sha256(encodeUtf8(`${setup.roleArn}\n${stsEndpointFor(setup, services)}\n${subject}`)))}`;
  let credentials = readCached(services, key);
  if (!credentials) {
    credentials = exchangeIdToken(
      {
        endpoint: stsEndpointFor(setup, services),
        roleArn: setup.roleArn,
        sessionName: subject,
        idToken,
        durationSeconds: SESSION_SECONDS,
      },
      services,
    );
    const ttlSeconds = Math.floor((credentials.expiresAt - RENEW_BEFORE_MS - services.now()) / 1000);
    if (ttlSeconds > 0)
      services.userCache.put(key, JSON.stringify(credentials), Math.min(ttlSeconds, MAX_CACHE_SECONDS));
  }
  return {
    path: setup.path,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    identityToken: idToken,
  };
}

function readCached(services: ConnectorServices, key: string): StsCredentials | undefined {
  try {
    const cached = JSON.parse(services.userCache.get(key) ?? 'null') as StsCredentials | null;
    return cached && cached.expiresAt - RENEW_BEFORE_MS > services.now() ? cached : undefined;
  } catch {
    return undefined;
  }
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url → text (ASCII claims suffice for `sub`); Apps Script has no atob, and the core avoids Utilities. */
function decodeBase64Url(text: string): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const char of text) {
    const index = BASE64URL.indexOf(char);
    if (index < 0) throw new Error('not base64url');
    value = ((value << 6) | index) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}
