/**
 * Admission control (proxy/src/admission/admission.ts) through HTTP: with one query running and one queued at most,
 * a burst of distinct queries gets 429s with a Retry-After header and the rest succeed; nothing else happens, and
 * the refused queries succeed when retried after the burst.
 */
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { signedFetch, type CallResult } from '../../tools/signing/signedFetch';

let proxy: TestProxy;

/** Raw rows of the biggest sample table: slow enough that the burst arrives while the first query runs. */
const distinctSpec = (i: number) =>
  JSON.stringify({
    database: 'lake',
    table: 'app_log_1_0_0',
    aggregate: false,
    fields: [{ name: 'message' }, { name: 'logtype' }],
    limit: 1_000_000 - i,
  });

async function finalAnswer(body: string): Promise<CallResult> {
  let res = await signedFetch(proxy.url, TEST_CREDENTIALS, { method: 'POST', path: '/v1/queries', body });
  while (res.status === 202) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    res = await signedFetch(proxy.url, TEST_CREDENTIALS, { method: 'GET', path: `/v1/queries/${res.json.queryId}` });
  }
  return res;
}

beforeAll(async () => {
  proxy = await startTestProxy({ rows: 20_000, settings: { maxConcurrentQueries: 1, maxQueuedQueries: 1 } });
});

afterAll(async () => {
  await proxy?.stop();
});

it('a burst of 20 distinct queries: some 429 with Retry-After, the rest 200, nothing else', async () => {
  const bodies = Array.from({ length: 20 }, (_, i) => distinctSpec(i));
  const answers = await Promise.all(bodies.map(finalAnswer));
  const refused = answers.filter((a) => a.status === 429);
  const succeeded = answers.filter((a) => a.status === 200);
  expect(refused.length + succeeded.length).toBe(answers.length);
  expect(refused.length).toBeGreaterThan(0);
  expect(succeeded.length).toBeGreaterThanOrEqual(2);
  for (const answer of refused) {
    expect(answer.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(answer.json.error.code).toBe('TOO_MANY_QUERIES');
    expect(answer.json.error.details.retryAfterSeconds).toBe(Number(answer.headers['retry-after']));
  }
  // One at a time now the burst is over, so every retry is admitted.
  for (const [i, answer] of answers.entries()) {
    if (answer.status === 429) expect((await finalAnswer(bodies[i])).status).toBe(200);
  }
});
