/**
 * A reduced load run (10 signed clients for 3 s over loopback, half the queries built to miss the cache): no request
 * may fail, and memory must not keep growing between the first and the last third of the run. Full size and
 * figures: `npm run load --`. No assertion on timings.
 */
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { rssThirds, runLoad } from '../../tools/load/loadRunner';

let proxy: TestProxy;

beforeAll(async () => {
  proxy = await startTestProxy({ rows: 20_000 });
});

afterAll(async () => {
  await proxy?.stop();
});

it('10 clients for 3 s: every request succeeds, cached and uncached, and RSS stays flat', async () => {
  const report = await runLoad({
    url: proxy.url,
    credentials: TEST_CREDENTIALS,
    clients: 10,
    durationMs: 3000,
    uncachedShare: 0.5,
    sampleEveryMs: 200,
  });
  expect(report.errorExamples).toEqual([]);
  expect(report.errors).toBe(0);
  expect(report.outcomes).toEqual({ 200: report.requests });
  expect(report.requests).toBeGreaterThanOrEqual(10);
  expect(report.cachedAnswers).toBeGreaterThan(0);
  expect(report.uncachedRequests).toBeGreaterThan(0);
  expect(report.samples.length).toBeGreaterThanOrEqual(6);
  const { first, last } = rssThirds(report.samples);
  // Generous on purpose: the result cache and DuckDB's buffers fill up during a run; a leak grows without bound.
  expect(last).toBeLessThan(first * 1.5 + 100);
});
