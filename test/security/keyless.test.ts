/**
 * Keyless sign-in at the proxy: the local STS endpoint (driven by the AWS SDK's own STS client and by raw form and
 * query calls), the trusted identity bound to the STS session, and the refusals the issue lists — each with the
 * right status and no data.
 */
import { IDENTITY_TOKEN_HEADER } from '../../protocol/contract';
import { AUDIENCE, ordersQuery, ROLE_ARN, startKeylessWorld, STATIC_KEY, type KeylessWorld } from './keylessWorld';

let world: KeylessWorld;

beforeAll(async () => {
  world = await startKeylessWorld();
});

afterAll(async () => {
  jest.useRealTimers();
  await world?.close();
});

function stsParams(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: ROLE_ARN,
    RoleSessionName: '1001',
    WebIdentityToken: token,
    ...extra,
  };
}

function errorCode(xml: string): string | undefined {
  return /<ErrorResponse[^>]*>[\s\S]*<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
}

describe('local STS AssumeRoleWithWebIdentity', () => {
  it('issues ASIA temporary credentials through the AWS SDK STS client, which the proxy accepts with the session token', async () => {
    const viewer = await world.signIn('1001', 'ana@example.com');
    expect(viewer.credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(viewer.credentials.sessionToken).toBeTruthy();
    expect(viewer.credentials.expiration!.getTime() - Date.now()).toBeGreaterThan(3500_000);
    const health = await world.call(viewer, { method: 'GET', path: '/v1/health' });
    expect(health.status).toBe(200);
    expect(health.json.identity).toBe('ana@example.com');
  });

  it.each(['form', 'query'] as const)('answers in STS XML for %s parameters', async (via) => {
    const answer = await world.sts(stsParams(await world.trusted.mint({ sub: '1001', email: 'ana@example.com' })), via);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(
      '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    );
    expect(answer.text).toMatch(/<SubjectFromWebIdentityToken>1001<\/SubjectFromWebIdentityToken>/);
    expect(answer.text).toContain(`<Audience>${AUDIENCE}</Audience>`);
    expect(answer.text).toContain('<Arn>arn:aws:sts::000000000000:assumed-role/looker-viewer/1001</Arn>');
    expect(answer.text).toMatch(/<AccessKeyId>ASIA[A-Z2-7]{16}<\/AccessKeyId>/);
    expect(answer.text).toMatch(/<Expiration>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expiration>/);
  });

  it('refuses tokens with another audience, another issuer, past expiry, a bad signature or alg none', async () => {
    const good = await world.trusted.mint({ sub: '1001', email: 'ana@example.com' });
    const [header, payload, signature] = good.split('.');
    const flipped = `${header}.${payload}.${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const cases: [string, string, number, string][] = [
      [
        'another audience',
        await world.trusted.mint({ sub: '1001', aud: 'someone-else.apps.example.test' }),
        403,
        'AccessDenied',
      ],
      ['another issuer', await world.untrusted.mint({ sub: '1001' }), 400, 'InvalidIdentityToken'],
      [
        'expired',
        await world.trusted.mint({ sub: '1001', issuedAt: Math.floor(Date.now() / 1000) - 7200 }),
        400,
        'ExpiredTokenException',
      ],
      ['bad signature', flipped, 400, 'InvalidIdentityToken'],
      ['alg none', `${noneHeader}.${payload}.`, 400, 'InvalidIdentityToken'],
      ['not a JWT', 'not-a-token', 400, 'InvalidIdentityToken'],
    ];
    for (const [name, token, status, code] of cases) {
      const answer = await world.sts(stsParams(token));
      expect({
        name,
        status: answer.status,
        code: errorCode(answer.text),
        credentials: answer.text.includes('AccessKeyId'),
      }).toEqual({ name, status, code, credentials: false });
    }
  });

  it('validates the request like STS: action, version, duration and required parameters', async () => {
    const token = await world.trusted.mint({ sub: '1001' });
    const cases: [Record<string, string>, string][] = [
      [stsParams(token, { Action: 'AssumeRole' }), 'InvalidAction'],
      [stsParams(token, { Version: '2010-01-01' }), 'InvalidAction'],
      [stsParams(token, { DurationSeconds: '7200' }), 'ValidationError'],
      [stsParams(token, { DurationSeconds: '60' }), 'ValidationError'],
      [stsParams(token, { RoleSessionName: 'a b' }), 'ValidationError'],
      [stsParams(token, { RoleArn: 'arn:aws:iam::1:role/x' }), 'ValidationError'],
      [
        { Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: ROLE_ARN, RoleSessionName: 'x1' },
        'ValidationError',
      ],
    ];
    for (const [params, code] of cases) {
      const answer = await world.sts(params);
      expect([answer.status, errorCode(answer.text)]).toEqual([400, code]);
    }
  });
});

describe('trusted identity at the proxy', () => {
  it('refuses a caller that claims another viewer in the identity header, the session name or any other header', async () => {
    const ana = await world.signIn('2001', 'ana@example.com');
    const bob = await world.signIn('2002', 'bob@example.com');
    const health = { method: 'GET', path: '/v1/health' };
    // Ana's credentials with Bob's ID token.
    expect((await world.call(ana, { ...health, headers: { [IDENTITY_TOKEN_HEADER]: bob.idToken } })).status).toBe(403);
    // A session Ana opened under Bob's subject as session name: neither token matches it.
    const anaToken = await world.trusted.mint({ sub: '2001', email: 'ana@example.com' });
    const sts = await world.sts(stsParams(anaToken, { RoleSessionName: '2002' }));
    const spoofed = {
      accessKeyId: /<AccessKeyId>([^<]+)/.exec(sts.text)![1],
      secretAccessKey: /<SecretAccessKey>([^<]+)/.exec(sts.text)![1],
      sessionToken: /<SessionToken>([^<]+)/.exec(sts.text)![1],
    };
    expect((await world.call({ credentials: spoofed, idToken: anaToken }, health)).status).toBe(403);
    expect((await world.call({ credentials: spoofed, idToken: bob.idToken }, health)).status).toBe(403);
    // Other headers never change who the proxy thinks the caller is.
    const extra = {
      'x-forwarded-user': 'bob@example.com',
      'x-amz-user': 'bob@example.com',
      'x-identity-email': 'bob@example.com',
    };
    const answer = await world.call(ana, { ...health, headers: extra });
    expect([answer.status, answer.json.identity]).toEqual([200, 'ana@example.com']);
  });

  it('refuses a missing, unsigned or repeated identity header, and an expired ID token', async () => {
    const ana = await world.signIn('2101', 'ana@example.com');
    const health = { method: 'GET', path: '/v1/health' };
    const missing = await world.call({ ...ana, idToken: '' }, health);
    expect(missing.status).toBe(403);
    const repeated = await world.call(ana, {
      ...health,
      tamper: (req) => {
        (req.headers as Record<string, unknown>)[IDENTITY_TOKEN_HEADER] = [ana.idToken, ana.idToken];
      },
    });
    expect(repeated.status).toBe(403);
    const unsigned = await world.call(ana, {
      ...health,
      headers: { [IDENTITY_TOKEN_HEADER]: 'placeholder' },
      tamper: (req) => {
        req.headers[IDENTITY_TOKEN_HEADER] = ana.idToken;
      },
    });
    // The tampered header breaks the signature; an unsigned header is refused as well (next case).
    expect(unsigned.status).toBe(403);
    const notSigned = await world.call(
      { ...ana, idToken: '' },
      {
        ...health,
        tamper: (req) => {
          req.headers[IDENTITY_TOKEN_HEADER] = ana.idToken;
        },
      },
    );
    expect(notSigned.status).toBe(403);
    const expired = await world.trusted.mint({
      sub: '2101',
      email: 'ana@example.com',
      issuedAt: Math.floor(Date.now() / 1000) - 7200,
    });
    expect((await world.call({ ...ana, idToken: expired }, health)).status).toBe(403);
    expect(world.logs.some((l) => l.event === 'auth_rejected' && String(l.reason).includes('expired'))).toBe(true);
  });

  it('refuses temporary credentials replayed after they expired', async () => {
    const ana = await world.signIn('2201', 'ana@example.com', 900);
    expect((await world.call(ana, { method: 'GET', path: '/v1/health' })).status).toBe(200);
    jest.useFakeTimers({
      doNotFake: [
        'nextTick',
        'setImmediate',
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    try {
      jest.setSystemTime(Date.now() + 901_000);
      const fresh = await world.trusted.mint({ sub: '2201', email: 'ana@example.com' });
      const replay = await world.call({ ...ana, idToken: fresh }, { method: 'GET', path: '/v1/health' });
      expect([replay.status, replay.json.identity]).toEqual([403, undefined]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps the static key working, as its own identity, whatever identity header it sends', async () => {
    const staff = await world.trusted.mint({ sub: '2301', email: 'boss@example.com' });
    const answer = await world.call({ credentials: STATIC_KEY, idToken: staff }, { method: 'GET', path: '/v1/health' });
    expect([answer.status, answer.json.identity]).toEqual([200, STATIC_KEY.accessKeyId]);
    const query = await world.call({ credentials: STATIC_KEY, idToken: staff }, ordersQuery(['city', 'record_count']));
    expect([query.status, query.json.error.code]).toEqual([403, 'ACCESS_DENIED']);
  });
});
