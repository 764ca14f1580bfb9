/**
 * The Athena engine through the real SDK against the Athena API double, for what needs the wire: injected faults
 * (throttling, concurrency quota, scripted states, failures, scan cutoff, cancel), ClientRequestToken idempotency,
 * result reuse reading the previous query's file, and GetQueryResults paging as Athena does it.
 */
import { AthenaClient, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { createAthenaEngine, createAwsClients, destroyAwsClients } from '../../../proxy/src/engines/athena';
import { QueryCancelledError, ScanLimitExceededError, TooManyQueriesError } from '../../../proxy/src/errors';
import { startAthenaDouble } from '../../../testing/athenaDouble/server';
import { BIG_ROWS, CONTRACT_DATABASE as DB } from '../../engine-contract/contractLake';
import { BIG_SQL } from '../../engine-contract/largeResultContract';
import { runToEnd, waitForFinal } from '../../engine-contract/runQuery';
import { useAthenaOverDouble } from '../../engine-contract/athenaOverDouble';

const SMALL_SQL = `SELECT "id", "name" FROM "${DB}"."typed" ORDER BY "id"`;

const world = useAthenaOverDouble({ resultReuseMaxAgeMinutes: 0 });
const engine = world.engine;

describe('Athena engine over the API double: faults', () => {
  it('retries throttled status calls and still finishes', async () => {
    const athena = engine();
    const queryId = await athena.startQuery(SMALL_SQL, { callerId: 'throttle' });
    const before = world.double().calls('AmazonAthena.GetQueryExecution');
    world.double().throttle('AmazonAthena.GetQueryExecution', 2);
    expect((await waitForFinal(athena, queryId)).state).toBe('SUCCEEDED');
    expect(world.double().calls('AmazonAthena.GetQueryExecution') - before).toBeGreaterThanOrEqual(3);
  });

  it('answers a full concurrency quota with 429 after a single attempt', async () => {
    world.double().rejectStarts(1);
    const before = world.double().calls('AmazonAthena.StartQueryExecution');
    await expect(engine().startQuery(SMALL_SQL, { callerId: 'busy' })).rejects.toBeInstanceOf(TooManyQueriesError);
    expect(world.double().calls('AmazonAthena.StartQueryExecution') - before).toBe(1);
  });

  it('follows queued polls and RUNNING → QUEUED flaps to the end', async () => {
    const athena = engine();
    world.double().scriptNextQuery({ polls: ['QUEUED', 'RUNNING', 'QUEUED', 'RUNNING'] });
    const queryId = await athena.startQuery(SMALL_SQL, { callerId: 'flaps' });
    const states = [];
    for (let i = 0; i < 4; i += 1) states.push((await athena.getQueryStatus(queryId)).state);
    expect(states).toEqual(['QUEUED', 'RUNNING', 'QUEUED', 'RUNNING']);
    expect((await waitForFinal(athena, queryId)).state).toBe('SUCCEEDED');
  });

  it('reports a slow queue as QUEUED', async () => {
    const athena = engine();
    world.double().scriptNextQuery({ queuedForMs: 60_000 });
    const queryId = await athena.startQuery(SMALL_SQL, { callerId: 'slow' });
    expect((await athena.getQueryStatus(queryId)).state).toBe('QUEUED');
    await athena.cancelQuery(queryId);
    expect((await waitForFinal(athena, queryId)).state).toBe('CANCELLED');
  });

  it.each([
    [1, 'SYSTEM'],
    [2, 'USER'],
  ] as const)('maps a failure with ErrorCategory %d to %s', async (category, expected) => {
    const athena = engine();
    world.double().scriptNextQuery({ outcome: { fail: { category, message: `boom ${category}` } } });
    const status = await waitForFinal(athena, await athena.startQuery(SMALL_SQL, { callerId: `fail-${category}` }));
    expect(status).toMatchObject({
      state: 'FAILED',
      error: { category: expected, kind: 'OTHER', message: `boom ${category}` },
    });
  });

  it('turns the workgroup scan cutoff into SCAN_LIMIT, and a cancel into CANCELLED', async () => {
    const athena = engine();
    world.double().scriptNextQuery({ outcome: 'scanCutoff' });
    const stopped = await athena.startQuery(SMALL_SQL, { callerId: 'cutoff' });
    expect(await waitForFinal(athena, stopped)).toMatchObject({
      state: 'FAILED',
      error: { kind: 'SCAN_LIMIT', category: 'USER' },
    });
    await expect(athena.readResults(stopped, 0, 10)).rejects.toBeInstanceOf(ScanLimitExceededError);
    world.double().scriptNextQuery({ outcome: 'cancel' });
    const cancelled = await athena.startQuery(SMALL_SQL, { callerId: 'cancelled' });
    expect((await waitForFinal(athena, cancelled)).state).toBe('CANCELLED');
    await expect(athena.readResults(cancelled, 0, 10)).rejects.toBeInstanceOf(QueryCancelledError);
  });

  it('stops a query scanning more than the workgroup cutoff', async () => {
    const guarded = await startAthenaDouble({ engine: world.duckdb(), bytesScannedCutoffPerQuery: 1000 });
    const guardedClients = createAwsClients(guarded.clientConfig);
    try {
      const athena = createAthenaEngine({
        ...guardedClients,
        workGroup: guarded.workGroup,
        databases: [DB],
        resultReuseMaxAgeMinutes: 0,
      });
      const status = await waitForFinal(athena, await athena.startQuery(BIG_SQL, { callerId: 'cutoff' }));
      expect(status).toMatchObject({ state: 'FAILED', bytesScanned: 1000, error: { kind: 'SCAN_LIMIT' } });
    } finally {
      destroyAwsClients(guardedClients);
      await guarded.close();
    }
  });

  it('survives one S3 SlowDown on the result file (the S3 client keeps the SDK retry)', async () => {
    const athena = engine();
    const { queryId } = await runToEnd(athena, SMALL_SQL, 0, 1);
    world.double().throttle('S3.GetObject', 1);
    expect((await athena.readResults(queryId, 0, 5000)).totalRows).toBe(5);
  });
});

describe('Athena engine over the API double: idempotency and reuse', () => {
  it('re-attaches a retried start to the same execution', async () => {
    const athena = engine();
    const before = world.double().executionCount();
    const first = await athena.startQuery(`${SMALL_SQL} LIMIT 4`, { callerId: 'retry' });
    expect(await athena.startQuery(`${SMALL_SQL} LIMIT 4`, { callerId: 'retry' })).toBe(first);
    expect(world.double().executionCount() - before).toBe(1);
  });

  it('reads a reused result from the earlier query’s file and counts its rows without statistics', async () => {
    const runAs = async (callerId: string) => {
      const athena = engine({ resultReuseMaxAgeMinutes: 60 });
      const queryId = await athena.startQuery(BIG_SQL, { callerId });
      return { queryId, status: await waitForFinal(athena, queryId) };
    };
    const original = await runAs('alice');
    const reused = await runAs('bob');
    expect(reused.queryId).not.toBe(original.queryId);
    expect(original.status).toMatchObject({ state: 'SUCCEEDED', reusedPreviousResult: false });
    expect(reused.status).toMatchObject({ state: 'SUCCEEDED', reusedPreviousResult: true, bytesScanned: 0 });
    const slice = await engine().readResults(reused.queryId, 1000, 3);
    expect(slice.totalRows).toBe(BIG_ROWS);
    expect(slice.rows.map((r) => r[0])).toEqual(['1000', '1001', '1002']);
  });
});

describe('the API double itself', () => {
  it('pages GetQueryResults by 1,000 rows, header row on the first page only, and checks idempotency tokens', async () => {
    const raw = new AthenaClient({ ...world.double().clientConfig, maxAttempts: 1 });
    try {
      const { QueryExecutionId } = await raw.send(
        new StartQueryExecutionCommand({ QueryString: BIG_SQL, WorkGroup: world.double().workGroup }),
      );
      await waitForFinal(engine(), QueryExecutionId ?? '');
      const first = await raw.send(new GetQueryResultsCommand({ QueryExecutionId, MaxResults: 1000 }));
      const second = await raw.send(
        new GetQueryResultsCommand({ QueryExecutionId, MaxResults: 1000, NextToken: first.NextToken }),
      );
      // Athena names result columns as the SELECT list does (docs/athena.md#the-api-double).
      expect(first.ResultSet?.Rows?.[0].Data?.map((d) => d.VarCharValue)).toEqual(['id', 'label', 'value', 'dt']);
      expect(first.ResultSet?.Rows?.[1].Data?.[0].VarCharValue).toBe('0');
      expect(first.ResultSet?.Rows?.[1].Data?.[1]).toEqual({});
      expect(second.ResultSet?.Rows?.[0].Data?.[0].VarCharValue).toBe('999');
      expect(second.ResultSet?.Rows).toHaveLength(1000);
      const token = 'a'.repeat(40);
      await raw.send(
        new StartQueryExecutionCommand({
          QueryString: SMALL_SQL,
          WorkGroup: world.double().workGroup,
          ClientRequestToken: token,
        }),
      );
      await expect(
        raw.send(
          new StartQueryExecutionCommand({
            QueryString: BIG_SQL,
            WorkGroup: world.double().workGroup,
            ClientRequestToken: token,
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidRequestException', message: 'Idempotent parameters do not match' });
    } finally {
      raw.destroy();
    }
  });

  it.each(['AmazonAthena.toString', 'AmazonAthena.constructor', 'AWSGlue.hasOwnProperty', 'AWSGlue.CreateTable'])(
    'answers %s, which it does not implement, with UnknownOperationException',
    async (target) => {
      const response = await fetch(world.double().endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body: '{}',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        __type: 'UnknownOperationException',
        message: `The double does not implement ${target}.`,
      });
    },
  );
});
