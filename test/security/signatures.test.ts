/**
 * Signature attacks on the local proxy beyond test/proxy/http/httpApiRejections.test.ts: every forged, altered or
 * smuggled request gets the one generic 403, with long-term and session credentials. Every log line of the suite is
 * checked for secrets, session tokens and Authorization values. Accepted requests (valid signers, documented
 * limits): signaturesAccepted.test.ts.
 */
import { TEST_CREDENTIALS } from '../../tools/localProxy/testProxy';
import type { SignedCall, TestCredentials } from '../../tools/signing/signedFetch';
import { sendRaw } from './rawHttp';
import { expectNoSecretsLogged, FORBIDDEN, spec, TEMPORARY, useSignatureWorld } from './signatureWorld';

const sig = useSignatureWorld();
const { call, signed } = sig;

describe('altered requests get the generic 403', () => {
  it.each<[string, SignedCall, TestCredentials]>([
    [
      'signed with a key id the server does not know',
      { method: 'GET', path: '/v1/health' },
      { ...TEST_CREDENTIALS, accessKeyId: 'AKIDUNKNOWNEXAMPLE' },
    ],
    [
      'with a signed content-type changed',
      {
        method: 'POST',
        path: '/v1/queries',
        body: spec,
        tamper: (w) => {
          w.headers['content-type'] = 'text/plain';
        },
      },
      TEST_CREDENTIALS,
    ],
    [
      'with a signed custom header changed',
      {
        method: 'GET',
        path: '/v1/catalog',
        headers: { 'x-report': 'a' },
        tamper: (w) => {
          w.headers['x-report'] = 'b';
        },
      },
      TEST_CREDENTIALS,
    ],
    [
      'with a signed header removed',
      {
        method: 'GET',
        path: '/v1/catalog',
        headers: { 'x-report': 'a' },
        tamper: (w) => {
          delete w.headers['x-report'];
        },
      },
      TEST_CREDENTIALS,
    ],
    [
      'with x-amz-date changed by one second',
      {
        method: 'GET',
        path: '/v1/catalog',
        tamper: (w) => {
          w.headers['x-amz-date'] = w.headers['x-amz-date'].replace(/\d(?=Z$)/, (d) => String((+d + 1) % 10));
        },
      },
      TEST_CREDENTIALS,
    ],
    [
      'with a query parameter added',
      {
        method: 'GET',
        path: '/v1/databases/lake/tables/app_log_1_0_0',
        tamper: (w) => {
          w.rawQuery = 'aggregate=false';
        },
      },
      TEST_CREDENTIALS,
    ],
    [
      'dated 6 minutes in the future',
      { method: 'GET', path: '/v1/health', signingDate: new Date(Date.now() + 6 * 60_000) },
      TEST_CREDENTIALS,
    ],
  ])('a request %s', async (_, c, credentials) => {
    const res = await call(c, credentials);
    expect(res.status).toBe(403);
    expect(res.json).toEqual(FORBIDDEN);
  });

  it('a page request whose cursor was changed after signing', async () => {
    const res = await call({
      method: 'GET',
      path: `/v1/queries/${sig.queryId}`,
      query: { cursor: '0.10' },
      tamper: (w) => {
        w.rawQuery = 'cursor=10.10';
      },
    });
    expect(res.json).toEqual(FORBIDDEN);
  });

  it('a signed GET replayed as DELETE, which then has cancelled nothing', async () => {
    const res = await call({
      method: 'GET',
      path: `/v1/queries/${sig.queryId}`,
      tamper: (w) => {
        w.method = 'DELETE';
      },
    });
    expect(res.json).toEqual(FORBIDDEN);
    const after = await call({ method: 'GET', path: `/v1/queries/${sig.queryId}` });
    expect(after.status).toBe(200);
    expect(after.json.state).toBe('SUCCEEDED');
  });

  it('a duplicated Authorization header, identical or not, in either order', async () => {
    const { headers, raw } = await signed({ method: 'GET', path: '/v1/catalog' });
    const junk = headers.authorization.replace(/Signature=\w+/, `Signature=${'0'.repeat(64)}`);
    for (const extra of [headers.authorization, junk]) {
      for (const order of [
        [...raw.headers, ['authorization', extra]],
        [['authorization', extra], ...raw.headers],
      ] as [string, string][][]) {
        const res = await sendRaw(sig.proxy.url, { ...raw, headers: order });
        expect([res.status, res.json]).toEqual([403, FORBIDDEN]);
      }
    }
  });

  it('a duplicated or swapped Host header', async () => {
    const { headers, raw } = await signed({ method: 'GET', path: '/v1/catalog' });
    const twice = await sendRaw(sig.proxy.url, { ...raw, headers: [...raw.headers, ['host', headers.host]] });
    expect([twice.status, twice.json]).toEqual([403, FORBIDDEN]);
    const swapped = raw.headers.map(([k, v]): [string, string] => (k === 'host' ? [k, 'evil.example'] : [k, v]));
    const other = await sendRaw(sig.proxy.url, { ...raw, headers: swapped });
    expect([other.status, other.json]).toEqual([403, FORBIDDEN]);
  });

  it('the valid raw request itself is accepted (the attacks above differ from it in one thing only)', async () => {
    const { raw } = await signed({ method: 'GET', path: '/v1/catalog' });
    expect((await sendRaw(sig.proxy.url, raw)).status).toBe(200);
  });
});

describe('session-token credentials', () => {
  it.each<[string, TestCredentials, SignedCall['tamper']]>([
    ['without the token', { ...TEMPORARY, sessionToken: undefined }, undefined],
    ['with another token', { ...TEMPORARY, sessionToken: `${TEMPORARY.sessionToken}x` }, undefined],
    [
      'with the token added after signing (unsigned)',
      { ...TEMPORARY, sessionToken: undefined },
      (w) => {
        w.headers['x-amz-security-token'] = TEMPORARY.sessionToken!;
      },
    ],
    [
      'with the token changed after signing',
      TEMPORARY,
      (w) => {
        w.headers['x-amz-security-token'] = 'forged';
      },
    ],
  ])('a request signed %s is refused', async (_, credentials, tamper) => {
    const res = await call({ method: 'GET', path: '/v1/health', tamper }, credentials, sig.tokenServer.url);
    expect([res.status, res.json]).toEqual([403, FORBIDDEN]);
  });

  it('the right signed token is accepted, and a long-term key server refuses any token', async () => {
    const ok = await call({ method: 'GET', path: '/v1/health' }, TEMPORARY, sig.tokenServer.url);
    expect([ok.status, ok.json.identity]).toEqual([200, TEMPORARY.accessKeyId]);
    const withToken = await call(
      { method: 'GET', path: '/v1/health' },
      { ...TEST_CREDENTIALS, sessionToken: 'unexpected' },
    );
    expect([withToken.status, withToken.json]).toEqual([403, FORBIDDEN]);
  });
});

it('no log line of the suite holds a secret, a session token or an Authorization value', () => {
  const logs = [...sig.proxy.logs, ...sig.tokenLogs];
  expect(logs.filter((line) => line.event === 'auth_rejected').length).toBeGreaterThanOrEqual(15);
  expect(sig.sentAuthorizations.length).toBeGreaterThan(20);
  expectNoSecretsLogged(sig);
});
