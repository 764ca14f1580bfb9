/**
 * Refresh and retry semantics of the Athena engine (docs/athena.md#result-reuse, #retries, #start-errors), against
 * aws-sdk-client-mock: reuse bounded by the caller, a retry after FAILED/CANCELLED never re-attaches to the dead
 * execution while identical live requests share one token, retryable failures are waited out, deployment errors
 * at start are 503s for the operator.
 */
import {
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { EngineUnavailableError, QueryFailedError } from '../../../../proxy/src/errors';
import { awsError, execution, mockedEngine } from './mockedEngine';

const SQL = 'SELECT count(*) FROM "analytics"."events"';

function startInputs(mocks: ReturnType<typeof mockedEngine>['mocks']) {
  return mocks.athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input);
}

describe('Athena engine: result reuse follows the caller', () => {
  it('turns reuse off when the caller allows 0 minutes, bounds it otherwise, and keys the token on it', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    await engine.startQuery(SQL, { callerId: 'c' });
    await engine.startQuery(SQL, { callerId: 'c', reuseMaxAgeMinutes: 0 });
    await engine.startQuery(SQL, { callerId: 'c', reuseMaxAgeMinutes: 5 });
    await engine.startQuery(SQL, { callerId: 'c', reuseMaxAgeMinutes: 600 });
    const inputs = startInputs(mocks);
    expect(inputs.map((input) => input.ResultReuseConfiguration?.ResultReuseByAgeConfiguration)).toEqual([
      { Enabled: true, MaxAgeInMinutes: 60 },
      { Enabled: false },
      { Enabled: true, MaxAgeInMinutes: 5 },
      { Enabled: true, MaxAgeInMinutes: 60 },
    ]);
    // Another reuse setting is another idempotent parameter set, so it must be another token.
    const tokens = inputs.map((input) => input.ClientRequestToken);
    expect(new Set(tokens.slice(0, 3)).size).toBe(3);
    expect(tokens[3]).toBe(tokens[0]);
  });
});

describe('Athena engine: retries never re-attach to a dead execution', () => {
  it.each([
    [
      'FAILED',
      execution('FAILED', { status: { AthenaError: { ErrorCategory: 1, Retryable: false, ErrorMessage: 'boom' } } }),
    ],
    ['CANCELLED', execution('CANCELLED')],
  ])('starts a new execution after %s within the same minute', async (_state, dead) => {
    const { engine, mocks, advanceClock } = mockedEngine();
    mocks.athena
      .on(StartQueryExecutionCommand)
      .resolvesOnce({ QueryExecutionId: 'q-1' })
      .resolves({ QueryExecutionId: 'q-2' });
    mocks.athena.on(GetQueryExecutionCommand).resolves(dead);
    expect(await engine.startQuery(SQL, { callerId: 'c' })).toBe('q-1');
    expect((await engine.getQueryStatus('q-1')).state).toBe(
      dead.QueryExecution.Status!.State === 'FAILED' ? 'FAILED' : 'CANCELLED',
    );
    advanceClock(1_000);
    await engine.startQuery(SQL, { callerId: 'c' });
    const [first, retry] = startInputs(mocks).map((input) => input.ClientRequestToken);
    expect(retry).not.toBe(first);
  });

  it('makes every refresh (lastRefresh) a new request to Athena, on any instance, while equal ones share a token', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    await engine.startQuery(SQL, { callerId: 'c', notBefore: 1_000 });
    await engine.startQuery(SQL, { callerId: 'c', notBefore: 1_000 });
    await engine.startQuery(SQL, { callerId: 'c', notBefore: 2_000 });
    const tokens = startInputs(mocks).map((input) => input.ClientRequestToken);
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).not.toBe(tokens[0]);
  });

  it('does not rerun a query the scan cutoff stopped (that would bill the cutoff again for the same error)', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    mocks.athena
      .on(GetQueryExecutionCommand)
      .resolves(execution('CANCELLED', { status: { StateChangeReason: 'Bytes scanned limit was exceeded' } }));
    await engine.startQuery(SQL, { callerId: 'c' });
    expect((await engine.getQueryStatus('q-1')).error?.kind).toBe('SCAN_LIMIT');
    await engine.startQuery(SQL, { callerId: 'c' });
    const [first, retry] = startInputs(mocks).map((input) => input.ClientRequestToken);
    expect(retry).toBe(first);
  });

  it('starts a new execution after the proxy itself cancelled one', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    mocks.athena.on(StopQueryExecutionCommand).resolves({});
    await engine.startQuery(SQL, { callerId: 'c' });
    await engine.cancelQuery('q-1');
    await engine.startQuery(SQL, { callerId: 'c' });
    const [first, retry] = startInputs(mocks).map((input) => input.ClientRequestToken);
    expect(retry).not.toBe(first);
  });

  it('keeps one token for identical requests while the execution is alive (10 concurrent starts)', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    mocks.athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    await Promise.all(Array.from({ length: 10 }, () => engine.startQuery(SQL, { callerId: 'c' })));
    await engine.getQueryStatus('q-1');
    await engine.startQuery(SQL, { callerId: 'c' });
    expect(new Set(startInputs(mocks).map((input) => input.ClientRequestToken)).size).toBe(1);
  });

  it('salts again after the retry died too, so a third attempt is new as well', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena
      .on(StartQueryExecutionCommand)
      .resolvesOnce({ QueryExecutionId: 'q-1' })
      .resolvesOnce({ QueryExecutionId: 'q-2' })
      .resolves({ QueryExecutionId: 'q-3' });
    mocks.athena.on(GetQueryExecutionCommand).resolves(execution('CANCELLED'));
    for (const id of ['q-1', 'q-2']) {
      await engine.startQuery(SQL, { callerId: 'c' });
      await engine.getQueryStatus(id);
    }
    await engine.startQuery(SQL, { callerId: 'c' });
    expect(new Set(startInputs(mocks).map((input) => input.ClientRequestToken)).size).toBe(3);
  });
});

describe('Athena engine: retryable failures are waited out', () => {
  const retryable = execution('FAILED', {
    status: { AthenaError: { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: 'transient' } },
  });

  it('reports FAILED + Retryable as QUEUED during the grace period, then as FAILED', async () => {
    const { engine, mocks, advanceClock } = mockedEngine({ retryableFailureGraceMs: 30_000 });
    mocks.athena.on(GetQueryExecutionCommand).resolves(retryable);
    expect((await engine.getQueryStatus('q-1')).state).toBe('QUEUED');
    advanceClock(29_000);
    expect((await engine.getQueryStatus('q-1')).state).toBe('QUEUED');
    advanceClock(1_000);
    const status = await engine.getQueryStatus('q-1');
    expect(status.state).toBe('FAILED');
    expect(status.error?.category).toBe('SYSTEM');
  });

  it('follows a FAILED → QUEUED → SUCCEEDED flap to the data', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(retryable)
      .resolvesOnce(execution('QUEUED'))
      .resolves(execution('SUCCEEDED'));
    const states = [];
    for (let i = 0; i < 3; i += 1) states.push((await engine.getQueryStatus('q-1')).state);
    expect(states).toEqual(['QUEUED', 'QUEUED', 'SUCCEEDED']);
  });

  it('reports a non-retryable user failure at once', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).resolves(
      execution('FAILED', {
        status: { AthenaError: { ErrorCategory: 2, Retryable: false, ErrorMessage: 'COLUMN_NOT_FOUND' } },
      }),
    );
    expect((await engine.getQueryStatus('q-1')).state).toBe('FAILED');
  });
});

describe('Athena engine: deployment errors at start are the operator’s, spec errors the user’s', () => {
  it.each([
    ['WorkGroup looker-proxy is not found.', 'WORKGROUP_NOT_FOUND', /workgroup does not exist/],
    ['WorkGroup looker-proxy is disabled.', 'WORKGROUP_DISABLED', /disabled/],
    [
      'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
      'NO_OUTPUT_LOCATION',
      /result location/,
    ],
    ['Idempotent parameters do not match', 'IDEMPOTENT_PARAMETERS_MISMATCH', /retry in a minute/],
  ])('%s → 503 %s', async (awsMessage, reason, advice) => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(StartQueryExecutionCommand).rejects(awsError('InvalidRequestException', awsMessage));
    const error = (await engine.startQuery(SQL, { callerId: 'c' }).catch((e: unknown) => e)) as EngineUnavailableError;
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect(error.status).toBe(503);
    expect(error.message).toMatch(advice);
    expect(error.details).toEqual({ reason });
  });

  it('keeps a refused query text a 400', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena
      .on(StartQueryExecutionCommand)
      .rejects(awsError('InvalidRequestException', 'line 1:1: Invalid numeric literal'));
    const error = (await engine.startQuery(SQL, { callerId: 'c' }).catch((e: unknown) => e)) as QueryFailedError;
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(error.status).toBe(400);
  });
});

describe('Athena engine: the workgroup scan cutoff is recognised in any documented field and wording', () => {
  it.each([
    ['CANCELLED', { StateChangeReason: 'Bytes scanned limit was exceeded' }],
    [
      'CANCELLED',
      { StateChangeReason: 'Query cancelled: the data scanned exceeded the per-query data usage control limit' },
    ],
    [
      'FAILED',
      {
        AthenaError: {
          ErrorCategory: 2,
          ErrorType: 1100,
          Retryable: false,
          ErrorMessage: 'Query exceeded BytesScannedCutoffPerQuery',
        },
      },
    ],
    [
      'FAILED',
      {
        AthenaError: {
          ErrorCategory: 2,
          ErrorType: 1100,
          Retryable: false,
          ErrorMessage: 'bytes scanned exceeded the workgroup cutoff',
        },
      },
    ],
  ])('%s with %j is SCAN_LIMIT', async (state, status) => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).resolves(execution(state, { status }));
    const result = await engine.getQueryStatus('q-1');
    expect(result).toMatchObject({ state: 'FAILED', error: { kind: 'SCAN_LIMIT', category: 'USER' } });
  });

  it('does not mistake a user cancel or another failure for it', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('CANCELLED'))
      .resolves(
        execution('FAILED', {
          status: { AthenaError: { ErrorCategory: 2, Retryable: false, ErrorMessage: 'COLUMN_NOT_FOUND: line 1:8' } },
        }),
      );
    expect((await engine.getQueryStatus('q-1')).state).toBe('CANCELLED');
    expect((await engine.getQueryStatus('q-2')).error?.kind).not.toBe('SCAN_LIMIT');
  });
});
