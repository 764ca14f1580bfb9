/**
 * Athena operations of the double (AWS JSON 1.1, target prefix `AmazonAthena.`). Behaviours our engine relies on,
 * each as the real service documents it (docs/reference-athena.md):
 * - ClientRequestToken: the same token returns the same QueryExecutionId; the same token with any idempotent
 *   parameter changed (query, workgroup, context, result and reuse configuration) fails with "Idempotent parameters
 *   do not match" (docs/reference-athena.md#clientrequesttoken-idempotency). WorkGroup defaults to `primary`.
 * - StartQueryExecution refuses over-long or Trino-invalid SQL, resolves unqualified tables through
 *   QueryExecutionContext.Database, and names and types result columns as Athena does (statementShape.ts).
 * - Result reuse: an identical query string, database and catalog in the same workgroup within MaxAgeInMinutes
 *   succeeds at once with ReusedPreviousResult and *the previous query's* OutputLocation; a per-query
 *   ResultConfiguration disables reuse (docs/reference-athena.md#result-reuse).
 * - GetQueryResults: at most 1,000 rows per page, NextToken, and the first page starts with the header row
 *   (docs/reference-athena.md#getqueryresults-paging); NULL is a Datum without VarCharValue.
 * - Unknown ids are InvalidRequestException (docs/reference-athena.md#query-states); StopQueryExecution is idempotent
 *   (docs/reference-athena.md#runtime-statistics-and-stopqueryexecution).
 * - GetQueryRuntimeStatistics: Rows.OutputRows once finished; left out for reused results, where AWS says the
 *   non-timeline statistics "may be missing" (same section).
 */
import { modelScanBytes } from './scanModel';
import { randomUUID } from 'node:crypto';
import {
  currentState,
  headerOf,
  RETRYABLE_ERROR,
  type Execution,
  type ExecutionContext,
  type FinalState,
  type QueryScript,
} from './executions';
import { AwsFault, epochSeconds } from './protocol';
import { analyzeStatement } from './statementShape';

/** The request members the double reads (all operations share one shape; JSON 1.1 bodies are plain objects). */
interface Input {
  QueryString?: string;
  WorkGroup?: string;
  ClientRequestToken?: string;
  QueryExecutionContext?: { Database?: string; Catalog?: string };
  ResultConfiguration?: unknown;
  ResultReuseConfiguration?: { ResultReuseByAgeConfiguration?: { Enabled?: boolean; MaxAgeInMinutes?: number } };
  QueryExecutionId?: string;
  MaxResults?: number;
  NextToken?: string;
}

export interface AthenaApiOptions extends ExecutionContext {
  workGroup: string;
}

const MAX_PAGE = 1000;

export function createAthenaApi(options: AthenaApiOptions) {
  const executions = new Map<string, Execution>();
  const tokens = new Map<string, { exec: Execution; parameters: string }>();
  const scripts: QueryScript[] = [];
  let concurrencyRejections = 0;

  function find(id: unknown): Execution {
    const exec = executions.get(String(id));
    if (!exec) throw new AwsFault('InvalidRequestException', `QueryExecution ${String(id)} was not found`);
    return exec;
  }

  function findReusable(input: Input, sql: string): Execution | undefined {
    const reuse = input.ResultReuseConfiguration?.ResultReuseByAgeConfiguration;
    if (!reuse?.Enabled || input.ResultConfiguration) return undefined;
    const oldest = options.now() - (reuse.MaxAgeInMinutes ?? 60) * 60_000;
    const context = input.QueryExecutionContext ?? {};
    return [...executions.values()]
      .filter((e) => e.final?.state === 'SUCCEEDED' && e.final.completedMs >= oldest && e.sql === sql)
      .filter(
        (e) => e.workGroup === options.workGroup && e.database === context.Database && e.catalog === context.Catalog,
      )
      .sort((a, b) => (b.final?.completedMs ?? 0) - (a.final?.completedMs ?? 0))[0];
  }

  async function start(input: Input): Promise<unknown> {
    const sql = String(input.QueryString ?? '');
    const workGroup = input.WorkGroup ?? 'primary';
    if (workGroup !== options.workGroup)
      throw new AwsFault('InvalidRequestException', `WorkGroup ${workGroup} is not found.`);
    const token = input.ClientRequestToken;
    const { ClientRequestToken: _token, ...idempotent } = input;
    const parameters = JSON.stringify({ ...idempotent, WorkGroup: workGroup });
    const known = token ? tokens.get(token) : undefined;
    if (known) {
      if (known.parameters !== parameters)
        throw new AwsFault('InvalidRequestException', 'Idempotent parameters do not match');
      return { QueryExecutionId: known.exec.id };
    }
    if (concurrencyRejections > 0) {
      concurrencyRejections -= 1;
      throw new AwsFault(
        'TooManyRequestsException',
        'You have exceeded the limit for the number of queries you can run concurrently.',
        400,
        {
          Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED',
        },
      );
    }
    const context = input.QueryExecutionContext ?? {};
    const shape = await analyzeStatement(sql, context.Database, options.engine);
    const exec: Execution = {
      id: randomUUID(),
      sql,
      workGroup: options.workGroup,
      database: context.Database,
      catalog: context.Catalog,
      submittedMs: options.now(),
      script: scripts.shift() ?? {},
      columns: shape.columns,
      cancelRequested: false,
    };
    const previous = findReusable(input, sql);
    if (previous?.final) {
      exec.final = {
        ...previous.final,
        reused: true,
        bytesScanned: 0,
        engineMs: 0,
        queueMs: 0,
        completedMs: options.now(),
      };
    } else {
      // Over a served lake, bytes scanned follow partition pruning as Athena's do (scanModel.ts).
      const bound = options.lakeDir === undefined ? undefined : await modelScanBytes(options.lakeDir, shape.sql);
      exec.engineQueryId = await options.engine.startQuery(shape.sql, {
        callerId: 'athena-double',
        ...(bound === undefined ? {} : { scanBytesBound: bound }),
      });
    }
    executions.set(exec.id, exec);
    if (token) tokens.set(token, { exec, parameters });
    return { QueryExecutionId: exec.id };
  }

  async function describe(exec: Execution) {
    const now = await currentState(options, exec);
    const final = 'completedMs' in now ? now : undefined;
    return {
      QueryExecution: {
        QueryExecutionId: exec.id,
        Query: exec.sql,
        StatementType: 'DML',
        ResultConfiguration: { OutputLocation: `s3://${options.bucket}/${final?.outputKey ?? `${exec.id}.csv`}` },
        QueryExecutionContext: { Database: exec.database, Catalog: exec.catalog },
        Status: {
          State: now.state,
          SubmissionDateTime: epochSeconds(exec.submittedMs),
          ...(final ? { CompletionDateTime: epochSeconds(final.completedMs) } : {}),
          ...(final?.reason ? { StateChangeReason: final.reason } : {}),
          ...(final?.athenaError ? { AthenaError: final.athenaError } : {}),
          ...(!final && now.state === 'FAILED'
            ? { StateChangeReason: RETRYABLE_ERROR.ErrorMessage, AthenaError: RETRYABLE_ERROR }
            : {}),
        },
        Statistics: {
          DataScannedInBytes: final?.bytesScanned ?? 0,
          EngineExecutionTimeInMillis: final?.engineMs ?? 0,
          QueryQueueTimeInMillis: final?.queueMs ?? 0,
          TotalExecutionTimeInMillis: final ? final.completedMs - exec.submittedMs : 0,
          ResultReuseInformation: { ReusedPreviousResult: final?.reused ?? false },
        },
        WorkGroup: exec.workGroup,
        EngineVersion: {
          SelectedEngineVersion: 'Athena engine version 3',
          EffectiveEngineVersion: 'Athena engine version 3',
        },
      },
    };
  }

  async function results(input: Input) {
    const exec = find(input.QueryExecutionId);
    const now = await currentState(options, exec);
    const rows = (now as FinalState).rows;
    if (now.state !== 'SUCCEEDED' || !rows) {
      throw new AwsFault('InvalidRequestException', `Query has not yet finished. Current state: ${now.state}`);
    }
    const max = Number(input.MaxResults ?? MAX_PAGE);
    if (!(max >= 1 && max <= MAX_PAGE))
      throw new AwsFault('InvalidRequestException', 'MaxResults must be between 1 and 1000');
    const header = headerOf(exec);
    const all = [header, ...rows];
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(start, start + max);
    return {
      ResultSet: {
        Rows: page.map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: exec.columns },
      },
      UpdateCount: 0,
      ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
    };
  }

  async function runtimeStatistics(input: Input) {
    const now = await currentState(options, find(input.QueryExecutionId));
    const final = now as FinalState;
    if (!('completedMs' in now) || final.reused || !final.rows) return { QueryRuntimeStatistics: {} };
    return { QueryRuntimeStatistics: { Rows: { OutputRows: final.rows.length, InputBytes: final.bytesScanned } } };
  }

  async function stop(input: Input) {
    const exec = find(input.QueryExecutionId);
    if (!exec.final && !exec.cancelRequested) {
      exec.cancelRequested = true;
      if (exec.engineQueryId) await options.engine.cancelQuery(exec.engineQueryId).catch(() => undefined);
    }
    return {};
  }

  const operations: Record<string, (input: Input) => Promise<unknown>> = {
    StartQueryExecution: start,
    GetQueryExecution: (input) => describe(find(input.QueryExecutionId)),
    GetQueryResults: results,
    GetQueryRuntimeStatistics: runtimeStatistics,
    StopQueryExecution: stop,
  };

  return {
    async handle(operation: string, input: Input): Promise<unknown> {
      const handler = operations[operation];
      if (!handler)
        throw new AwsFault('UnknownOperationException', `The double does not implement AmazonAthena.${operation}.`);
      return handler(input);
    },
    /** The next started query follows this script (scripts queue up, one per query). */
    scriptNextQuery(script: QueryScript): void {
      scripts.push({ ...script, polls: script.polls ? [...script.polls] : undefined });
    },
    /** The next `count` StartQueryExecution calls fail with CONCURRENT_QUERY_LIMIT_EXCEEDED. */
    rejectStarts(count: number): void {
      concurrencyRejections += count;
    },
    /** How many executions were created (reused and scripted ones included). */
    executionCount(): number {
      return executions.size;
    },
  };
}
