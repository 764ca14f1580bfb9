/**
 * Shared setup of the signature tests: the local test proxy (long-term key) and a second server that accepts
 * session credentials, one finished query on each, signed calls that record every Authorization value sent, and the
 * check that no log line holds a secret, a session token or an Authorization value.
 */
import { startLocalServer, type LocalServer } from '../../proxy/src/local/localServer';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { signedFetch, type SignedCall, type TestCredentials } from '../../tools/signing/signedFetch';
import { signHeaders, toRawRequest, type SigningInput } from './rawHttp';

export const FORBIDDEN = { error: { code: 'FORBIDDEN', message: 'The request signature is missing or invalid.' } };
export const TEMPORARY: TestCredentials = {
  accessKeyId: 'AKIDTEMPORARYEXAMPLE',
  secretAccessKey: 'tEmPoRaRySeCrEtKeY/0123456789abcdefEXAMPLE',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+SESSION/TOKEN/that/must/never/be/logged==',
};

export const spec = JSON.stringify({
  database: 'lake',
  table: 'food_delivery_1_0_0',
  fields: [{ name: 'status' }, { name: 'record_count' }],
});

export interface SignatureWorld {
  /** Set by beforeAll. */
  readonly proxy: TestProxy;
  readonly tokenServer: LocalServer;
  readonly tokenLogs: Record<string, unknown>[];
  /** Every Authorization value the suite sent, to prove none of them is ever logged. */
  readonly sentAuthorizations: string[];
  /** A finished query on each server (ids are engine ids: each server only knows its own). */
  readonly queryId: string;
  readonly tokenQueryId: string;
  call(c: SignedCall, credentials?: TestCredentials, url?: string): ReturnType<typeof signedFetch>;
  signed(
    input: SigningInput,
    credentials?: TestCredentials,
    url?: string,
  ): Promise<{ headers: Record<string, string>; raw: ReturnType<typeof toRawRequest> }>;
}

/** Registers beforeAll/afterAll in the calling test file: starts both servers and runs a query on each. */
export function useSignatureWorld(): SignatureWorld {
  let proxy: TestProxy;
  let tokenServer: LocalServer;
  const tokenLogs: Record<string, unknown>[] = [];
  const sentAuthorizations: string[] = [];
  let queryId: string;
  let tokenQueryId: string;

  async function call(c: SignedCall, credentials: TestCredentials = TEST_CREDENTIALS, url = proxy.url) {
    const tamper = c.tamper;
    return signedFetch(url, credentials, {
      ...c,
      tamper: (wire) => {
        if (wire.headers.authorization) sentAuthorizations.push(wire.headers.authorization);
        tamper?.(wire);
      },
    });
  }

  async function signed(input: SigningInput, credentials: TestCredentials = TEST_CREDENTIALS, url = proxy.url) {
    const headers = await signHeaders(url, credentials, input);
    sentAuthorizations.push(headers.authorization);
    return { headers, raw: toRawRequest(input, headers) };
  }

  beforeAll(async () => {
    proxy = await startTestProxy({ rows: 3000 });
    tokenServer = await startLocalServer({
      lakeDir: proxy.lakeDir,
      port: 0,
      credentials: TEMPORARY,
      region: 'us-east-1',
      log: (line) => tokenLogs.push(line),
    });
    const first = await call({ method: 'POST', path: '/v1/queries', body: spec });
    expect(first.status).toBe(200);
    queryId = first.json.queryId;
    const onTokenServer = await call({ method: 'POST', path: '/v1/queries', body: spec }, TEMPORARY, tokenServer.url);
    expect(onTokenServer.status).toBe(200);
    tokenQueryId = onTokenServer.json.queryId;
  });

  afterAll(async () => {
    await tokenServer?.close();
    await proxy?.stop();
  });

  return {
    get proxy() {
      return proxy;
    },
    get tokenServer() {
      return tokenServer;
    },
    tokenLogs,
    sentAuthorizations,
    get queryId() {
      return queryId;
    },
    get tokenQueryId() {
      return tokenQueryId;
    },
    call,
    signed,
  };
}

/** No log line of either server holds a secret, a session token or any Authorization value the suite sent. */
export function expectNoSecretsLogged(world: SignatureWorld): void {
  const text = JSON.stringify([...world.proxy.logs, ...world.tokenLogs]);
  for (const secret of [
    TEST_CREDENTIALS.secretAccessKey,
    TEMPORARY.secretAccessKey,
    TEMPORARY.sessionToken!,
    'forged',
  ]) {
    expect(text).not.toContain(secret);
  }
  for (const authorization of world.sentAuthorizations) {
    expect(text).not.toContain(authorization);
    expect(text).not.toContain(authorization.match(/Signature=(\w+)/)![1]);
  }
  expect(text).not.toContain('AWS4-HMAC-SHA256');
}
