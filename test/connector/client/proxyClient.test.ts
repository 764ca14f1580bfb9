import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest as SmithyRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ConnectorError, ProxyResponseError } from '../../../connector/src/errors';
import { TransportError } from '../../../connector/src/ports';
import { ProxyClient } from '../../../connector/src/client/proxyClient';
import { parseProxyUrl } from '../../../connector/src/client/proxyEndpoint';
import { MAX_ATTEMPTS } from '../../../connector/src/client/retryPolicy';
import { createFakeWorld, json, TEST_CREDENTIALS, type Route } from '../fakeServices';

function clientWith(routes: Record<string, Route>, budgetMs = 60_000) {
  const world = createFakeWorld(routes);
  const client = new ProxyClient(
    world.services,
    TEST_CREDENTIALS,
    parseProxyUrl(TEST_CREDENTIALS.path),
    world.clock.now + budgetMs,
  );
  return { world, client };
}

describe('ProxyClient signing', () => {
  it('signs for execute-api in the URL region exactly as @smithy/signature-v4 does, and lets UrlFetchApp set Host', async () => {
    const { world, client } = clientWith({ 'POST /prod/v1/queries': () => json(200, { ok: true }) });
    client.send({ method: 'post', path: '/v1/queries', body: { database: 'lake', table: 'größe' } });
    const sent = world.requests[0];
    expect(sent.headers.host).toBeUndefined();
    expect(sent.url).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/v1/queries');

    const oracle = new SignatureV4({
      service: 'execute-api',
      region: 'eu-west-1',
      sha256: Sha256,
      applyChecksum: false,
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: TEST_CREDENTIALS.secretAccessKey },
    });
    const expected = await oracle.sign(
      new SmithyRequest({
        method: 'POST',
        protocol: 'https:',
        hostname: 'abc123.execute-api.eu-west-1.amazonaws.com',
        path: '/prod/v1/queries',
        headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
        body: sent.payload,
      }),
      { signingDate: new Date(world.clock.now) },
    );
    expect(sent.headers.authorization).toBe(expected.headers.authorization);
    expect(sent.headers['x-amz-date']).toBe(expected.headers['x-amz-date']);
  });
});

describe('ProxyClient retries', () => {
  it('retries 503 with backoff and returns the eventual answer', () => {
    const { world, client } = clientWith({
      'GET /prod/v1/catalog': (_, attempt) =>
        attempt < 3 ? json(503, { error: { code: 'ENGINE_UNAVAILABLE', message: 'x' } }) : json(200, { databases: [] }),
    });
    expect(client.send({ method: 'get', path: '/v1/catalog' }).body).toEqual({ databases: [] });
    expect(world.sleeps).toEqual([500, 1000]);
  });

  it('honours Retry-After on 429 and re-signs every attempt', () => {
    const { world, client } = clientWith({
      'GET /prod/v1/catalog': (_, attempt) =>
        attempt === 1
          ? json(429, { error: { code: 'TOO_MANY_QUERIES', message: 'busy' } }, { 'Retry-After': '3' })
          : json(200, {}),
    });
    client.send({ method: 'get', path: '/v1/catalog' });
    expect(world.sleeps).toEqual([3000]);
    expect(world.requests[0].headers['x-amz-date']).not.toBe(world.requests[1].headers['x-amz-date']);
  });

  it('retries transport failures, then gives up after the bounded number of attempts', () => {
    const { world, client } = clientWith({ 'GET /prod/v1/health': () => new TransportError('DNS error') });
    expect(() => client.send({ method: 'get', path: '/v1/health' })).toThrow(TransportError);
    expect(world.requests).toHaveLength(MAX_ATTEMPTS);
  });

  it('does not retry past the deadline', () => {
    const { world, client } = clientWith(
      {
        'GET /prod/v1/catalog': () =>
          json(429, { error: { code: 'TOO_MANY_QUERIES', message: 'busy' } }, { 'retry-after': '20' }),
      },
      10_000,
    );
    expect(() => client.send({ method: 'get', path: '/v1/catalog' })).toThrow(ProxyResponseError);
    expect(world.requests).toHaveLength(1);
    expect(world.sleeps).toEqual([]);
  });

  it('does not retry a 400 and surfaces the proxy error code, message and details', () => {
    const { world, client } = clientWith({
      'POST /prod/v1/queries': () =>
        json(400, { error: { code: 'UNKNOWN_FIELD', message: 'Unknown field "x".', details: { field: 'x' } } }),
    });
    const error = captureError(() => client.send({ method: 'post', path: '/v1/queries', body: {} }));
    expect(error).toMatchObject({
      status: 400,
      code: 'UNKNOWN_FIELD',
      message: 'Unknown field "x".',
      details: { field: 'x' },
    });
    expect(world.requests).toHaveLength(1);
  });

  it('retries only the failed requests of a parallel batch', () => {
    const { world, client } = clientWith({
      'GET /prod/v1/a': () => json(200, 'a'),
      'GET /prod/v1/b': (_, attempt) => (attempt === 1 ? json(502, {}) : json(200, 'b')),
    });
    const answers = client.sendAll([
      { method: 'get', path: '/v1/a' },
      { method: 'get', path: '/v1/b' },
    ]);
    expect(answers.map((a) => a.body)).toEqual(['a', 'b']);
    expect(world.batches).toEqual([2, 1]);
  });
});

describe('ProxyClient answers that are not the proxy', () => {
  it("reads API Gateway's own 403 body as FORBIDDEN", () => {
    const { client } = clientWith({
      'GET /prod/v1/health': () => json(403, { message: 'The security token included in the request is invalid.' }),
    });
    expect(captureError(() => client.send({ method: 'get', path: '/v1/health' }))).toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
  });

  it('retries a non-JSON 200 (a cut-off answer), then reports MALFORMED_RESPONSE', () => {
    const { client } = clientWith({ 'GET /prod/v1/health': () => ({ status: 200, headers: {}, body: '<html>' }) });
    expect(captureError(() => client.send({ method: 'get', path: '/v1/health' }))).toMatchObject({
      code: 'MALFORMED_RESPONSE',
    });
  });

  it("reports a 5xx without the proxy's error body as PROXY_UNAVAILABLE and a 4xx one as BAD_RESPONSE", () => {
    const { client } = clientWith({
      'GET /prod/v1/health': () => ({ status: 502, headers: {}, body: '{"message": "Internal server error"}' }),
      'GET /prod/v1/catalog': () => ({ status: 404, headers: {}, body: '<html>not here</html>' }),
    });
    expect(captureError(() => client.send({ method: 'get', path: '/v1/health' }))).toMatchObject({
      code: 'PROXY_UNAVAILABLE',
      status: 502,
    });
    expect(captureError(() => client.send({ method: 'get', path: '/v1/catalog' }))).toMatchObject({
      code: 'BAD_RESPONSE',
      status: 404,
    });
  });

  it('refuses URLs longer than UrlFetchApp accepts', () => {
    const { client } = clientWith({});
    expect(() => client.send({ method: 'get', path: `/v1/queries/q?cursor=${'x'.repeat(2100)}` })).toThrow(
      ConnectorError,
    );
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
