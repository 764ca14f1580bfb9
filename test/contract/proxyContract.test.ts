/**
 * Golden contract, proxy side: every fixture request in test/contract/*.json, sent to a live local proxy over the
 * same deterministic sample lake, gets exactly the fixture's answer (query ids and timings aside). The connector
 * asserts its encoder and decoder against the same files, so the two sides cannot drift apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeQueryHandle } from '../../proxy/src/service/queryHandle';
import { signedFetch } from '../../tools/signing/signedFetch';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { CONTRACT_LAKE, CONTRACT_SETTINGS } from '../../tools/contract/contractLake';

interface Fixture {
  description: string;
  request: { method: string; path: string; query?: Record<string, string>; body?: unknown };
  response: { status: number; body: any };
}

const fixtures: Record<string, Fixture> = Object.fromEntries(
  readdirSync(__dirname)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(__dirname, f), 'utf8'))]),
);

/** The value before its MAC (query ids are `<token>.<mac>`, cursors `<offset>.<limit>.<mac>`). */
const unsealed = (text: string) => text.slice(0, text.lastIndexOf('.'));

/** Values that differ between runs by design: engine query ids inside tokens, MACs, and timings. */
function stable(body: any): any {
  if (!body || typeof body !== 'object') return body;
  const copy = { ...body };
  if (typeof copy.queryId === 'string') {
    const token = decodeQueryHandle(unsealed(copy.queryId));
    copy.queryId = { columns: token.columns, filtersApplied: token.filtersApplied };
  }
  if (Array.isArray(copy.cursors)) copy.cursors = copy.cursors.map(unsealed);
  if (copy.stats) copy.stats = { ...copy.stats, engineMs: 'ms', queueMs: 'ms' };
  return copy;
}

let proxy: TestProxy;
const send = (request: Fixture['request']) =>
  signedFetch(proxy.url, TEST_CREDENTIALS, {
    ...request,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });

beforeAll(async () => {
  proxy = await startTestProxy({ rows: CONTRACT_LAKE.rows, days: CONTRACT_LAKE.days, settings: CONTRACT_SETTINGS });
});
afterAll(() => proxy.stop());

describe('proxy answers every golden request with the golden response', () => {
  it('has a fixture for every message of the contract', () => {
    expect(Object.keys(fixtures).sort()).toEqual([
      'catalog',
      'error-unknown-field',
      'health',
      'query-cancel',
      'query-page',
      'query-pending',
      'query-succeeded',
      'table-schema',
      'table-schema-raw',
    ]);
  });

  it.each(['health', 'catalog', 'table-schema', 'table-schema-raw', 'error-unknown-field'])('%s', async (name) => {
    const { request, response } = fixtures[name];
    const res = await send(request);
    expect({ status: res.status, body: res.json }).toEqual(response);
  });

  it('query-succeeded, then query-page with its cursor, then query-cancel', async () => {
    const first = await send(fixtures['query-succeeded'].request);
    expect({ status: first.status, body: stable(first.json) }).toEqual({
      status: 200,
      body: stable(fixtures['query-succeeded'].response.body),
    });
    const pageRequest = {
      ...fixtures['query-page'].request,
      path: `/v1/queries/${first.json.queryId}`,
      query: { cursor: first.json.cursors[0] },
    };
    const page = await send(pageRequest);
    expect({ status: page.status, body: stable(page.json) }).toEqual({
      status: 200,
      body: stable(fixtures['query-page'].response.body),
    });
    const cancel = await send({ ...fixtures['query-cancel'].request, path: `/v1/queries/${first.json.queryId}` });
    expect(cancel.status).toBe(200);
    expect(cancel.json).toEqual({ queryId: first.json.queryId, state: 'CANCELLED' });
  });

  it('query-pending: the golden 202 body is what a budget-exhausted start answers', async () => {
    const slow = await startTestProxy({ lakeDir: proxy.lakeDir, settings: { ...CONTRACT_SETTINGS, waitBudgetMs: 0 } });
    try {
      const res = await signedFetch(slow.url, TEST_CREDENTIALS, {
        method: 'POST',
        path: '/v1/queries',
        body: JSON.stringify(fixtures['query-pending'].request.body),
      });
      const golden = fixtures['query-pending'].response;
      expect(res.status).toBe(golden.status);
      expect(Object.keys(res.json).sort()).toEqual(Object.keys(golden.body).sort());
      expect(stable(res.json).queryId).toEqual(stable(golden.body).queryId);
      expect(res.json.retryAfterMs).toBe(golden.body.retryAfterMs);
    } finally {
      await slow.stop();
    }
  });
});
