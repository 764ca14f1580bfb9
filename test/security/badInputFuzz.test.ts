/**
 * Fuzzed request bodies through real HTTP: random JSON, random text and random mutations of a valid spec. The answer
 * is always 200, 202, 400 or 413 (never a 5xx), every 4xx has the error shape, and the server keeps serving.
 * Sizes: env FUZZ_RUNS (shared with the injection fuzz), default ~100 requests per property.
 */
import fc from 'fast-check';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { signedFetch } from '../../tools/signing/signedFetch';
import { hostileText } from '../../tools/fuzz/corpus';
import { fuzzRuns } from '../../tools/fuzz/injectionChecks';

let proxy: TestProxy;

const VALID = {
  database: 'lake',
  table: 'food_delivery_1_0_0',
  fields: [{ name: 'status' }, { name: 'city' }, { name: 'record_count' }],
  dateColumn: 'dt',
  dateRange: { startDate: '2026-09-01', endDate: '2026-09-30' },
  dimensionsFilters: [[{ fieldName: 'city', type: 'INCLUDE', operator: 'IN_LIST', values: ['Berlin', 'Lisbon'] }]],
};
const KEYS = [...Object.keys(VALID), 'timeZone', 'limit', 'aggregate', 'sample', 'lastRefresh'];

type Spec = Record<string, unknown>;
type Mutation = (spec: Spec) => void;

const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileText, fc.array(hostileText, { maxLength: 3 }));

/** One random change to a spec: a key set or removed, a field name or a filter part replaced. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), anyValue)
    .map(([key, value]): Mutation => (spec) => {
      spec[key] = value;
    }),
  fc.constantFrom(...KEYS).map((key): Mutation => (spec) => {
    delete spec[key];
  }),
  anyValue.map((value): Mutation => (spec) => {
    spec.fields = [{ name: value }];
  }),
  fc
    .tuple(fc.constantFrom('fieldName', 'values', 'type', 'operator', 'extra'), anyValue)
    .map(([part, value]): Mutation => (spec) => {
      spec.dimensionsFilters = [[{ ...VALID.dimensionsFilters[0][0], [part]: value }]];
    }),
  fc.tuple(fc.constantFrom('startDate', 'endDate'), anyValue).map(([part, value]): Mutation => (spec) => {
    spec.dateRange = { ...VALID.dateRange, [part]: value };
  }),
);

const mutatedSpec = fc.array(mutation, { minLength: 1, maxLength: 3 }).map((changes) => {
  const spec: Spec = structuredClone(VALID);
  for (const change of changes) change(spec);
  return JSON.stringify(spec);
});

async function expectSaneAnswer(body: string): Promise<void> {
  const res = await signedFetch(proxy.url, TEST_CREDENTIALS, { method: 'POST', path: '/v1/queries', body });
  if (![200, 202, 400, 413].includes(res.status))
    throw new Error(`status ${res.status} for ${body.slice(0, 500)}: ${res.text.slice(0, 500)}`);
  if (res.status >= 400) {
    const error = res.json?.error;
    if (
      Object.keys(res.json ?? {}).join() !== 'error' ||
      typeof error?.code !== 'string' ||
      typeof error?.message !== 'string'
    ) {
      throw new Error(`not the error shape: ${res.text.slice(0, 500)}`);
    }
  }
}

beforeAll(async () => {
  proxy = await startTestProxy({ rows: 3000 });
});

afterEach(async () => {
  expect((await signedFetch(proxy.url, TEST_CREDENTIALS, { method: 'GET', path: '/v1/health' })).status).toBe(200);
});

afterAll(async () => {
  await proxy?.stop();
});

it('the valid spec the mutations start from is answered 200', async () => {
  const res = await signedFetch(proxy.url, TEST_CREDENTIALS, {
    method: 'POST',
    path: '/v1/queries',
    body: JSON.stringify(VALID),
  });
  expect(res.status).toBe(200);
  expect(res.json.filtersApplied).toBe(true);
});

it('random JSON values', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), (value) => expectSaneAnswer(JSON.stringify(value) ?? 'null')),
    { numRuns: fuzzRuns(100, 0.02) },
  );
});

it('random text', async () => {
  await fc.assert(fc.asyncProperty(fc.oneof(hostileText, fc.string({ unit: 'binary' })), expectSaneAnswer), {
    numRuns: fuzzRuns(100, 0.02),
  });
});

it('random mutations of a valid spec', async () => {
  await fc.assert(fc.asyncProperty(mutatedSpec, expectSaneAnswer), { numRuns: fuzzRuns(150, 0.03) });
});

it('no request of the suite was answered with a 5xx', () => {
  const requests = proxy.logs.filter((line) => line.event === 'request');
  expect(requests.length).toBeGreaterThan(300);
  expect(requests.filter((line) => Number(line.status) >= 500)).toEqual([]);
});
