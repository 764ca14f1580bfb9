/**
 * Pure mapping of Athena's `GetQueryExecution` answer to the engine port's status
 * (docs/reference-athena.md#query-states).
 *
 * - QUEUED after RUNNING is normal ("for queries that experience certain transient errors, the state transitions
 *   from RUNNING back to QUEUED"), so states are reported as they come; only the final ones end a wait.
 * - `AthenaError.ErrorCategory` 2 is the user's fault (→ 400); 1 (system) and 3 (other) are ours (→ 502).
 * - The workgroup's `BytesScannedCutoffPerQuery` *cancels* the query ("If any query that runs in the workgroup
 *   exceeds the limit, it is canceled", Athena UG workgroups-setting-control-limits-cloudwatch), with the
 *   StateChangeReason "Bytes scanned limit was exceeded" as seen in the field. A user cancel and a guardrail stop
 *   must not look alike, so that case is reported as FAILED with kind SCAN_LIMIT whatever state carries it. The
 *   page documents the cancel, not its wording, so every phrasing of a data-scanned limit is recognised (in
 *   `AthenaError.ErrorMessage` or `StateChangeReason`), not one phrase (docs/athena.md#scan-limit).
 * - FAILED with `AthenaError.Retryable` true "might succeed if resubmitted" and Athena may requeue it: while the
 *   caller says so (`waitOutRetryable`), it is reported as QUEUED so waits go on (docs/athena.md#retries).
 */
import type { QueryExecution } from '@aws-sdk/client-athena';
import {
  DataUnreadableError,
  ProxyError,
  QueryCancelledError,
  QueryFailedError,
  ScanLimitExceededError,
  scrubLocations,
} from '../../errors';
import type { EngineFailure, EngineQueryStatus } from '../../port';
import { athenaDataFailure } from './dataErrors';

const SCAN_LIMIT =
  /bytes scanned limit|(data|bytes) scanned\b.*\b(limit|cutoff)|BytesScannedCutoffPerQuery|data usage (control )?limit/i;
/** Trino parser errors (engine v3 prefixes messages with the error name, e.g. `SYNTAX_ERROR: line 1:8: …`). */
const SYNTAX = /\bSYNTAX_ERROR\b|mismatched input|extraneous input|no viable alternative/i;

/** True when Athena marked the execution's failure as one a resubmission might not meet. */
export function isRetryableFailure(execution: QueryExecution): boolean {
  return execution.Status?.State === 'FAILED' && execution.Status.AthenaError?.Retryable === true;
}

/** Why Athena says the execution stopped: its AthenaError message, else the StateChangeReason. */
export function failureReasonOf(execution: QueryExecution): string {
  return execution.Status?.AthenaError?.ErrorMessage || execution.Status?.StateChangeReason || '';
}

/** The port status for one Athena QueryExecution. */
export function toEngineQueryStatus(
  queryId: string,
  execution: QueryExecution,
  waitOutRetryable = false,
): EngineQueryStatus {
  const stats = execution.Statistics;
  const base = {
    queryId,
    bytesScanned: stats?.DataScannedInBytes ?? 0,
    engineMs: stats?.EngineExecutionTimeInMillis ?? 0,
    queueMs: stats?.QueryQueueTimeInMillis ?? 0,
    reusedPreviousResult: stats?.ResultReuseInformation?.ReusedPreviousResult ?? false,
  };
  const status = execution.Status;
  const reason = failureReasonOf(execution);
  const state = status?.State;
  if ((state === 'FAILED' || state === 'CANCELLED') && SCAN_LIMIT.test(reason)) {
    const message = `The query scanned more than the workgroup's per-query limit allows (${reason.trim()}).`;
    return { ...base, state: 'FAILED', error: { category: 'USER', kind: 'SCAN_LIMIT', message } };
  }
  if (waitOutRetryable && isRetryableFailure(execution)) return { ...base, state: 'QUEUED' };
  switch (state) {
    case 'QUEUED':
    case 'RUNNING':
    case 'SUCCEEDED':
    case 'CANCELLED':
      return { ...base, state };
    case 'FAILED':
      return { ...base, state: 'FAILED', error: failureOf(status?.AthenaError?.ErrorCategory, reason) };
    default:
      // A state this code does not know cannot be waited on safely; fail clearly instead of polling forever.
      return {
        ...base,
        state: 'FAILED',
        error: { category: 'SYSTEM', kind: 'OTHER', message: `Athena reported an unknown query state "${state}".` },
      };
  }
}

/**
 * A FAILED execution's error: a file of the table that cannot be read (dataErrors.ts), else the user's (Athena's
 * error category 2) or the system's, syntax or other. S3 locations in the text keep only their last segment.
 */
function failureOf(errorCategory: number | undefined, reason: string): EngineFailure {
  const data = athenaDataFailure(reason);
  if (data) return data;
  const category = errorCategory === 2 ? 'USER' : 'SYSTEM';
  const kind = SYNTAX.test(reason) ? 'SYNTAX' : 'OTHER';
  const text = scrubLocations(reason.replace(/\s+/g, ' ').trim()).slice(0, 1000);
  return { category, kind, message: text || 'Athena reported the query as failed.' };
}

/** The error to throw when results of a query that did not succeed are asked for. */
export function toTerminalError(status: EngineQueryStatus): ProxyError | undefined {
  if (status.state === 'CANCELLED') return new QueryCancelledError(status.queryId);
  if (status.state !== 'FAILED' || !status.error) return undefined;
  if (status.error.kind === 'SCAN_LIMIT') return new ScanLimitExceededError(status.error.message);
  const { data, message } = status.error;
  if (status.error.kind === 'DATA')
    return new DataUnreadableError({ ...data, reason: message }, { queryId: status.queryId });
  return new QueryFailedError(status.error.message, status.error.category, { queryId: status.queryId });
}
