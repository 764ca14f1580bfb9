/**
 * The BUILT connector against a misbehaving proxy (misbehavingProxy.ts in a child process): 5xx with and without
 * the proxy's error body, 429 with Retry-After, hangs past the fetch timeout, malformed JSON, short, misnumbered and
 * missing pages. Every fault must end in a Looker Studio user error with advice — never `ok: true` with part of the
 * rows — after a bounded number of attempts whose waits grow (the harness records Utilities.sleep; the clock is
 * virtual, so nothing here waits for real and nothing asserts wall-clock time).
 */
import * as path from 'node:path';
import type { GetDataResponse } from '../../connector/src/lookerTypes';
import { MAX_ATTEMPTS } from '../../connector/src/client/retryPolicy';
import { startChildServer, type ChildServer } from './childServer';
import { buildBundle, LEAK, openWorld, userErrorOf, type BuiltBundle, type FaultWorldOptions } from './faultWorld';
import { pageRows, type Fault, type StubCounts, type StubPlan } from './stubPlan';

let bundle: BuiltBundle;
let stub: ChildServer;

beforeAll(async () => {
  [bundle, stub] = await Promise.all([
    buildBundle(),
    startChildServer(path.join(__dirname, 'misbehavingProxy.ts'), {}),
  ]);
});

afterAll(async () => {
  await stub?.close();
  bundle?.remove();
});

const FIELDS = [{ name: 'city' }, { name: 'amount' }];
const REQUEST = { configParams: { database: 'lake', table: 'orders' }, fields: FIELDS };

const withProxyBody = (status: number, retryAfter?: string): Fault => ({
  kind: 'status',
  status,
  body: 'proxy',
  retryAfter,
});
const withoutProxyBody = (status: number, body: 'gateway' | 'html'): Fault => ({ kind: 'status', status, body });

/** Installs `plan`, runs one entry point in a fresh signed-in world and returns what the stub and harness saw. */
async function run(plan: StubPlan, entryPoint = 'getData', request: object = REQUEST, options: FaultWorldOptions = {}) {
  await stub.control(plan);
  const world = openWorld(bundle.bundlePath, stub.url, options);
  const outcome = world.connector.call<GetDataResponse>(entryPoint, request);
  const counts = await stub.control<StubCounts>({ read: true });
  return { outcome, counts, sleeps: [...world.services.sleeps] };
}

/** Each wait longer than the one before: exponential backoff, not a fixed-rate hammer. */
function expectGrowing(sleeps: number[]): void {
  sleeps.slice(1).forEach((ms, i) => expect(ms).toBeGreaterThan(sleeps[i]));
}

function expectAdvice(outcome: Awaited<ReturnType<typeof run>>['outcome'], advice: RegExp): string {
  const { text } = userErrorOf(outcome);
  expect(text).toMatch(advice);
  expect(text).not.toMatch(LEAK);
  return text;
}

describe('the healthy stub (so that every fault below is the only difference)', () => {
  it('returns all rows of a three-page result', async () => {
    const { outcome, counts } = await run({ result: { totalRows: 10, pageRows: 4 } });
    expect(outcome.ok).toBe(true);
    const rows = outcome.ok ? outcome.value.rows.map((r) => r.values) : [];
    expect(rows).toEqual([0, 1, 2].flatMap((page) => pageRows({ totalRows: 10, pageRows: 4 }, FIELDS, page)));
    expect(counts.pages).toEqual({ 1: 1, 2: 1 });
  });
});

describe('5xx answers', () => {
  it.each([
    [500, /internal error.*try again in a minute/i],
    [502, /query failed/i],
    [503, /engine is unavailable.*try again in a minute/i],
    [504, /took too long.*narrow the date range/i],
  ])('HTTP %i with the proxy’s error body: %s after a bounded, growing backoff', async (status, advice) => {
    const { outcome, counts, sleeps } = await run({ routes: { startQuery: { fault: withProxyBody(status) } } });
    expectAdvice(outcome, advice);
    expect(counts.routes.startQuery).toBe(MAX_ATTEMPTS);
    expect(sleeps).toHaveLength(MAX_ATTEMPTS - 1);
    expectGrowing(sleeps);
  });

  it.each([
    [502, 'gateway'],
    [503, 'html'],
  ] as const)(
    'HTTP %i without the proxy’s body (%s page): a user error after bounded retries',
    async (status, body) => {
      const { outcome, counts, sleeps } = await run({
        routes: { startQuery: { fault: withoutProxyBody(status, body) } },
      });
      const { text, debugText } = userErrorOf(outcome);
      expect(text).not.toMatch(LEAK);
      expect(text).toMatch(/temporarily unavailable\. Please try again in a minute/);
      expect(debugText).toContain(String(status));
      expect(counts.routes.startQuery).toBe(MAX_ATTEMPTS);
      expectGrowing(sleeps);
    },
  );

  it('recovers from two 503s and then returns the complete result', async () => {
    const { outcome, counts, sleeps } = await run({ routes: { startQuery: { fault: withProxyBody(503), times: 2 } } });
    expect(outcome.ok && outcome.value.rows).toHaveLength(10);
    expect(counts.routes.startQuery).toBe(3);
    expect(sleeps).toHaveLength(2);
    expectGrowing(sleeps);
  });

  it('retries a failing status poll a bounded number of times, then gives the proxy’s advice', async () => {
    const plan: StubPlan = {
      result: { totalRows: 10, pageRows: 4, pendingPolls: 2 },
      routes: { poll: { fault: withProxyBody(500) } },
    };
    const { outcome, counts } = await run(plan);
    expectAdvice(outcome, /internal error.*try again in a minute/i);
    expect(counts.routes.poll).toBe(MAX_ATTEMPTS);
    expect(counts.pages).toEqual({});
  });

  it('getSchema: a 503 on the table schema ends in advice after bounded retries', async () => {
    const plan: StubPlan = { routes: { tableSchema: { fault: withProxyBody(503) } } };
    const { outcome, counts, sleeps } = await run(plan, 'getSchema', { configParams: REQUEST.configParams });
    expectAdvice(outcome, /engine is unavailable.*try again in a minute/i);
    expect(counts.routes.tableSchema).toBe(MAX_ATTEMPTS);
    expectGrowing(sleeps);
  });
});

describe('429 with Retry-After', () => {
  it('waits what the proxy asks between a bounded number of attempts, then says to retry later', async () => {
    const { outcome, counts, sleeps } = await run({ routes: { startQuery: { fault: withProxyBody(429, '3') } } });
    expectAdvice(outcome, /too many queries.*try again in a minute/i);
    expect(counts.routes.startQuery).toBe(MAX_ATTEMPTS);
    expect(sleeps).toEqual(Array(MAX_ATTEMPTS - 1).fill(3000));
  });

  it('does not wait past the deadline: a Retry-After longer than the time left fails at once', async () => {
    const plan: StubPlan = { routes: { startQuery: { fault: withProxyBody(429, '30') } } };
    const { outcome, counts, sleeps } = await run(plan, 'getData', REQUEST, { deadlineSeconds: 10 });
    expectAdvice(outcome, /too many queries/i);
    expect(counts.routes.startQuery).toBe(1);
    expect(sleeps).toEqual([]);
  });
});

describe('timeouts and malformed answers', () => {
  const fast = { fetchTimeoutMs: 300 };

  it('a proxy that hangs past the fetch timeout: "cannot reach" advice after bounded retries', async () => {
    const { outcome, counts, sleeps } = await run(
      { routes: { startQuery: { fault: { kind: 'hang' } } } },
      'getData',
      REQUEST,
      fast,
    );
    expectAdvice(outcome, /cannot reach the query proxy.*retry/i);
    expect(counts.routes.startQuery).toBe(MAX_ATTEMPTS);
    expectGrowing(sleeps);
  });

  it('getConfig: a catalog that hangs becomes the same advice, not an opaque failure', async () => {
    const { outcome, counts } = await run(
      { routes: { catalog: { fault: { kind: 'hang' } } } },
      'getConfig',
      { languageCode: 'en' },
      fast,
    );
    expectAdvice(outcome, /cannot reach the query proxy/i);
    expect(counts.routes.catalog).toBe(MAX_ATTEMPTS);
  });

  it('one page that hangs fails the whole result', async () => {
    const { outcome, counts } = await run({ pages: { 2: { fault: { kind: 'hang' } } } }, 'getData', REQUEST, fast);
    expectAdvice(outcome, /cannot reach the query proxy/i);
    expect(counts.pages[2]).toBe(MAX_ATTEMPTS);
  });

  it('malformed JSON from the proxy is retried a bounded number of times, then a retry-later user error', async () => {
    const { outcome, counts } = await run({ routes: { startQuery: { fault: { kind: 'malformed' } } } });
    const { text, debugText } = userErrorOf(outcome);
    expect(text).toMatch(/incomplete answer\. Please try again in a minute/);
    expect(debugText).toMatch(/not JSON/);
    expect(counts.routes.startQuery).toBe(MAX_ATTEMPTS);
  });

  it('a malformed later page fails the whole result', async () => {
    const { outcome } = await run({ pages: { 1: { fault: { kind: 'malformed' } } } });
    expect(userErrorOf(outcome).debugText).toMatch(/not JSON/);
  });
});

describe('truncated and missing pages never pass as complete', () => {
  it.each([
    [
      'a single page with fewer rows than it promises',
      { totalRows: 10, pageRows: 10, shortPage: 0, shortBy: 3 },
      /expected 10 rows, received 7/,
    ],
    ['a later page one row short', { totalRows: 10, pageRows: 4, shortPage: 2 }, /expected 10 rows, received 9/],
    [
      'page 0 without the cursor of its last page',
      { totalRows: 10, pageRows: 4, dropCursor: true },
      /3 pages announced, 2 addressable/,
    ],
    [
      'a page that says it is another page',
      { totalRows: 10, pageRows: 4, misnumberPage: 1 },
      /asked for page 1, got page 2/,
    ],
  ])('%s', async (_, result, detail) => {
    const { outcome } = await run({ result });
    const text = expectAdvice(outcome, /incomplete result for query q-1\. Refresh the report/);
    expect(text).toContain('q-1');
    expect(userErrorOf(outcome).debugText).toMatch(detail);
  });

  it('a page cursor answering 404 (result expired): advice to refresh, no retry of a final answer', async () => {
    const { outcome, counts } = await run({ pages: { 1: { fault: withProxyBody(404) } } });
    expectAdvice(outcome, /expired.*refresh the report/i);
    expect(counts.pages).toEqual({ 1: 1, 2: 1 });
  });

  it('a page cursor answering 500: only that page is retried, boundedly, and nothing is returned', async () => {
    const { outcome, counts, sleeps } = await run({ pages: { 2: { fault: withProxyBody(500) } } });
    expectAdvice(outcome, /internal error.*try again in a minute/i);
    expect(counts.pages).toEqual({ 1: 1, 2: MAX_ATTEMPTS });
    expectGrowing(sleeps);
  });
});
