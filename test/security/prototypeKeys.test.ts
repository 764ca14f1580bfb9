/**
 * Keys that come from a request (header names, query keys, token parts, field ids, filter values, JSON keys) must
 * never reach an inherited property: every parser is fed the prototype names, alone and mixed with ordinary text,
 * and must answer with a clear 4xx (or accept them as plain data), never a TypeError or a 500.
 */
import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { parseAuthorization } from '../../proxy/src/auth/authorizationHeader';
import { collectHeaders } from '../../proxy/src/local/aws/requestPolicy';
import { verifySigV4 } from '../../proxy/src/local/aws/verifySigV4';
import { compileQuery } from '../../proxy/src/sql/compileQuery';
import { parsePortableRegex } from '../../proxy/src/sql/portableRegex';
import { ProxyError } from '../../proxy/src/errors';
import { matchRoute } from '../../proxy/src/http/routes';
import { toApiGatewayEvent } from '../../proxy/src/local/nodeAdapter';
import { parseQuerySpec } from '../../proxy/src/service/parseQuerySpec';
import { decodeCursor, decodeQueryHandle } from '../../proxy/src/service/queryHandle';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { signedFetch } from '../../tools/signing/signedFetch';
import { EVENTS, OPTIONS } from '../support/tableFixtures';
import { sendRaw } from './rawHttp';

const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'prototype',
  '__defineGetter__',
  'isPrototypeOf',
] as const;
const protoName = fc.constantFrom(...PROTOTYPE_NAMES);
/** Prototype names most of the time, ordinary short words otherwise. */
const key = fc.oneof({ weight: 4, arbitrary: protoName }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,8}$/) });
const RUNS = { numRuns: 200 };

/** Runs `parse`; it may succeed or throw a ProxyError with a 4xx status, but nothing else. */
function expectCleanOutcome(parse: () => unknown): void {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(ProxyError);
    expect((err as ProxyError).status).toBeGreaterThanOrEqual(400);
    expect((err as ProxyError).status).toBeLessThan(500);
  }
}

describe('every parser treats prototype names as plain data', () => {
  it('the node adapter keeps every header and query key as an own entry', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.stringMatching(/^[a-z0-9]{0,6}$/)), { maxLength: 6 }), (pairs) => {
        const rawHeaders = pairs.flatMap(([name, value]) => [name, value]);
        const query = pairs.map(([name, value]) => `${encodeURIComponent(name)}=${value}`).join('&');
        const event = toApiGatewayEvent(
          { url: `/v1/health?${query}`, rawHeaders, method: 'GET' } as unknown as IncomingMessage,
          Buffer.alloc(0),
        );
        for (const [name, value] of pairs) {
          const header = name.toLowerCase(); // header names are case-insensitive; the adapter lower-cases them
          expect(Object.hasOwn(event.multiValueHeaders, header)).toBe(true);
          expect(event.multiValueHeaders[header]).toContain(value);
          expect(typeof event.headers[header]).toBe('string');
          expect(Object.hasOwn(event.multiValueQueryStringParameters ?? {}, name)).toBe(true);
          expect(event.multiValueQueryStringParameters?.[name]).toContain(value);
        }
        expect(Object.keys(event.headers).sort()).toEqual(
          [...new Set(pairs.map(([name]) => name.toLowerCase()))].sort(),
        );
      }),
      RUNS,
    );
  });

  it('the SigV4 verifier rejects (never throws) requests whose headers or query use prototype names', () => {
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), (names) => {
        const headers = Object.create(null) as Record<string, string[]>;
        for (const name of names) headers[name] = ['x'];
        headers.authorization = [
          `AWS4-HMAC-SHA256 Credential=${names[0]}/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=${names[0]};host, Signature=${'0'.repeat(64)}`,
        ];
        expect(collectHeaders(headers).get(names[0].toLowerCase())).toEqual(expect.arrayContaining(['x']));
        const result = verifySigV4(
          { method: 'GET', path: '/v1/health', query: headers, headers, body: '' },
          { credentials: () => undefined, region: 'us-east-1', now: new Date() },
        );
        expect(result.ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('the Authorization header parser rejects prototype-named components', () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        const result = parseAuthorization(`AWS4-HMAC-SHA256 ${a}=x, ${b}=y, Signature=${'0'.repeat(64)}`);
        expect(result.ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('query-id tokens with a prototype-named data type or format are a 400', () => {
    fc.assert(
      fc.property(key, key, fc.constantFrom('text', ...PROTOTYPE_NAMES), (name, type, format) => {
        const raw = Buffer.from(`v1~abc-123~0~~${name}:${type}:${format}`, 'utf8').toString('base64url');
        expect(() => decodeQueryHandle(raw)).toThrow(expect.objectContaining({ status: 400 }));
      }),
      RUNS,
    );
    // A prototype name as a column name is only a name: the data type still has to be real.
    const ok = decodeQueryHandle(Buffer.from('v1~abc~0~~constructor:S:text', 'utf8').toString('base64url'));
    expect(ok.columns).toEqual([{ name: 'constructor', dataType: 'STRING', format: 'text' }]);
  });

  it('cursors and routes with prototype names are clean 4xx', () => {
    fc.assert(
      fc.property(key, key, (method, segment) => {
        expectCleanOutcome(() => decodeCursor(segment, 100));
        expectCleanOutcome(() => matchRoute(method, `/v1/${segment}`));
        expectCleanOutcome(() => matchRoute(method, `/v1/queries/${segment}`));
        expectCleanOutcome(() => parsePortableRegex(`\\${segment}`));
      }),
      RUNS,
    );
  });

  it('query bodies with prototype-named keys anywhere are a 400', () => {
    const where = fc.constantFrom('top', 'field', 'clause', 'dateRange');
    fc.assert(
      fc.property(key, where, (name, at) => {
        const body = JSON.parse(
          JSON.stringify({
            database: 'lake',
            table: 'events',
            fields: [{ name: 'country' }],
            dimensionsFilters: [[{ fieldName: 'country', operator: 'EQUALS', values: ['x'] }]],
            dateRange: { startDate: '2024-01-01', endDate: '2024-01-02' },
          }),
        );
        const target =
          at === 'top'
            ? body
            : at === 'field'
              ? body.fields[0]
              : at === 'clause'
                ? body.dimensionsFilters[0][0]
                : body.dateRange;
        Object.defineProperty(target, name, { value: 1, enumerable: true, configurable: true, writable: true });
        expect(() => parseQuerySpec(body)).toThrow(expect.objectContaining({ status: 400 }));
      }),
      RUNS,
    );
    // JSON.parse makes "__proto__" an own key, as a Lambda event body would.
    expect(() =>
      parseQuerySpec(JSON.parse('{"__proto__":{"fields":[]},"database":"lake","table":"t","fields":[{"name":"a"}]}')),
    ).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('field ids, filter fields and filter values named like prototype properties compile or fail with 4xx', () => {
    const operator = fc.constantFrom('EQUALS', 'IN_LIST', 'CONTAINS', 'REGEXP_EXACT_MATCH', 'NUMERIC_GREATER_THAN');
    fc.assert(
      fc.property(key, key, key, operator, (field, filterField, value, op) => {
        for (const spec of [
          { database: 'lake', table: 'events', fields: [{ name: field }] },
          {
            database: 'lake',
            table: 'events',
            fields: [{ name: 'country' }],
            dimensionsFilters: [[{ fieldName: filterField, operator: op, type: 'INCLUDE', values: [value] }]],
          },
          {
            database: 'lake',
            table: 'events',
            fields: [{ name: 'country' }],
            dimensionsFilters: [[{ fieldName: 'country', operator: op, type: 'INCLUDE', values: [value] }]],
          },
        ]) {
          expectCleanOutcome(() => compileQuery(parseQuerySpec(spec), EVENTS, OPTIONS));
        }
      }),
      RUNS,
    );
  });
});

describe('over HTTP', () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await startTestProxy({ rows: 500, days: 3 });
  });
  afterAll(() => proxy.stop());

  it.each(PROTOTYPE_NAMES)('an unsigned request with a %s header or query key is a 403', async (name) => {
    const res = await sendRaw(proxy.url, {
      method: 'GET',
      target: `/v1/health?${name}=1`,
      headers: [
        ['host', '127.0.0.1'],
        [name, 'x'],
      ],
    });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: expect.objectContaining({ code: 'FORBIDDEN' }) });
  });

  // Not `__proto__`: @smithy/signature-v4 builds its canonical query in a plain object and drops that key, so its
  // signature does not cover the parameter and the proxy rightly refuses it (API Gateway would too).
  it.each(PROTOTYPE_NAMES.filter((n) => n !== '__proto__'))(
    'a signed request with a %s query key is served',
    async (name) => {
      const res = await signedFetch(proxy.url, TEST_CREDENTIALS, {
        method: 'GET',
        path: '/v1/health',
        query: { [name]: '1' },
      });
      expect(res.status).toBe(200);
    },
  );
});
