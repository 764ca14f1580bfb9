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
import type { Engine, EngineQueryStatus, ResultSlice, StartOptions } from '../../port';
import { awsErrorName, retryThrottled, toEngineError, type RetryPolicy } from './awsErrors';
import { createGlueCatalog, type GlueCatalog } from './catalog';
import { computeClientRequestToken } from './clientToken';
import { ExecutionMemory } from './executionMemory';
import { failureReasonOf, isRetryableFailure, toEngineQueryStatus, toTerminalError } from './queryStatus';
import { locateDataFailure } from './dataErrors';
import { createResultReader } from './results';
import { listS3Days } from './dayPartitions';
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

/** What the engine's operations share: the clients, settings and memory of one engine instance. */
interface AthenaEngineState {
  options: AthenaEngineOptions;
  athena: AthenaClient;
  now: () => number;
  retry: RetryPolicy;
  memory: ExecutionMemory;
  results: ReturnType<typeof createResultReader>;
  graceMs: number;
  /** Describes the tables a failed query read, to name an unreadable file relative to its table. */
  catalog: GlueCatalog;
}

/** Creates the Athena engine over the given clients. */
export function createAthenaEngine(options: AthenaEngineOptions): Engine {
  if (options.databases.length === 0) throw new Error('The Athena engine needs at least one exposed database.');
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
  const state: AthenaEngineState = {
    options,
    athena: options.athena,
    now: options.now ?? Date.now,
    retry,
    memory: new ExecutionMemory(),
    results: createResultReader({ athena: options.athena, s3: options.s3, retry }),
    graceMs: options.retryableFailureGraceMs ?? 30_000,
    catalog,
  };
  return {
    name: 'athena',
    // GetQueryExecution is rate limited per account: back off to 1 s
    // (docs/reference-athena.md#api-rate-limits-and-concurrency).
    poll: { firstDelayMs: 100, maxDelayMs: 1000 },
    listDatabases: () => catalog.listDatabases(),
    listTables: (database) => catalog.listTables(database),
    describeTable: (database, table) => catalog.describeTable(database, table),
    listDayPartitions: (table, layout, days) => listS3Days(options.s3, retry, { table, layout, days }),
    startQuery: (sql, startOptions) => startExecution(state, sql, startOptions),
    getQueryStatus: (queryId) => readQueryStatus(state, queryId),
    readResults: (queryId, offset, limit) => readSucceededResults(state, { queryId, offset, limit }),
    cancelQuery: (queryId) => stopExecution(state, queryId),
    // The clients belong to the caller (they are shared across invocations of a warm Lambda).
    async close() {},
  };
}

/** The reuse max age for one query: the configured one, never more than the caller allows. */
function reuseAgeOf(configured: number, requested: number | undefined): number {
  const bounded = requested === undefined ? configured : Math.min(configured, requested);
  return Math.max(0, Math.floor(bounded));
}

/** GetQueryExecution; Athena answers InvalidRequestException for ids it does not know (or that expired). */
async function getExecution(state: AthenaEngineState, queryId: string): Promise<QueryExecution> {
  try {
    const answer = await retryThrottled(
      () => state.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId })),
      state.retry,
    );
    if (!answer.QueryExecution) throw new UnknownQueryError(queryId);
    return answer.QueryExecution;
  } catch (err) {
    if (awsErrorName(err) === 'InvalidRequestException') throw new UnknownQueryError(queryId);
    throw toEngineError(err, 'read the query status');
  }
}

/**
 * The StartQueryExecution request for `sql` and the token it is remembered by. A retry after FAILED/CANCELLED gets
 * a salted token, so it does not re-attach to the dead execution (docs/athena.md#retries).
 */
function startCommandFor(
  state: AthenaEngineState,
  sql: string,
  { callerId, reuseMaxAgeMinutes, notBefore }: StartOptions,
): { command: StartQueryExecutionCommand; baseToken: string } {
  const { options } = state;
  const reuseAge = reuseAgeOf(options.resultReuseMaxAgeMinutes, reuseMaxAgeMinutes);
  const tokenInput = {
    callerId,
    workGroup: options.workGroup,
    sql,
    nowMs: state.now(),
    bucketSeconds: options.clientTokenBucketSeconds ?? 60,
    reuseMaxAgeMinutes: reuseAge,
    ...(notBefore === undefined ? {} : { notBefore }),
  };
  const baseToken = computeClientRequestToken(tokenInput);
  const dead = state.memory.deadExecutionFor(baseToken);
  const command = new StartQueryExecutionCommand({
    QueryString: sql,
    WorkGroup: options.workGroup,
    QueryExecutionContext: { Catalog: options.catalogName ?? 'AwsDataCatalog', Database: options.databases[0] },
    ResultReuseConfiguration: {
      ResultReuseByAgeConfiguration: reuseAge > 0 ? { Enabled: true, MaxAgeInMinutes: reuseAge } : { Enabled: false },
    },
    ClientRequestToken: dead === undefined ? baseToken : computeClientRequestToken({ ...tokenInput, salt: dead }),
  });
  return { command, baseToken };
}

async function startExecution(state: AthenaEngineState, sql: string, startOptions: StartOptions): Promise<string> {
  const { command, baseToken } = startCommandFor(state, sql, startOptions);
  try {
    const answer = await retryThrottled(() => state.athena.send(command), state.retry);
    if (!answer.QueryExecutionId) throw new Error('StartQueryExecution returned no QueryExecutionId');
    state.memory.started(baseToken, answer.QueryExecutionId);
    return answer.QueryExecutionId;
  } catch (err) {
    // The query's own fault (400) or the deployment's (503 for the operator): docs/athena.md#start-errors.
    if (awsErrorName(err) === 'InvalidRequestException') throw toStartError(err);
    throw toEngineError(err, 'start the query');
  }
}

async function readQueryStatus(state: AthenaEngineState, queryId: string): Promise<EngineQueryStatus> {
  const { memory, now } = state;
  const execution = await getExecution(state, queryId);
  // The grace runs from Athena's own completion time, which every Lambda instance sees alike (an instance's
  // first sighting is only the fallback), so polls spread over instances cannot keep restarting it.
  const failedAt = execution.Status?.CompletionDateTime?.getTime() ?? memory.retryableFailureSince(queryId, now());
  const waitOut = isRetryableFailure(execution) && now() - failedAt < state.graceMs;
  const status = await locateDataFailure(
    toEngineQueryStatus(queryId, execution, waitOut),
    { sql: execution.Query ?? '', reason: failureReasonOf(execution) },
    { databases: state.options.databases, describe: (database, table) => state.catalog.describeTable(database, table) },
  );
  // A scan-limit stop is kept: rerunning it would bill the cutoff again for the same error.
  if (status.state === 'CANCELLED' || (status.state === 'FAILED' && status.error?.kind !== 'SCAN_LIMIT')) {
    memory.died(queryId);
  }
  // Not logged here: the service logs each finished query once, with the request id (proxy/src/logger.ts).
  return status;
}

async function readSucceededResults(
  state: AthenaEngineState,
  { queryId, offset, limit }: { queryId: string; offset: number; limit: number },
): Promise<ResultSlice> {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(limit) || offset < 0 || limit < 0) {
    throw new InvalidRequestError('Result offset and limit must be non-negative integers.');
  }
  const execution = await getExecution(state, queryId);
  const status = toEngineQueryStatus(queryId, execution);
  if (status.state !== 'SUCCEEDED') {
    throw toTerminalError(status) ?? new InvalidRequestError(`Query "${queryId}" has not finished yet.`);
  }
  try {
    return await state.results.read(queryId, execution.ResultConfiguration?.OutputLocation, offset, limit);
  } catch (err) {
    throw toEngineError(err, 'read the query result');
  }
}

async function stopExecution(state: AthenaEngineState, queryId: string): Promise<void> {
  try {
    await retryThrottled(
      () => state.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId })),
      state.retry,
    );
    state.memory.died(queryId);
  } catch (err) {
    if (awsErrorName(err) === 'InvalidRequestException') throw new UnknownQueryError(queryId);
    throw toEngineError(err, 'cancel the query');
  }
}
