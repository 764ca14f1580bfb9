/**
 * The connector's keyless mode against a scripted STS and proxy: the STS request it sends, credential caching and
 * renewal, the signed identity header, and the advice for each STS failure.
 */
import { storeCredentials } from '../../../connector/src/auth/auth';
import { keylessCredentials, parseKeylessInput } from '../../../connector/src/auth/keylessCredentials';
import { openProxyClient } from '../../../connector/src/proxySession';
import { ConnectorError } from '../../../connector/src/errors';
import type { HttpRequest, HttpResponse } from '../../../connector/src/ports';
import { TransportError } from '../../../connector/src/ports';
import { IDENTITY_TOKEN_HEADER } from '../../../protocol/contract';
import { createFakeWorld, json, type FakeWorld } from '../fakeServices';

const ROLE = 'arn:aws:iam::000000000000:role/looker-viewer';
const SETUP = { path: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod', roleArn: ROLE };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ID_TOKEN = `${b64({ alg: 'RS256' })}.${b64({ sub: '1234567890', email: 'ana@example.com' })}.c2lnbmF0dXJl`;

function stsSuccess(world: FakeWorld, minutes = 60): HttpResponse {
  const expiration = new Date(world.clock.now + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    status: 200,
    headers: {},
    body: `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>
    <SessionToken>session+token/1</SessionToken><SecretAccessKey>secret/key+1</SecretAccessKey>
    <Expiration>${expiration}</Expiration><AccessKeyId>ASIA-TEST-TEST-TEST</AccessKeyId></Credentials>
    </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`,
  };
}

function stsError(status: number, code: string): HttpResponse {
  return {
    status,
    headers: {},
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>m</Message></Error></ErrorResponse>`,
  };
}

function keylessWorld(
  sts: (world: FakeWorld, request: HttpRequest, attempt: number) => HttpResponse | TransportError,
): FakeWorld {
  const world: FakeWorld = createFakeWorld({
    'POST /': (request, attempt) => sts(world, request, attempt),
    'GET /prod/v1/health': () =>
      json(200, { status: 'ok', version: 'v1', engine: 'athena', identity: 'ana@example.com' }),
  });
  world.identity.token = () => ID_TOKEN;
  return world;
}

describe('keyless mode in the connector', () => {
  it('is selected by a role ARN as username and the password "google", and uses the proxy header name', () => {
    expect(parseKeylessInput({ path: SETUP.path, username: ROLE, password: ' Google ' })).toEqual(SETUP);
    expect(parseKeylessInput({ path: SETUP.path, username: ROLE, password: 'secret' })).toBeUndefined();
    expect(
      parseKeylessInput({ path: SETUP.path, username: 'AKIDEXAMPLE00000000', password: 'google' }),
    ).toBeUndefined();
  });

  it('posts the ID token to the regional STS endpoint, session named after the subject, and caches the credentials', () => {
    const world = keylessWorld((w) => stsSuccess(w));
    const first = keylessCredentials(SETUP, world.services);
    expect(first).toMatchObject({
      accessKeyId: 'ASIA-TEST-TEST-TEST',
      secretAccessKey: 'secret/key+1',
      sessionToken: 'session+token/1',
      identityToken: ID_TOKEN,
    });
    const sts = world.requests[0];
    expect(sts.url).toBe('https://sts.eu-west-1.amazonaws.com/');
    expect(sts.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(sts.payload))).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: '1234567890',
      WebIdentityToken: ID_TOKEN,
      DurationSeconds: '3600',
    });
    keylessCredentials(SETUP, world.services);
    world.clock.now += 54 * 60_000;
    keylessCredentials(SETUP, world.services);
    expect(world.requests).toHaveLength(1);
    world.clock.now += 2 * 60_000; // 4 minutes before expiry: renewed
    keylessCredentials(SETUP, world.services);
    expect(world.requests).toHaveLength(2);
  });

  it('signs every proxy call with the session token and the ID token header', () => {
    const world = keylessWorld((w) => stsSuccess(w));
    expect(
      storeCredentials({ pathUserPass: { path: SETUP.path, username: ROLE, password: 'google' } }, world.services),
    ).toEqual({ errorCode: 'NONE' });
    openProxyClient(world.services).send({ method: 'get', path: '/v1/health' });
    const health = world.requests[world.requests.length - 1];
    expect(health.headers[IDENTITY_TOKEN_HEADER]).toBe(ID_TOKEN);
    expect(health.headers['x-amz-security-token']).toBe('session+token/1');
    expect(health.headers.authorization).toMatch(
      /SignedHeaders=host;x-amz-date;x-amz-security-token;x-identity-token,/,
    );
    expect(JSON.stringify(world.userProperties.getProperties())).not.toContain('ASIA');
  });

  it.each([
    [stsError(403, 'AccessDenied'), "does not trust this connector's client id"],
    [stsError(400, 'InvalidIdentityToken'), 'could not validate your Google sign-in token'],
    [stsError(400, 'ExpiredTokenException'), 'token expired'],
  ])('advises on STS %#', (answer, advice) => {
    const world = keylessWorld(() => answer);
    expect(() => keylessCredentials(SETUP, world.services)).toThrow(advice);
    expect(world.requests).toHaveLength(1);
  });

  it('retries throttling and outages a few times, then says to try again later', () => {
    for (const failure of [
      stsError(400, 'Throttling'),
      stsError(503, 'ServiceUnavailable'),
      new TransportError('DNS error'),
    ]) {
      const world = keylessWorld(() => failure);
      let error: unknown;
      try {
        keylessCredentials(SETUP, world.services);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).userText).toMatch(/try again in a minute/);
      expect(world.requests).toHaveLength(3);
      expect(world.sleeps.length).toBe(2);
    }
    const recovering = keylessWorld((w, _r, attempt) => (attempt === 1 ? stsError(400, 'Throttling') : stsSuccess(w)));
    expect(keylessCredentials(SETUP, recovering.services).accessKeyId).toBe('ASIA-TEST-TEST-TEST');
  });

  it('names the missing openid scope when Google gives no ID token', () => {
    const world = keylessWorld((w) => stsSuccess(w));
    world.identity.token = () => {
      throw new Error('Exception: You do not have permission to call ScriptApp.getIdentityToken');
    };
    expect(() => keylessCredentials(SETUP, world.services)).toThrow('"openid"');
    expect(world.requests).toHaveLength(0);
  });
});
