/**
 * Shared setup of the HTTP API tests: a local test proxy (DuckDB engine, SigV4 verification) on a generated sample
 * lake, signed calls to it, and hand-written reference SQL run directly on the lake files.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { signedFetch, type SignedCall } from '../../../tools/signing/signedFetch';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../../tools/localProxy/testProxy';

export interface HttpApiWorld {
  /** The running proxy (set by beforeAll). */
  readonly proxy: TestProxy;
  call(c: SignedCall): ReturnType<typeof signedFetch>;
  query(spec: Record<string, unknown>): ReturnType<typeof signedFetch>;
  /** Hand-written reference SQL straight on the files (not through the proxy's catalog or compiler). */
  reference(sql: string): Promise<unknown[][]>;
}

/** Registers beforeAll/afterAll in the calling test file: starts the proxy and a DuckDB, stops both at the end. */
export function useHttpApiWorld(): HttpApiWorld {
  let proxy: TestProxy;
  let duck: DuckDBInstance;

  beforeAll(async () => {
    proxy = await startTestProxy({ rows: 20_000 });
    duck = await DuckDBInstance.create(':memory:');
  });

  afterAll(async () => {
    await proxy.stop();
    duck.closeSync();
  });

  const call = (c: SignedCall) => signedFetch(proxy.url, TEST_CREDENTIALS, c);
  return {
    get proxy() {
      return proxy;
    },
    call,
    query: (spec) => call({ method: 'POST', path: '/v1/queries', body: JSON.stringify(spec) }),
    async reference(sql) {
      const conn = await duck.connect();
      try {
        const reader = await conn.runAndReadAll(sql);
        return reader.getRowsJS();
      } finally {
        conn.closeSync();
      }
    },
  };
}
