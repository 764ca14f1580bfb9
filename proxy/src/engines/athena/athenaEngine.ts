/**
 * The Athena engine: the distributed implementation of the engine port (proxy/src/port/engine.ts).
 *
 * Queries run in the data owner's workgroup, which enforces the output location, encryption and the per-query scan
 * cutoff (infra/template.yaml). No per-query ResultConfiguration is sent, because overriding it disables result
 * reuse (docs/reference-athena.md#result-reuse); reuse is asked for with the configured max age, bounded by the caller's
 * `reuseMaxAgeMinutes` (0 after a refresh: reuse off; docs/athena.md#result-reuse). The SDK
 * clients are passed in (endpoint overrides in tests); see createAwsClients (clients.ts) for how to build them so that
 * this module's bounded retry is the only one.
 */
import {
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { InvalidRequestError, UnknownQueryError } from '../../errors';
import type { Engine } from '../../port';
import { awsErrorName, retryThrottled, toEngineError, type RetryPolicy } from './awsErrors';
import { createGlueCatalog } from './catalog';
import { computeClientRequestToken } from './clientToken';
import { ExecutionMemory } from './executionMemory';
import { isRetryableFailure, toEngineQueryStatus, toTerminalError } from './queryStatus';
import { createResultReader } from './results';
import { toStartError } from './startErrors';

export interface AthenaEngineOptions {
  athena: AthenaClient;
  glue: GlueClient;
  s3: S3Client;
  /** The workgroup every query runs in (it owns output location, encryption and the scan cutoff). */
  workGroup: string;
  /** Data catalog name; default `AwsDataCatalog`. */
  catalogName?: string;
  /** Allow-list of exposed databases; the first is the query context (compiled SQL names the database anyway). */
  databases: string[];
  /** Optional per-database allow-list of tables; a database without an entry exposes all its tables. */
  tables?: Record<string, string[]>;
  /** Athena result reuse max age (0–10,080 minutes). */
  resultReuseMaxAgeMinutes: number;
  /** Width of the ClientRequestToken time bucket; default 60 s. */
  clientTokenBucketSeconds?: number;
  /** How long a FAILED execution Athena marked Retryable is reported as QUEUED (waited out); default 30 s. */
  retryableFailureGraceMs?: number;
  /** Retries of rate throttling after the first attempt; default 4. */
  maxThrottleRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Jitter source for backoff; default Math.random. */
  random?: () => number;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Creates the Athena engine over the given clients. */
export function createAthenaEngine(options: AthenaEngineOptions): Engine {
  const { athena, workGroup } = options;
  if (options.databases.length === 0) throw new Error('The Athena engine needs at least one exposed database.');
  const now = options.now ?? Date.now;
  const retry: RetryPolicy = {
    sleep: options.sleep ?? defaultSleep,
    maxRetries: options.maxThrottleRetries ?? 4,
    baseDelayMs: 200,
    random: options.random ?? Math.random,
  };
  const catalog = createGlueCatalog({
    glue: options.glue,
    databases: options.databases,
    tables: options.tables,
    retry,
  });
  const results = createResultReader({ athena, s3: options.s3, retry });
  const memory = new ExecutionMemory();
  const graceMs = options.retryableFailureGraceMs ?? 30_000;

  /** The reuse max age for one query: the configured one, never more than the caller allows. */
  function reuseAgeOf(requested: number | undefined): number {
    const configured = options.resultReuseMaxAgeMinutes;
    const bounded = requested === undefined ? configured : Math.min(configured, requested);
    return Math.max(0, Math.floor(bounded));
  }

  /** GetQueryExecution; Athena answers InvalidRequestException for ids it does not know (or that expired). */
  async function getExecution(queryId: string): Promise<QueryExecution> {
    try {
      const answer = await retryThrottled(
        () => athena.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId })),
        retry,
      );
      if (!answer.QueryExecution) throw new UnknownQueryError(queryId);
      return answer.QueryExecution;
    } catch (err) {
      if (awsErrorName(err) === 'InvalidRequestException') throw new UnknownQueryError(queryId);
      throw toEngineError(err, 'read the query status');
    }
  }

  return {
    name: 'athena',
    // GetQueryExecution is rate limited per account: back off to 1 s
    // (docs/reference-athena.md#api-rate-limits-and-concurrency).
    poll: { firstDelayMs: 100, maxDelayMs: 1000 },
    listDatabases: () => catalog.listDatabases(),
    listTables: (database) => catalog.listTables(database),
    describeTable: (database, table) => catalog.describeTable(database, table),

    async startQuery(sql, { callerId, reuseMaxAgeMinutes, notBefore }) {
      const reuseAge = reuseAgeOf(reuseMaxAgeMinutes);
      const tokenInput = {
        callerId,
        workGroup,
        sql,
        nowMs: now(),
        bucketSeconds: options.clientTokenBucketSeconds ?? 60,
        reuseMaxAgeMinutes: reuseAge,
        ...(notBefore === undefined ? {} : { notBefore }),
      };
      const baseToken = computeClientRequestToken(tokenInput);
      // A retry after FAILED/CANCELLED must not re-attach to the dead execution (docs/athena.md#retries).
      const dead = memory.deadExecutionFor(baseToken);
      const command = new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: workGroup,
        QueryExecutionContext: { Catalog: options.catalogName ?? 'AwsDataCatalog', Database: options.databases[0] },
        ResultReuseConfiguration: {
          ResultReuseByAgeConfiguration:
            reuseAge > 0 ? { Enabled: true, MaxAgeInMinutes: reuseAge } : { Enabled: false },
        },
        ClientRequestToken: dead === undefined ? baseToken : computeClientRequestToken({ ...tokenInput, salt: dead }),
      });
      try {
        const answer = await retryThrottled(() => athena.send(command), retry);
        if (!answer.QueryExecutionId) throw new Error('StartQueryExecution returned no QueryExecutionId');
        memory.started(baseToken, answer.QueryExecutionId);
        return answer.QueryExecutionId;
      } catch (err) {
        // The query's own fault (400) or the deployment's (503 for the operator): docs/athena.md#start-errors.
        if (awsErrorName(err) === 'InvalidRequestException') throw toStartError(err);
        throw toEngineError(err, 'start the query');
      }
    },

    async getQueryStatus(queryId) {
      const execution = await getExecution(queryId);
      // The grace runs from Athena's own completion time, which every Lambda instance sees alike (an instance's
      // first sighting is only the fallback), so polls spread over instances cannot keep restarting it.
      const failedAt = execution.Status?.CompletionDateTime?.getTime() ?? memory.retryableFailureSince(queryId, now());
      const waitOut = isRetryableFailure(execution) && now() - failedAt < graceMs;
      const status = toEngineQueryStatus(queryId, execution, waitOut);
      // A scan-limit stop is kept: rerunning it would bill the cutoff again for the same error.
      if (status.state === 'CANCELLED' || (status.state === 'FAILED' && status.error?.kind !== 'SCAN_LIMIT')) {
        memory.died(queryId);
      }
      // Not logged here: the service logs each finished query once, with the request id (proxy/src/logger.ts).
      return status;
    },

    async readResults(queryId, offset, limit) {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(limit) || offset < 0 || limit < 0) {
        throw new InvalidRequestError('Result offset and limit must be non-negative integers.');
      }
      const execution = await getExecution(queryId);
      const status = toEngineQueryStatus(queryId, execution);
      if (status.state !== 'SUCCEEDED') {
        throw toTerminalError(status) ?? new InvalidRequestError(`Query "${queryId}" has not finished yet.`);
      }
      try {
        return await results.read(queryId, execution.ResultConfiguration?.OutputLocation, offset, limit);
      } catch (err) {
        throw toEngineError(err, 'read the query result');
      }
    },

    async cancelQuery(queryId) {
      try {
        await retryThrottled(() => athena.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId })), retry);
        memory.died(queryId);
      } catch (err) {
        if (awsErrorName(err) === 'InvalidRequestException') throw new UnknownQueryError(queryId);
        throw toEngineError(err, 'cancel the query');
      }
    },

    // The clients belong to the caller (they are shared across invocations of a warm Lambda).
    async close() {},
  };
}
