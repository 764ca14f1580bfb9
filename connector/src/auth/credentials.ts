/**
 * The user's proxy credentials (auth type PATH_USER_PASS, docs/reference-looker-studio.md#auth-types):
 * path = proxy base URL, username = access key id, password = secret access key — or `secret|sessionToken` for
 * temporary (STS) credentials: neither secrets nor session tokens (base64) can contain `|`, so the split is
 * unambiguous. They live only in the user's own properties, as one JSON value written after validation.
 */
import type { ProxyCredentials } from '../client';
import type { KeyValueStore } from '../ports';
import { bytesToHex, encodeUtf8 } from '../sigv4';
import type { SigV4Crypto } from '../sigv4';

export type { ProxyCredentials };

/** User-property key holding the credentials JSON. */
export const CREDENTIALS_PROPERTY = 'proxy.credentials';

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const SECRET_PART = /^[^\s|]+$/;

/** Reads the setCredentials input; undefined when any part is missing or malformed (checked before any call). */
export function parseCredentialInput(
  input: { path?: unknown; username?: unknown; password?: unknown } | undefined,
): ProxyCredentials | undefined {
  const path = typeof input?.path === 'string' ? input.path.trim() : '';
  const accessKeyId = typeof input?.username === 'string' ? input.username.trim() : '';
  const password = typeof input?.password === 'string' ? input.password.trim() : '';
  const [secretAccessKey, sessionToken, ...rest] = password.split('|');
  if (!path || !ACCESS_KEY_ID.test(accessKeyId) || !SECRET_PART.test(secretAccessKey) || rest.length > 0)
    return undefined;
  if (sessionToken === undefined) return { path, accessKeyId, secretAccessKey };
  return SECRET_PART.test(sessionToken) ? { path, accessKeyId, secretAccessKey, sessionToken } : undefined;
}

/** The stored credentials, or undefined when there are none (or they are unreadable). */
export function loadCredentials(store: KeyValueStore): ProxyCredentials | undefined {
  const text = store.get(CREDENTIALS_PROPERTY);
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return parseCredentialInput({
      path: parsed.path,
      username: parsed.accessKeyId,
      password: parsed.sessionToken
        ? `${String(parsed.secretAccessKey)}|${String(parsed.sessionToken)}`
        : parsed.secretAccessKey,
    });
  } catch {
    return undefined;
  }
}

/** Persists validated credentials. */
export function saveCredentials(store: KeyValueStore, credentials: ProxyCredentials): void {
  store.set(CREDENTIALS_PROPERTY, JSON.stringify(credentials));
}

/** Deletes the stored credentials (resetAuth). */
export function clearCredentials(store: KeyValueStore): void {
  store.remove(CREDENTIALS_PROPERTY);
}

/** A SHA-256 fingerprint of the whole credential set, for cache keys that must not reveal the secret. */
export function fingerprintCredentials(credentials: ProxyCredentials, crypto: SigV4Crypto): string {
  const text = [
    credentials.path,
    credentials.accessKeyId,
    credentials.secretAccessKey,
    credentials.sessionToken ?? '',
  ].join('\n');
  return bytesToHex(crypto.sha256(encodeUtf8(text)));
}
