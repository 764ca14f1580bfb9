/**
 * The BUILT connector against the real proxy wiring on the Athena engine (serveAthenaProxy.ts in a child process:
 * SigV4 check → Lambda handler → real AWS SDK → the Athena API double over DuckDB), with Athena misbehaving through
 * the double's fault injection: FAILED (USER and SYSTEM), CANCELLED, the workgroup scan cutoff, throttled status
 * calls, the concurrent-query quota, and a queue slower than the connector's deadline. The proxy's wait budget is
 * 0 ms, so queries answer 202 and the connector polls on its virtual clock (faultWorld.ts).
 *
 * Each test asks for its own row limit, so its SQL differs from every other test's: neither the proxy's result
 * cache nor Athena result reuse can answer it, and the scripted fault lands on its own execution.
 */
import * as path from 'node:path';
import type { GetDataResponse } from '../../connector/src/lookerTypes';
import type { LookerValue } from '../../protocol/contract';
import { MAX_ATTEMPTS } from '../../connector/src/client/retryPolicy';
import { CONCURRENCY_RETRY_AFTER_SECONDS } from '../../proxy/src/engines/athena/awsErrors';
import type { QueryScript } from '../../testing/athenaDouble/executions';
import { startChildServer, type ChildServer } from './childServer';
import {
  buildBundle,
  FAULT_CREDENTIALS,
  LEAK,
  openWorld,
  userErrorOf,
  type BuiltBundle,
  type FaultWorldOptions,
} from './faultWorld';
import type { AthenaFaultCommand, AthenaFaultCounts, AthenaProxyOptions } from './serveAthenaProxy';

let bundle: BuiltBundle;
let proxy: ChildServer;

beforeAll(async () => {
  const options: AthenaProxyOptions = { credentials: FAULT_CREDENTIALS, waitBudgetMs: 0, lakeEndDate: '2024-03-10' };
  [bundle, proxy] = await Promise.all([
    buildBundle(),
    startChildServer(path.join(__dirname, 'serveAthenaProxy.ts'), options),
  ]);
});

afterAll(async () => {
  await proxy?.close();
  bundle?.remove();
});

/** One row per currency: far fewer than any row limit below, so every successful test gets the same rows. */
const FIELDS = [{ name: 'currency' }, { name: 'record_count' }, { name: 'amount' }];
let nextRowLimit = 100_000;

/** A getData request no earlier test has sent (see the file comment). */
function freshRequest() {
  nextRowLimit += 1;
  return {
    configParams: {
      database: 'lake',
      table: 'payment_requested_1_0_0',
      dateColumn: '(none)',
      rowLimit: String(nextRowLimit),
    },
    fields: FIELDS,
  };
}

const control = (command: AthenaFaultCommand) => proxy.control<AthenaFaultCounts>(command);

/** Applies the fault, runs getData in a fresh world, and reports the traffic the connector and Athena saw. */
async function runGetData(fault: AthenaFaultCommand, options: FaultWorldOptions = {}) {
  const before = await control(fault);
  const world = openWorld(bundle.bundlePath, proxy.url, options);
  const outcome = world.connector.call<GetDataResponse>('getData', freshRequest());
  const after = await control({});
  const athenaCalls = (target: string) =>
    after.calls[`AmazonAthena.${target}`] - before.calls[`AmazonAthena.${target}`];
  const fetches = world.services.fetches;
  return {
    outcome,
    sleeps: [...world.services.sleeps],
    sleptMs: world.sleptMs(),
    athenaCalls,
    answers: fetches,
    posts: fetches.filter((f) => f.method === 'POST'),
    polls: fetches.filter((f) => f.method === 'GET' && !f.url.includes('cursor=')),
  };
}

const script = (queryScript: QueryScript): AthenaFaultCommand => ({ script: queryScript });

function expectAdvice(outcome: Awaited<ReturnType<typeof runGetData>>['outcome'], advice: RegExp): string {
  const { text } = userErrorOf(outcome);
  expect(text).toMatch(advice);
  expect(text).not.toMatch(LEAK);
  return text;
}

let healthyRows: LookerValue[][];

/** Same rows as the baseline; sums of doubles may differ in the last bits because DuckDB adds in varying order. */
function expectHealthyRows(outcome: Awaited<ReturnType<typeof runGetData>>['outcome']): void {
  const rows = outcome.ok ? outcome.value.rows.map((r) => r.values) : [];
  expect(rows.map(([currency, count]) => [currency, count])).toEqual(
    healthyRows.map(([currency, count]) => [currency, count]),
  );
  rows.forEach((row, i) => expect(row[2]).toBeCloseTo(healthyRows[i][2] as number, 6));
}

describe('the healthy path (the baseline every fault is compared with)', () => {
  it('polls the Athena-backed proxy and returns the rows', async () => {
    const { outcome, polls } = await runGetData({});
    expect(outcome.ok).toBe(true);
    healthyRows = outcome.ok ? outcome.value.rows.map((r) => r.values) : [];
    expect(healthyRows.length).toBeGreaterThan(1);
    expect(healthyRows.length).toBeLessThan(nextRowLimit); // the row limit cut nothing, so later limits give these rows too
    expect(polls.length).toBeGreaterThan(0);
  });
});

describe('queries Athena does not finish', () => {
  it('FAILED, USER category: the query problem in the text, and no retry of a final answer', async () => {
    const message = "COLUMN_NOT_FOUND: line 1:8: Column 'currency' cannot be resolved";
    const { outcome, answers } = await runGetData(script({ outcome: { fail: { category: 2, message } } }));
    expectAdvice(outcome, /The query failed: COLUMN_NOT_FOUND: .*Column 'currency' cannot be resolved/);
    expect(answers.filter((f) => f.status === 400)).toHaveLength(1);
  });

  it('FAILED, SYSTEM category: retried a bounded number of times with growing waits, then a user error', async () => {
    const { outcome, answers, sleeps } = await runGetData(
      script({ outcome: { fail: { category: 1, message: 'Internal service error' } } }),
    );
    expectAdvice(outcome, /engine failed while running the query\. Please try again in a minute/);
    expect(answers.filter((f) => f.status === 502)).toHaveLength(MAX_ATTEMPTS);
    const retryWaits = sleeps.slice(-(MAX_ATTEMPTS - 1));
    retryWaits.slice(1).forEach((ms, i) => expect(ms).toBeGreaterThan(retryWaits[i]));
  });

  it('CANCELLED: says so and to refresh', async () => {
    const { outcome } = await runGetData(script({ outcome: 'cancel' }));
    expectAdvice(outcome, /query was cancelled\. Refresh the report/);
  });

  it('stopped by the workgroup scan cutoff: names the scan limit and how to read less', async () => {
    const { outcome } = await runGetData(script({ outcome: 'scanCutoff' }));
    expectAdvice(outcome, /per-query limit.*Bytes scanned limit was exceeded.*Narrow the date range or add filters/);
  });
});

describe('Athena throttling and quotas', () => {
  it('GetQueryExecution throttled: the proxy backs off and the result is still complete', async () => {
    const { outcome, athenaCalls } = await runGetData({
      throttle: { target: 'AmazonAthena.GetQueryExecution', count: 6 },
    });
    expectHealthyRows(outcome);
    expect(athenaCalls('GetQueryExecution')).toBeGreaterThan(6);
  });

  it('CONCURRENT_QUERY_LIMIT_EXCEEDED twice: the connector waits as told and then gets every row', async () => {
    const { outcome, posts, sleeps, athenaCalls } = await runGetData({ rejectStarts: 2 });
    expectHealthyRows(outcome);
    expect(posts.map((f) => f.status)).toEqual([429, 429, 202]);
    expect(sleeps.slice(0, 2)).toEqual([
      CONCURRENCY_RETRY_AFTER_SECONDS * 1000,
      CONCURRENCY_RETRY_AFTER_SECONDS * 1000,
    ]);
    expect(athenaCalls('StartQueryExecution')).toBe(3);
  });

  it('CONCURRENT_QUERY_LIMIT_EXCEEDED throughout: "too many queries, retry" after bounded attempts, no hot loop', async () => {
    const { outcome, posts, sleeps, athenaCalls } = await runGetData({ rejectStarts: MAX_ATTEMPTS });
    expectAdvice(outcome, /Too many queries are running at the moment\. Please try again in a minute\./);
    expect(posts.map((f) => f.status)).toEqual(Array(MAX_ATTEMPTS).fill(429));
    expect(sleeps).toEqual(Array(MAX_ATTEMPTS - 1).fill(CONCURRENCY_RETRY_AFTER_SECONDS * 1000));
    expect(athenaCalls('StartQueryExecution')).toBe(MAX_ATTEMPTS);
  });
});

// Last on purpose: the proxy keeps polling the queued execution in the background, which would take throttling
// tokens meant for a later test.
describe('a queue slower than the connector’s deadline', () => {
  it('stops polling before the deadline and names the query to come back to', async () => {
    const deadlineSeconds = 10;
    const { outcome, polls, sleeps, sleptMs } = await runGetData(script({ queuedForMs: 10 * 60_000 }), {
      deadlineSeconds,
    });
    const text = expectAdvice(
      outcome,
      /Query \S+ is still running and this request is out of time\. Refresh the report in a minute/,
    );
    const queryId = decodeURIComponent(/\/v1\/queries\/([^?]+)/.exec(polls[0].url)?.[1] ?? '');
    expect(queryId.length).toBeGreaterThan(0);
    expect(text).toContain(`Query ${queryId} `);
    expect(polls.every((f) => f.status === 202)).toBe(true);
    expect(sleptMs).toBeLessThan(deadlineSeconds * 1000);
    sleeps.slice(1).forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual(sleeps[i]));
    expect(sleeps[sleeps.length - 1]).toBeGreaterThan(sleeps[0]);
  });
});
