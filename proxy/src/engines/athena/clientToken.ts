/**
 * Athena `ClientRequestToken` for StartQueryExecution (docs/reference-athena.md#clientrequesttoken-idempotency).
 *
 * The same token returns the same QueryExecutionId without starting a new scan, so a retried request (client retry,
 * Lambda timeout) re-attaches to the running query instead of paying twice. The caller identity is part of the hash
 * because a reused token returns the execution "even if the requester doesn't have permission" on its tables, and
 * the time bucket keeps an identical query from re-attaching to a stale execution forever (the Blazer MD5(sql)
 * anti-pattern in the same section).
 *
 * Every idempotent parameter that can vary goes into the hash as well (the reuse setting): Athena refuses a known
 * token with different parameters ("Idempotent parameters do not match", docs/athena.md#client-request-token). The
 * caller's lastRefresh is hashed too, so "refresh the report" after a failure reaches a new execution on any
 * instance. A `salt` — the id of the execution this token last led to, once it FAILED or was CANCELLED — makes a retry start a
 * new execution instead of re-attaching to the dead one within the same bucket.
 */
import { createHash } from 'node:crypto';

export interface ClientTokenInput {
  callerId: string;
  workGroup: string;
  sql: string;
  nowMs: number;
  bucketSeconds: number;
  /** The result reuse max age sent with the query (0 = reuse disabled). */
  reuseMaxAgeMinutes: number;
  /** The dead execution a retry must not re-attach to. */
  salt?: string;
  /** The caller's lastRefresh (epoch ms): a refresh is always a new request. */
  notBefore?: number;
}

/** Hex SHA-256 (64 characters, inside Athena's 32–128 limit) of the caller, workgroup, SQL, reuse, bucket, salt. */
export function computeClientRequestToken(input: ClientTokenInput): string {
  const bucket = Math.floor(input.nowMs / (input.bucketSeconds * 1000));
  const material = JSON.stringify([
    input.callerId,
    input.workGroup,
    input.sql,
    bucket,
    input.reuseMaxAgeMinutes,
    input.salt ?? null,
    input.notBefore ?? null,
  ]);
  return createHash('sha256').update(material, 'utf8').digest('hex');
}
