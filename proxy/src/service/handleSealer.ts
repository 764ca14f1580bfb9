/**
 * Query ids and page cursors bound to the caller they were issued to and authenticated with a MAC
 * (SECURITY.md#query-ids): `<handle>.<mac>` and `<offset>.<limit>.<mac>`, where the MAC is HMAC-SHA256 under a
 * deployment secret over the caller's identity and the value. A forged or altered id, or one issued to another
 * identity, is refused as unknown (404) before anything reaches the engine; it reveals nothing about why.
 *
 * Results themselves are shared (the cache is keyed by the compiled query, see queryService.ts): only the handle
 * differs per caller, so binding costs no engine work.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { UnknownQueryError } from '../errors';
import { decodeCursor, decodeQueryHandle, type QueryHandle } from './queryHandle';
import type { QueryAnswer } from './queryHandle';

/** 128 bits: unforgeable, and short enough for Apps Script's 2 KB URL limit with many fields. */
const MAC_BYTES = 16;
const MAC_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export class QueryHandleSealer {
  private readonly secret: Buffer;

  /** `secret` of at least 32 bytes (a deployment secret); a random one when omitted (valid for this process only). */
  constructor(secret?: string | Buffer) {
    this.secret = secret === undefined ? randomBytes(32) : Buffer.from(secret);
    if (this.secret.length < 32) throw new Error('The query token secret must be at least 32 bytes.');
  }

  /** Appends the caller-bound MAC to an encoded query id. */
  sealQueryId(encoded: string, caller: string): string {
    return `${encoded}.${this.mac('query', caller, encoded)}`;
  }

  /** The handle of a sealed query id, or a 404 when the MAC does not hold for this caller. */
  openQueryId(raw: string, caller: string): QueryHandle {
    const dot = raw.lastIndexOf('.');
    const encoded = raw.slice(0, Math.max(dot, 0));
    if (dot < 0 || !this.holds(raw.slice(dot + 1), 'query', caller, encoded)) throw unknown(raw);
    try {
      return decodeQueryHandle(encoded);
    } catch {
      throw unknown(raw);
    }
  }

  /** A page cursor bound to its (sealed) query id and caller. */
  sealCursor(cursor: string, sealedQueryId: string, caller: string): string {
    return `${cursor}.${this.mac('cursor', caller, `${sealedQueryId}\n${cursor}`)}`;
  }

  /** Offset and limit of a sealed cursor, or a 404 when it was not issued for this query id and caller. */
  openCursor(raw: string, sealedQueryId: string, caller: string, maxLimit: number): { offset: number; limit: number } {
    const dot = raw.lastIndexOf('.');
    const cursor = raw.slice(0, Math.max(dot, 0));
    if (dot < 0 || !this.holds(raw.slice(dot + 1), 'cursor', caller, `${sealedQueryId}\n${cursor}`))
      throw unknown(sealedQueryId);
    return decodeCursor(cursor, maxLimit);
  }

  /** An answer as it goes to one caller: its query id and cursors sealed for them (the cached answer is shared). */
  sealAnswer(answer: QueryAnswer, caller: string): QueryAnswer {
    const queryId = this.sealQueryId(answer.body.queryId, caller);
    if (answer.status === 202) return { status: 202, body: { ...answer.body, queryId } };
    const cursors = answer.body.cursors?.map((c) => this.sealCursor(c, queryId, caller));
    return { status: 200, body: { ...answer.body, queryId, ...(cursors ? { cursors } : {}) } };
  }

  private mac(purpose: string, caller: string, value: string): string {
    return createHmac('sha256', this.secret)
      .update(`${purpose}\n${caller}\n${value}`, 'utf8')
      .digest()
      .subarray(0, MAC_BYTES)
      .toString('base64url');
  }

  private holds(given: string, purpose: string, caller: string, value: string): boolean {
    if (!MAC_PATTERN.test(given)) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(this.mac(purpose, caller, value)));
  }
}

function unknown(raw: string): UnknownQueryError {
  return new UnknownQueryError(raw.slice(0, 80));
}
