/**
 * Athena `ClientRequestToken` for StartQueryExecution (docs/reference-athena.md#clientrequesttoken-idempotency).
 *
 * The same token returns the same QueryExecutionId without starting a new scan, so a retried request (client retry,
 * Lambda timeout) re-attaches to the running query instead of paying twice. The caller identity is part of the hash
 * because a reused token returns the execution "even if the requester doesn't have permission" on its tables, and
 * the time bucket keeps an identical query from re-attaching to a stale execution forever (the Blazer MD5(sql)
 * anti-pattern in the same section).
 */
import { createHash } from 'node:crypto';

export interface ClientTokenInput {
  callerId: string;
  workGroup: string;
  sql: string;
  nowMs: number;
  bucketSeconds: number;
  /** A caller's refresh instant: a start asking for fresher results must not join an older execution. */
  freshSinceMs?: number;
}

/** Hex SHA-256 (64 characters, inside Athena's 32–128 limit) of the caller, workgroup, SQL and time bucket. */
export function computeClientRequestToken(input: ClientTokenInput): string {
  const bucket = Math.floor(input.nowMs / (input.bucketSeconds * 1000));
  const parts = [input.callerId, input.workGroup, input.sql, bucket];
  const material = JSON.stringify(input.freshSinceMs === undefined ? parts : [...parts, input.freshSinceMs]);
  return createHash('sha256').update(material, 'utf8').digest('hex');
}
