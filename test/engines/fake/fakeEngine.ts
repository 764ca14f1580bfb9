/**
 * A fake third engine, to prove the engine seam: it lives in this folder only and joins through one registration
 * line in its test. It is a thin engine of its own over any inner engine (built by name through the same
 * composition root): it names itself, paces its own polling, namespaces query ids (`fake-<inner id>`, anything
 * else is unknown to it) and counts calls, which is all a pre-aggregation store or a remote engine would differ in
 * at the port.
 */
import type { Engine } from '../../../proxy/src/port/engine';
import { createEngine, type EngineBuildContext, type EngineRegistration } from '../../../proxy/src/engines/registry';
import { UnknownQueryError } from '../../../proxy/src/errors';

const PREFIX = 'fake-';

export interface FakeEngine extends Engine {
  readonly calls: Map<string, number>;
}

export function wrapAsFakeEngine(inner: Engine): FakeEngine {
  const calls = new Map<string, number>();
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const innerId = (queryId: string) => {
    if (!queryId.startsWith(PREFIX)) throw new UnknownQueryError(queryId);
    return queryId.slice(PREFIX.length);
  };
  return {
    name: 'fake',
    poll: { firstDelayMs: 1, maxDelayMs: 7 },
    calls,
    listDatabases: () => (count('listDatabases'), inner.listDatabases()),
    listTables: (database) => (count('listTables'), inner.listTables(database)),
    describeTable: (database, table) => (count('describeTable'), inner.describeTable(database, table)),
    startQuery: async (sql, options) => (count('startQuery'), PREFIX + (await inner.startQuery(sql, options))),
    getQueryStatus: async (queryId) => {
      count('getQueryStatus');
      return { ...(await inner.getQueryStatus(innerId(queryId))), queryId };
    },
    readResults: async (queryId, offset, limit) => (
      count('readResults'),
      inner.readResults(innerId(queryId), offset, limit)
    ),
    cancelQuery: async (queryId) => (count('cancelQuery'), inner.cancelQuery(innerId(queryId))),
    close: () => inner.close(),
  };
}

/** Registration: `PROXY_ENGINE=fake` with `FAKE_INNER_ENGINE` naming the engine it runs on (default duckdb). */
export const fakeRegistration: EngineRegistration = {
  name: 'fake',
  summary: 'a fake engine over another registered engine (FAKE_INNER_ENGINE), for the seam test',
  build: async (context: EngineBuildContext) =>
    wrapAsFakeEngine(await createEngine(context.env.FAKE_INNER_ENGINE || 'duckdb', context)),
};
