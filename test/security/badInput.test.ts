/**
 * Bad input through real HTTP: malformed, oversized and absurdly nested JSON, wrong types in every slot, bad dates,
 * huge IN lists, unknown operators and fields. Each gets a 4xx whose message names the problem; never a 5xx or a
 * crash, and the server answers a health check after every test.
 */
import { MAX_BODY_BYTES } from '../../proxy/src/http/handler';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { signedFetch, type CallResult } from '../../tools/signing/signedFetch';

let proxy: TestProxy;

const VALID = {
  database: 'lake',
  table: 'food_delivery_1_0_0',
  fields: [{ name: 'status' }, { name: 'record_count' }],
};
const post = (body: string) => signedFetch(proxy.url, TEST_CREDENTIALS, { method: 'POST', path: '/v1/queries', body });
const postSpec = (changes: Record<string, unknown>) => post(JSON.stringify({ ...VALID, ...changes }));
const filter = (clause: Record<string, unknown>) => ({
  dimensionsFilters: [[{ fieldName: 'status', type: 'INCLUDE', operator: 'EQUALS', values: ['x'], ...clause }]],
});

/** A 4xx in the one error shape, naming the problem, with no stack trace. */
function expectProblem(res: CallResult, status: number, mentions: string): void {
  expect([res.status, res.json?.error?.message]).toEqual([status, expect.stringContaining(mentions)]);
  expect(Object.keys(res.json)).toEqual(['error']);
  expect(typeof res.json.error.code).toBe('string');
  expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
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

describe('malformed and oversized bodies', () => {
  it.each([
    ['{', 'not valid JSON'],
    ['{"database": }', 'not valid JSON'],
    ['[1,]', 'not valid JSON'],
    ["{'database':'lake'}", 'not valid JSON'],
    ['\ufeff{}', 'not valid JSON'],
    ['{"a":1}{"b":2}', 'not valid JSON'],
    ['NaN', 'not valid JSON'],
    ['"text"', 'must be a JSON object'],
    ['123', 'must be a JSON object'],
    ['null', 'must be a JSON object'],
    ['[]', 'must be a JSON object'],
    ['   ', 'empty'],
  ])('%j', async (body, mentions) => {
    expectProblem(await post(body), 400, mentions);
  });

  it('exactly 1 MB is accepted; one byte more is a 413', async () => {
    const json = JSON.stringify(VALID);
    expect((await post(json + ' '.repeat(MAX_BODY_BYTES - json.length))).status).toBe(200);
    expectProblem(await post(json + ' '.repeat(MAX_BODY_BYTES - json.length + 1)), 413, 'larger than');
  });

  it('a 3 MB body is a 413', async () => {
    expectProblem(await postSpec({ pad: 'x'.repeat(3 * 1024 * 1024) }), 413, 'larger than');
  });

  it.each([
    ['100,000 nested arrays', '['.repeat(100_000) + ']'.repeat(100_000), 'must be a JSON object'],
    [
      '100,000 nested arrays as a filter',
      JSON.stringify(VALID).replace(/}$/, `,"dimensionsFilters":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`),
      'dimensionsFilters[0][0]',
    ],
    [
      '100,000 nested objects as a field name',
      JSON.stringify(VALID).replace('"name":"status"', `"name":${'{"name":'.repeat(100_000)}1${'}'.repeat(100_000)}`),
      'fields[0].name must be a string',
    ],
    [
      '100,000 nested objects under an unknown key',
      `{"deep":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
      'deep is not a known query property',
    ],
  ])('%s is a 400, not a stack overflow', async (_, body, mentions) => {
    expectProblem(await post(body), 400, mentions);
  });
});

describe('wrong types in every slot', () => {
  it.each<[string, unknown[]]>([
    ['database', [42, true, [], {}, null, '']],
    ['table', [42, false, ['x'], {}, null]],
    [
      'fields',
      [
        42,
        'status',
        {},
        [],
        [42],
        [{}],
        [{ name: 42 }],
        [{ name: 'status', extra: 1 }],
        [{ name: 'status', forFilterOnly: 'yes' }],
      ],
    ],
    [
      'dateRange',
      [
        '2024-01-01',
        42,
        [],
        {},
        { startDate: 20240101, endDate: '2024-01-02' },
        { startDate: '2024-01-01' },
        { startDate: '2024-01-01', endDate: '2024-01-02', tz: 'UTC' },
      ],
    ],
    ['dateColumn', [42, true, [], {}]],
    ['timeZone', [42, ['UTC'], {}]],
    [
      'dimensionsFilters',
      [
        42,
        'x',
        {},
        [42],
        [[42]],
        [{}],
        [[{ fieldName: 'status', values: 'x', operator: 'EQUALS' }]],
        [[{ fieldName: 'status', values: [1], operator: 'EQUALS' }]],
        [[{ fieldName: 'status', values: ['x'], operator: 'EQUALS', type: 'MAYBE' }]],
        [[{ fieldName: 'status', values: ['x'], operator: 'EQUALS', extra: true }]],
      ],
    ],
    ['limit', ['10', 1.5, -1, 0, 1e300, true, []]],
    ['aggregate', ['true', 1, {}]],
    ['sample', ['false', 0]],
    ['lastRefresh', [42, 'yesterday', []]],
    ['unknownKey', [1, null, 'x']],
  ])('%s', async (key, values) => {
    for (const value of values) {
      const res = await postSpec({ [key]: value });
      expect([key, value, res.status]).toEqual([key, value, 400]);
      expectProblem(res, 400, key);
    }
  });

  it('null in an optional slot means "absent"', async () => {
    expect((await postSpec({ limit: null, timeZone: null, dateRange: null, aggregate: null })).status).toBe(200);
  });
});

describe('values the compiler refuses', () => {
  it.each([
    [
      'an impossible start date',
      { dateColumn: 'dt', dateRange: { startDate: '2024-02-30', endDate: '2024-03-01' } },
      '2024-02-30',
    ],
    ['a month 13', { dateColumn: 'dt', dateRange: { startDate: '2024-01-01', endDate: '2024-13-01' } }, '2024-13-01'],
    [
      'a reversed range',
      { dateColumn: 'dt', dateRange: { startDate: '2024-03-02', endDate: '2024-03-01' } },
      'reversed',
    ],
    [
      'a date range without a date column',
      { dateRange: { startDate: '2024-03-01', endDate: '2024-03-02' } },
      'dateColumn',
    ],
    ['a non-date date column', { dateColumn: 'status' }, '"status" is not a date column'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'Mars/Olympus'],
    [
      '1,001 IN-list values',
      filter({ operator: 'IN_LIST', values: Array.from({ length: 1001 }, (_, i) => `v${i}`) }),
      'more than 1000',
    ],
    ['an unknown operator', filter({ operator: 'LIKE' }), 'operator must be one of'],
    ['a lower-case operator', filter({ operator: 'equals' }), 'operator must be one of'],
    ['an operator with SQL in it', filter({ operator: 'EQUALS; DROP TABLE x' }), 'operator must be one of'],
    ['an unknown field', { fields: [{ name: 'nope' }] }, 'Unknown field "nope"'],
    ['a quoted field name', { fields: [{ name: 'status"' }] }, 'Unknown field "status""'],
    ['an unknown filter field', filter({ fieldName: 'nope' }), 'Unknown field "nope"'],
    ['a NUL in a filter value', filter({ values: ['a\u0000b'] }), 'NUL'],
    ['an unknown database', { database: 'other' }, 'Unknown database "other"'],
  ])('%s', async (_, changes, mentions) => {
    expectProblem(await postSpec(changes), 400, mentions);
  });

  it('1,000 IN-list values are fine', async () => {
    expect(
      (await postSpec(filter({ operator: 'IN_LIST', values: Array.from({ length: 1000 }, (_, i) => `v${i}`) }))).status,
    ).toBe(200);
  });
});

it('no request of the suite was answered with a 5xx', () => {
  const requests = proxy.logs.filter((line) => line.event === 'request');
  expect(requests.length).toBeGreaterThan(80);
  expect(requests.filter((line) => Number(line.status) >= 500)).toEqual([]);
});
