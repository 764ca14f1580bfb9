/**
 * Temporary credentials the local STS endpoint issues (docs/keyless.md#local): random `ASIA…` key ids (the prefix
 * AWS uses for temporary keys), a random secret and session token, an expiry, and the verified web identity the
 * session was issued for. The SigV4 verifier looks keys up here; an expired key is unknown, as at AWS.
 */
import { randomBytes } from 'node:crypto';
import type { StoredCredential } from './credentialStore';
import type { VerifiedIdentity } from '../../auth';

/** Who a temporary credential was issued to, as the STS call established it. */
export interface WebIdentitySession {
  identity: VerifiedIdentity;
  roleArn: string;
  /** Chosen by the caller: informational only, never trusted as an identity. */
  roleSessionName: string;
}

export interface TemporaryCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms. */
  expiresAt: number;
  session: WebIdentitySession;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Bounds memory when a caller mints sessions in a loop; the oldest are dropped first. */
const MAX_SESSIONS = 20_000;

function randomKeyId(): string {
  return `ASIA${Array.from(randomBytes(16), (b) => KEY_ALPHABET[b % 32]).join('')}`;
}

export class TemporaryCredentialStore {
  private readonly byKeyId = new Map<string, TemporaryCredential>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Issues a fresh credential valid for `durationSeconds`. */
  issue(session: WebIdentitySession, durationSeconds: number): TemporaryCredential {
    this.sweep();
    const credential: TemporaryCredential = {
      accessKeyId: randomKeyId(),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiresAt: this.now() + durationSeconds * 1000,
      session,
    };
    this.byKeyId.set(credential.accessKeyId, credential);
    return credential;
  }

  /** The live credential of a key id; undefined when unknown or expired. */
  find(accessKeyId: string): TemporaryCredential | undefined {
    const found = this.byKeyId.get(accessKeyId);
    if (found && found.expiresAt <= this.now()) {
      this.byKeyId.delete(accessKeyId);
      return undefined;
    }
    return found;
  }

  /** The verifier's view: secret and session token, with the session's subject as a provisional identity. */
  lookup(accessKeyId: string): StoredCredential | undefined {
    const found = this.find(accessKeyId);
    return found && toStoredCredential(found);
  }

  private sweep(): void {
    const now = this.now();
    for (const [keyId, credential] of this.byKeyId) if (credential.expiresAt <= now) this.byKeyId.delete(keyId);
    while (this.byKeyId.size >= MAX_SESSIONS) this.byKeyId.delete(this.byKeyId.keys().next().value as string);
  }
}

/** A temporary credential as the SigV4 verifier sees it, with the key id as a provisional identity. */
export function toStoredCredential(found: TemporaryCredential): StoredCredential {
  return {
    secretAccessKey: found.secretAccessKey,
    sessionToken: found.sessionToken,
    identity: `sts:${found.accessKeyId}`,
  };
}
