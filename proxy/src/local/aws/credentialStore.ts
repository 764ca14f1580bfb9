/**
 * In-memory credential store for the proxy's SigV4 verifier. The server owner builds it from its configuration
 * (e.g. env `PROXY_ACCESS_KEY_ID` / `PROXY_SECRET_ACCESS_KEY`); this module only holds and looks up the entries.
 */

/** What the verifier needs to know about one access key. */
export interface StoredCredential {
  secretAccessKey: string;
  /** When set, requests must carry this exact `x-amz-security-token`, signed. */
  sessionToken?: string;
  /** Who the caller is, for logs and the health answer; never a secret. */
  identity: string;
}

/** Finds the credential of an access key id, or undefined when the key is unknown. */
export type CredentialLookup = (accessKeyId: string) => StoredCredential | undefined;

/** One configured access key, as the server owner reads it from its configuration. */
export interface CredentialEntry {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Defaults to the access key id. */
  identity?: string;
}

/** Access key ids as AWS forms them; anything else could not appear in a Credential scope unambiguously. */
const ACCESS_KEY_ID_PATTERN = /^[A-Za-z0-9_+=.@-]{1,128}$/;

/**
 * A lookup over a fixed list of credentials. Throws on an invalid or duplicated access key id or an empty secret,
 * so a misconfigured server fails at start-up rather than rejecting every request.
 */
export function createCredentialStore(entries: readonly CredentialEntry[]): CredentialLookup {
  const byKeyId = new Map<string, StoredCredential>();
  for (const entry of entries) {
    if (!ACCESS_KEY_ID_PATTERN.test(entry.accessKeyId)) {
      throw new Error(`Invalid access key id "${entry.accessKeyId}".`);
    }
    if (entry.secretAccessKey === '') {
      throw new Error(`Empty secret access key for "${entry.accessKeyId}".`);
    }
    if (byKeyId.has(entry.accessKeyId)) {
      throw new Error(`Access key id "${entry.accessKeyId}" is configured twice.`);
    }
    byKeyId.set(entry.accessKeyId, {
      secretAccessKey: entry.secretAccessKey,
      ...(entry.sessionToken ? { sessionToken: entry.sessionToken } : {}),
      identity: entry.identity ?? entry.accessKeyId,
    });
  }
  return (accessKeyId) => byKeyId.get(accessKeyId);
}
