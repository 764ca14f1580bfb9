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

/** What the double remembers between requests. */
interface AthenaState {
  options: AthenaApiOptions;
  /** Every execution by QueryExecutionId. */
  executions: Map<string, Execution>;
  /** ClientRequestToken → the execution it started and the idempotent parameters it was started with. */
  tokens: Map<string, { exec: Execution; parameters: string }>;
  /** Scripts for the next started queries, one each, in order. */
  scripts: QueryScript[];
  /** How many more StartQueryExecution calls fail with CONCURRENT_QUERY_LIMIT_EXCEEDED. */
  concurrencyRejections: number;
}

/** One Athena action: reads the request, answers with the response body or throws an AwsFault. */
type AthenaAction = (state: AthenaState, input: Input) => Promise<unknown>;

function findExecution(state: AthenaState, id: unknown): Execution {
  const exec = state.executions.get(String(id));
  if (!exec) throw new AwsFault('InvalidRequestException', `QueryExecution ${String(id)} was not found`);
  return exec;
}

function findReusableExecution(state: AthenaState, input: Input, sql: string): Execution | undefined {
  const { options } = state;
  const reuse = input.ResultReuseConfiguration?.ResultReuseByAgeConfiguration;
  if (!reuse?.Enabled || input.ResultConfiguration) return undefined;
  const oldest = options.now() - (reuse.MaxAgeInMinutes ?? 60) * 60_000;
  const context = input.QueryExecutionContext ?? {};
  return [...state.executions.values()]
    .filter((e) => e.final?.state === 'SUCCEEDED' && e.final.completedMs >= oldest && e.sql === sql)
    .filter(
      (e) => e.workGroup === options.workGroup && e.database === context.Database && e.catalog === context.Catalog,
    )
    .sort((a, b) => (b.final?.completedMs ?? 0) - (a.final?.completedMs ?? 0))[0];
}

/** The request's workgroup (default `primary`); the double serves only its own. */
function requireServedWorkGroup(options: AthenaApiOptions, input: Input): string {
  const workGroup = input.WorkGroup ?? 'primary';
  if (workGroup !== options.workGroup)
    throw new AwsFault('InvalidRequestException', `WorkGroup ${workGroup} is not found.`);
  return workGroup;
}

/** Every request member except the token itself, compared when the same ClientRequestToken comes again. */
function idempotentParametersOf(input: Input, workGroup: string): string {
  const { ClientRequestToken: _token, ...idempotent } = input;
  return JSON.stringify({ ...idempotent, WorkGroup: workGroup });
}

function answerRepeatedToken(known: { exec: Execution; parameters: string }, parameters: string): unknown {
  if (known.parameters !== parameters)
    throw new AwsFault('InvalidRequestException', 'Idempotent parameters do not match');
  return { QueryExecutionId: known.exec.id };
}

function takeConcurrencyRejection(state: AthenaState): void {
  if (state.concurrencyRejections <= 0) return;
  state.concurrencyRejections -= 1;
  throw new AwsFault(
    'TooManyRequestsException',
    'You have exceeded the limit for the number of queries you can run concurrently.',
    400,
    {
      Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED',
    },
  );
}

/** A reused result: the previous query's outcome and OutputLocation, finished now, nothing scanned. */
function reusedFinalState(previous: FinalState, nowMs: number): FinalState {
  return { ...previous, reused: true, bytesScanned: 0, engineMs: 0, queueMs: 0, completedMs: nowMs };
}

async function startEngineQuery(options: AthenaApiOptions, sql: string): Promise<string> {
  // Over a served lake, bytes scanned follow partition pruning as Athena's do (scanModel.ts).
  const bound = options.lakeDir === undefined ? undefined : await modelScanBytes(options.lakeDir, sql);
  return options.engine.startQuery(sql, {
    callerId: 'athena-double',
    ...(bound === undefined ? {} : { scanBytesBound: bound }),
  });
}

/** Checks and shapes the statement, then either reuses a previous result or starts the query on the engine. */
async function createExecution(state: AthenaState, input: Input, sql: string): Promise<Execution> {
  const { options } = state;
  const context = input.QueryExecutionContext ?? {};
  const shape = await analyzeStatement(sql, context.Database, options.engine);
  const exec: Execution = {
    id: randomUUID(),
    sql,
    workGroup: options.workGroup,
    database: context.Database,
    catalog: context.Catalog,
    submittedMs: options.now(),
    script: state.scripts.shift() ?? {},
    columns: shape.columns,
    cancelRequested: false,
  };
  const previous = findReusableExecution(state, input, sql);
  if (previous?.final) exec.final = reusedFinalState(previous.final, options.now());
  else exec.engineQueryId = await startEngineQuery(options, shape.sql);
  return exec;
}

async function startQueryExecution(state: AthenaState, input: Input): Promise<unknown> {
  const sql = String(input.QueryString ?? '');
  const workGroup = requireServedWorkGroup(state.options, input);
  const token = input.ClientRequestToken;
  const parameters = idempotentParametersOf(input, workGroup);
  const known = token ? state.tokens.get(token) : undefined;
  if (known) return answerRepeatedToken(known, parameters);
  takeConcurrencyRejection(state);
  const exec = await createExecution(state, input, sql);
  state.executions.set(exec.id, exec);
  if (token) state.tokens.set(token, { exec, parameters });
  return { QueryExecutionId: exec.id };
}

async function getQueryExecution(state: AthenaState, input: Input) {
  const { options } = state;
  const exec = findExecution(state, input.QueryExecutionId);
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

async function getQueryResults(state: AthenaState, input: Input) {
  const exec = findExecution(state, input.QueryExecutionId);
  const now = await currentState(state.options, exec);
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

async function getQueryRuntimeStatistics(state: AthenaState, input: Input) {
  const now = await currentState(state.options, findExecution(state, input.QueryExecutionId));
  const final = now as FinalState;
  if (!('completedMs' in now) || final.reused || !final.rows) return { QueryRuntimeStatistics: {} };
  return { QueryRuntimeStatistics: { Rows: { OutputRows: final.rows.length, InputBytes: final.bytesScanned } } };
}

async function stopQueryExecution(state: AthenaState, input: Input) {
  const exec = findExecution(state, input.QueryExecutionId);
  if (!exec.final && !exec.cancelRequested) {
    exec.cancelRequested = true;
    if (exec.engineQueryId) await state.options.engine.cancelQuery(exec.engineQueryId).catch(() => undefined);
  }
  return {};
}

/**
 * The implemented actions, keyed by the name after `AmazonAthena.` in X-Amz-Target. A Map, not an object literal:
 * a target such as `AmazonAthena.toString` must be an unknown operation, not a hit on Object.prototype.
 */
const ATHENA_ACTIONS = new Map<string, AthenaAction>([
  ['StartQueryExecution', startQueryExecution],
  ['GetQueryExecution', getQueryExecution],
  ['GetQueryResults', getQueryResults],
  ['GetQueryRuntimeStatistics', getQueryRuntimeStatistics],
  ['StopQueryExecution', stopQueryExecution],
]);

export function createAthenaApi(options: AthenaApiOptions) {
  const state: AthenaState = {
    options,
    executions: new Map(),
    tokens: new Map(),
    scripts: [],
    concurrencyRejections: 0,
  };

  return {
    async handle(operation: string, input: Input): Promise<unknown> {
      const action = ATHENA_ACTIONS.get(operation);
      if (!action)
        throw new AwsFault('UnknownOperationException', `The double does not implement AmazonAthena.${operation}.`);
      return action(state, input);
    },
    /** The next started query follows this script (scripts queue up, one per query). */
    scriptNextQuery(script: QueryScript): void {
      state.scripts.push({ ...script, polls: script.polls ? [...script.polls] : undefined });
    },
    /** The next `count` StartQueryExecution calls fail with CONCURRENT_QUERY_LIMIT_EXCEEDED. */
    rejectStarts(count: number): void {
      state.concurrencyRejections += count;
    },
    /** How many executions were created (reused and scripted ones included). */
    executionCount(): number {
      return state.executions.size;
    },
  };
}
