/**
 * Requests the local proxy accepts: valid signatures from @smithy/signature-v4 and botocore, with long-term and
 * session credentials, and the documented limits of SECURITY.md (replay within the window, clock skew, host not
 * pinned). After the suite, no log line may hold a secret, a session token or an Authorization value.
 * Signature attacks: signatures.test.ts.
 */
import { TEST_CREDENTIALS } from '../../tools/localProxy/testProxy';
import type { TestCredentials } from '../../tools/signing/signedFetch';
import { isBotocoreAvailable, signWithBotocore } from '../sigv4/oracles';
import { sendRaw, toRawRequest, type SigningInput } from './rawHttp';
import { expectNoSecretsLogged, spec, TEMPORARY, useSignatureWorld } from './signatureWorld';

const sig = useSignatureWorld();
const { call, signed } = sig;

afterAll(() => expectNoSecretsLogged(sig));

describe('documented limits (SECURITY.md)', () => {
  it('replay: the same signed request is accepted again within the 5-minute window, like API Gateway', async () => {
    const { raw } = await signed({ method: 'POST', path: '/v1/queries', body: spec });
    const answers = await Promise.all([
      sendRaw(sig.proxy.url, raw),
      sendRaw(sig.proxy.url, raw),
      sendRaw(sig.proxy.url, raw),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  });

  it('a request dated 4 minutes ahead is still inside the window', async () => {
    expect(
      (await call({ method: 'GET', path: '/v1/health', signingDate: new Date(Date.now() + 4 * 60_000) })).status,
    ).toBe(200);
  });

  it('host not pinned: a request signed for another host name and sent with it is accepted locally', async () => {
    const { raw } = await signed({ method: 'GET', path: '/v1/health', host: 'proxy.example:443' });
    expect((await sendRaw(sig.proxy.url, raw)).status).toBe(200);
  });
});

describe('valid signers', () => {
  const requests = (id: string): SigningInput[] => [
    { method: 'GET', path: '/v1/catalog' },
    { method: 'GET', path: '/v1/databases/lake/tables/app_log_1_0_0', query: { aggregate: 'false' } },
    { method: 'POST', path: '/v1/queries', body: spec },
    { method: 'GET', path: `/v1/queries/${id}` },
    { method: 'DELETE', path: `/v1/queries/${id}` },
  ];
  const serverFor = (credentials: TestCredentials) =>
    credentials === TEMPORARY
      ? { url: sig.tokenServer.url, id: sig.tokenQueryId }
      : { url: sig.proxy.url, id: sig.queryId };

  it.each([
    ['long-term key', TEST_CREDENTIALS],
    ['session credentials', TEMPORARY],
  ])('@smithy/signature-v4 with a %s', async (_, credentials) => {
    const { url, id } = serverFor(credentials);
    for (const input of requests(id)) {
      const { raw } = await signed(input, credentials, url);
      expect([input.method, input.path, (await sendRaw(url, raw)).status]).toEqual([input.method, input.path, 200]);
    }
  });

  const botocore = isBotocoreAvailable();
  if (!botocore)
    console.warn('SKIPPED LOUDLY: python3 cannot import botocore, so botocore-signed attacks are not checked.');
  (botocore ? it.each : it.skip.each)([
    ['long-term key', TEST_CREDENTIALS],
    ['session credentials', TEMPORARY],
  ])('botocore with a %s', async (_, credentials) => {
    const { url, id } = serverFor(credentials);
    const host = new URL(url).host;
    const inputs = requests(id);
    const signedByBotocore = signWithBotocore(
      inputs.map((input) => {
        const rawQuery = new URLSearchParams(input.query ?? {}).toString();
        return {
          method: input.method,
          scheme: 'http' as const,
          host,
          wirePath: input.path,
          query: Object.entries(input.query ?? {}),
          rawQuery,
          headers: (input.body ? { 'content-type': 'application/json' } : {}) as Record<string, string>,
          body: input.body ?? '',
          ...credentials,
          contentSha256: false,
          date: new Date(),
          region: 'us-east-1',
        };
      }),
    );
    for (const [i, input] of inputs.entries()) {
      sig.sentAuthorizations.push(signedByBotocore[i].authorization);
      expect((await sendRaw(url, toRawRequest(input, signedByBotocore[i]))).status).toBe(200);
    }
  });
});
