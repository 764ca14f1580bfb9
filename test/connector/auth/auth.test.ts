import {
  describeAuthType,
  forgetCredentials,
  hasValidCredentials,
  storeCredentials,
} from '../../../connector/src/auth/auth';
import { CREDENTIALS_PROPERTY, parseCredentialInput } from '../../../connector/src/auth/credentials';
import { CREDENTIALS_HELP_URL } from '../../../connector/src/links';
import { TransportError } from '../../../connector/src/ports';
import { createFakeWorld, json, TEST_CREDENTIALS, type Route } from '../fakeServices';

const healthy: Route = () =>
  json(200, { status: 'ok', version: 'v1', engine: 'duckdb', identity: 'AKIDEXAMPLE00000001' });
const forbidden: Route = () =>
  json(403, { error: { code: 'FORBIDDEN', message: 'The request signature is missing or invalid.' } });
const input = (overrides: Record<string, string> = {}) => ({
  pathUserPass: {
    path: TEST_CREDENTIALS.path,
    username: TEST_CREDENTIALS.accessKeyId,
    password: TEST_CREDENTIALS.secretAccessKey,
    ...overrides,
  },
});

describe('getAuthType', () => {
  it('is PATH_USER_PASS with the credentials help link', () => {
    expect(describeAuthType(createFakeWorld({}).services)).toEqual({
      type: 'PATH_USER_PASS',
      helpUrl: CREDENTIALS_HELP_URL,
    });
    expect(CREDENTIALS_HELP_URL).toMatch(/^https:\/\/.+#credentials$/);
  });
});

describe('setCredentials', () => {
  it('stores credentials in user properties only after a signed health check succeeds', () => {
    const world = createFakeWorld({ 'GET /prod/v1/health': healthy });
    expect(storeCredentials(input(), world.services)).toEqual({ errorCode: 'NONE' });
    expect(world.requests.map((r) => r.url)).toEqual([
      'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/v1/health',
    ]);
    expect(world.requests[0].headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE00000001\/\d{8}\/eu-west-1\/execute-api\//,
    );
    expect(JSON.parse(world.userProperties.getProperty(CREDENTIALS_PROPERTY) ?? '')).toEqual(TEST_CREDENTIALS);
    expect(world.scriptProperties.getKeys()).toEqual([]);
  });

  it.each([
    ['the proxy rejects the signature', forbidden],
    ['the URL is not the proxy API', () => json(404, { message: 'Not Found' })],
    ['the proxy cannot be reached', () => new TransportError('Address unavailable')],
  ])('answers INVALID_CREDENTIALS and stores nothing when %s', (_, route) => {
    const world = createFakeWorld({ 'GET /prod/v1/health': route });
    expect(storeCredentials(input(), world.services)).toEqual({ errorCode: 'INVALID_CREDENTIALS' });
    expect(world.userProperties.getKeys()).toEqual([]);
  });

  it.each([
    ['an http URL to a remote host', { path: 'http://proxy.example.com/prod' }],
    ['a URL with a query string', { path: 'https://proxy.example.com/prod?x=1' }],
    ['a malformed access key id', { username: 'not a key' }],
    ['an empty secret', { password: '' }],
    ['a secret with two token separators', { password: 'a|b|c' }],
  ])('rejects %s without calling anything', (_, overrides) => {
    const world = createFakeWorld({ 'GET /prod/v1/health': healthy });
    expect(storeCredentials(input(overrides), world.services)).toEqual({ errorCode: 'INVALID_CREDENTIALS' });
    expect(world.requests).toEqual([]);
  });

  it('accepts secret|sessionToken and signs with the token', () => {
    const world = createFakeWorld({ 'GET /prod/v1/health': healthy });
    expect(
      storeCredentials(
        input({ password: `${TEST_CREDENTIALS.secretAccessKey}|FQoGZXIvYXdzEXAMPLE==` }),
        world.services,
      ),
    ).toEqual({
      errorCode: 'NONE',
    });
    expect(world.requests[0].headers['x-amz-security-token']).toBe('FQoGZXIvYXdzEXAMPLE==');
  });

  it('never logs the secret', () => {
    const world = createFakeWorld({ 'GET /prod/v1/health': forbidden });
    storeCredentials(input(), world.services);
    expect(world.logs.join('\n')).not.toContain(TEST_CREDENTIALS.secretAccessKey);
    expect(world.logs.join('\n')).toMatch(/rejected/);
  });
});

describe('isAuthValid and resetAuth', () => {
  it('is false without credentials, true after setCredentials, and false again after resetAuth', () => {
    const world = createFakeWorld({ 'GET /prod/v1/health': healthy });
    expect(hasValidCredentials(world.services)).toBe(false);
    storeCredentials(input(), world.services);
    expect(hasValidCredentials(world.services)).toBe(true);
    forgetCredentials(world.services);
    expect(hasValidCredentials(world.services)).toBe(false);
    expect(world.userProperties.getKeys()).toEqual([]);
  });

  it('re-checks with the proxy at most every few minutes, keyed by a hash that does not reveal the secret', () => {
    const world = createFakeWorld({ 'GET /prod/v1/health': healthy });
    storeCredentials(input(), world.services);
    hasValidCredentials(world.services);
    expect(world.requests).toHaveLength(1);
    world.clock.now += 10 * 60 * 1000;
    expect(hasValidCredentials(world.services)).toBe(true);
    expect(world.requests).toHaveLength(2);
    const keys = [...world.userCache.entries.keys()];
    expect(keys.every((k) => !k.includes(TEST_CREDENTIALS.secretAccessKey) && k.length <= 250)).toBe(true);
  });

  it('turns false when the proxy starts rejecting the stored key, but stays true through an outage', () => {
    let route: Route = forbidden;
    const world = createFakeWorld({ 'GET /prod/v1/health': (r, n) => route(r, n) });
    world.userProperties.setProperty(CREDENTIALS_PROPERTY, JSON.stringify(TEST_CREDENTIALS));
    expect(hasValidCredentials(world.services)).toBe(false);
    route = () => json(503, { error: { code: 'ENGINE_UNAVAILABLE', message: 'down' } });
    expect(hasValidCredentials(world.services)).toBe(true);
  });

  it('treats unreadable stored credentials as none', () => {
    const world = createFakeWorld({ 'GET /prod/v1/health': healthy });
    world.userProperties.setProperty(CREDENTIALS_PROPERTY, '{not json');
    expect(hasValidCredentials(world.services)).toBe(false);
  });
});

describe('parseCredentialInput', () => {
  it('trims what a paste adds around the values', () => {
    expect(
      parseCredentialInput({
        path: ` ${TEST_CREDENTIALS.path} `,
        username: `${TEST_CREDENTIALS.accessKeyId}\n`,
        password: ' s3cret ',
      }),
    ).toEqual({
      path: TEST_CREDENTIALS.path,
      accessKeyId: TEST_CREDENTIALS.accessKeyId,
      secretAccessKey: 's3cret',
    });
  });
});
