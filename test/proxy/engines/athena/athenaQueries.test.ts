/** Athena engine state machine against aws-sdk-client-mock: start, throttling, status mapping, cancel, logging. */
import {
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  EngineUnavailableError,
  QueryFailedError,
  TooManyQueriesError,
  UnknownQueryError,
} from '../../../../proxy/src/errors';
import { awsError, execution, mockedEngine } from './mockedEngine';

const SQL = 'SELECT count(*) FROM "analytics"."events"';

describe('Athena engine: starting queries', () => {
  it('runs in the workgroup with result reuse, no per-query result configuration and a stable token', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    expect(await engine.startQuery(SQL, { callerId: 'AKIDALICE' })).toBe('q-1');
    await engine.startQuery(SQL, { callerId: 'AKIDALICE' });
    const [first, second] = mocks.athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(first).toMatchObject({
      QueryString: SQL,
      WorkGroup: 'looker-proxy',
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'analytics' },
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } },
    });
    expect(first).not.toHaveProperty('ResultConfiguration');
    expect(first.ClientRequestToken).toMatch(/^[0-9a-f]{64}$/);
    expect(second.ClientRequestToken).toBe(first.ClientRequestToken);
  });

  it('derives different tokens for other callers, other SQL and the next time bucket', async () => {
    const { engine, mocks, advanceClock } = mockedEngine({ clientTokenBucketSeconds: 60 });
    mocks.athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    await engine.startQuery(SQL, { callerId: 'AKIDALICE' });
    await engine.startQuery(SQL, { callerId: 'AKIDBOB' });
    await engine.startQuery(`${SQL} LIMIT 5`, { callerId: 'AKIDALICE' });
    advanceClock(60_000);
    await engine.startQuery(SQL, { callerId: 'AKIDALICE' });
    const tokens = mocks.athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.ClientRequestToken);
    expect(new Set(tokens).size).toBe(4);
  });

  it('retries rate throttling with bounded, growing, jittered backoff', async () => {
    const { engine, mocks, sleeps } = mockedEngine();
    mocks.athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ QueryExecutionId: 'q-2' });
    expect(await engine.startQuery(SQL, { callerId: 'c' })).toBe('q-2');
    expect(mocks.athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0]);
  });

  it('gives up after four retries with a 429', async () => {
    const { engine, mocks, sleeps } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const error = await engine.getQueryStatus('q-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyQueriesError);
    expect(mocks.athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(5);
    expect(sleeps).toHaveLength(4);
  });

  it('turns a full concurrency quota into a 429 with Retry-After at once, without retrying', async () => {
    const { engine, mocks, sleeps } = mockedEngine();
    mocks.athena
      .on(StartQueryExecutionCommand)
      .rejects(awsError('TooManyRequestsException', 'Too many queries', { Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' }));
    const error = (await engine.startQuery(SQL, { callerId: 'c' }).catch((e: unknown) => e)) as TooManyQueriesError;
    expect(error).toBeInstanceOf(TooManyQueriesError);
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(mocks.athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('reports an InvalidRequestException about the query text at start as the query failing by the user’s fault', async () => {
    const { engine, mocks } = mockedEngine();
    const syntax = "line 1:8: mismatched input 'FROM'.\n Expecting: '*', <expression>";
    mocks.athena.on(StartQueryExecutionCommand).rejects(awsError('InvalidRequestException', syntax));
    const error = (await engine.startQuery(SQL, { callerId: 'c' }).catch((e: unknown) => e)) as QueryFailedError;
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(error.category).toBe('USER');
    expect(error.message).toBe("line 1:8: mismatched input 'FROM'. Expecting: '*', <expression>");
  });

  it('maps other AWS errors to 503 without leaking their text', async () => {
    const { engine, mocks } = mockedEngine();
    const secretish = 'User: arn:aws:sts::123456789012:assumed-role/proxy is not authorized';
    mocks.athena.on(StartQueryExecutionCommand).rejects(awsError('AccessDeniedException', secretish));
    const error = (await engine.startQuery(SQL, { callerId: 'c' }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect(error.message).toContain('AccessDeniedException');
    expect(error.message).not.toContain('123456789012');
  });
});

describe('Athena engine: status', () => {
  it('tolerates RUNNING → QUEUED and maps statistics', async () => {
    const { engine, mocks } = mockedEngine();
    const stats = {
      DataScannedInBytes: 12_345,
      EngineExecutionTimeInMillis: 800,
      QueryQueueTimeInMillis: 40,
      ResultReuseInformation: { ReusedPreviousResult: true },
    };
    mocks.athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(execution('SUCCEEDED', { stats }));
    const states = [];
    for (let i = 0; i < 4; i += 1) states.push((await engine.getQueryStatus('q-1')).state);
    expect(states).toEqual(['RUNNING', 'QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(await engine.getQueryStatus('q-1')).toEqual({
      queryId: 'q-1',
      state: 'SUCCEEDED',
      bytesScanned: 12_345,
      engineMs: 800,
      queueMs: 40,
      reusedPreviousResult: true,
    });
  });

  it.each([
    [1, 'Internal error', 'SYSTEM', 'OTHER'],
    [2, "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved", 'USER', 'OTHER'],
    [2, "SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'", 'USER', 'SYNTAX'],
    [3, 'Something else', 'SYSTEM', 'OTHER'],
  ])('maps FAILED with ErrorCategory %d (%s) to %s/%s', async (category, message, expected, kind) => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).resolves(
      execution('FAILED', {
        status: { AthenaError: { ErrorCategory: category, ErrorType: 1000, ErrorMessage: message } },
      }),
    );
    const status = await engine.getQueryStatus('q-1');
    expect(status.state).toBe('FAILED');
    expect(status.error).toEqual({ category: expected, kind, message });
  });

  it('reports a user cancel as CANCELLED but the workgroup scan cutoff as a SCAN_LIMIT failure', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('CANCELLED'))
      .resolves(
        execution('CANCELLED', {
          status: { StateChangeReason: 'Bytes scanned limit was exceeded' },
          stats: { DataScannedInBytes: 10_485_760 },
        }),
      );
    expect((await engine.getQueryStatus('q-1')).state).toBe('CANCELLED');
    const stopped = await engine.getQueryStatus('q-1');
    expect(stopped).toMatchObject({
      state: 'FAILED',
      bytesScanned: 10_485_760,
      error: { category: 'USER', kind: 'SCAN_LIMIT' },
    });
    expect(stopped.error?.message).toMatch(/Bytes scanned limit was exceeded/);
  });

  it('fails clearly on a state it does not know instead of polling forever', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).resolves(execution('PAUSED'));
    expect(await engine.getQueryStatus('q-1')).toMatchObject({ state: 'FAILED', error: { category: 'SYSTEM' } });
  });

  it('maps an id Athena does not know to UnknownQueryError', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena
      .on(GetQueryExecutionCommand)
      .rejects(awsError('InvalidRequestException', 'QueryExecution q-9 was not found'));
    await expect(engine.getQueryStatus('q-9')).rejects.toBeInstanceOf(UnknownQueryError);
  });
});

describe('Athena engine: cancel', () => {
  it('stops the query execution', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(StopQueryExecutionCommand).resolves({});
    await engine.cancelQuery('q-1');
    expect(mocks.athena.commandCalls(StopQueryExecutionCommand)[0].args[0].input).toEqual({ QueryExecutionId: 'q-1' });
  });

  it('maps an unknown id to UnknownQueryError', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(StopQueryExecutionCommand).rejects(awsError('InvalidRequestException', 'not found'));
    await expect(engine.cancelQuery('nope')).rejects.toBeInstanceOf(UnknownQueryError);
  });
});
