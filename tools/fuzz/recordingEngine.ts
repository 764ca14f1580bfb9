/**
 * An engine that only has a catalog (the fuzz tables) and counts every attempt to run SQL, so a test can prove that
 * a refused request never reached the engine.
 */
import type { Engine, EngineQueryStatus, ResultSlice } from '../../proxy/src/port';
import { FUZZ_DATABASE, QUERIED_TABLES, SECRETS_TABLE } from './fuzzTables';
import { lookupTable } from './fuzzCompile';

export interface RecordingEngine extends Engine {
  /** SQL texts passed to startQuery, in order. */
  readonly started: string[];
}

export function createRecordingEngine(): RecordingEngine {
  const started: string[] = [];
  const unreachable = (what: string) => Promise.reject(new Error(`${what} must not be reached in this test`));
  return {
    name: 'recording',
    poll: { firstDelayMs: 5, maxDelayMs: 20 },
    started,
    listDatabases: async () => [FUZZ_DATABASE],
    listTables: async () => [...QUERIED_TABLES, SECRETS_TABLE].map((t) => t.table),
    describeTable: async (database, table) => lookupTable(database, table),
    startQuery: (sql) => {
      started.push(sql);
      return unreachable('startQuery');
    },
    getQueryStatus: (): Promise<EngineQueryStatus> => unreachable('getQueryStatus'),
    readResults: (): Promise<ResultSlice> => unreachable('readResults'),
    cancelQuery: () => unreachable('cancelQuery'),
    close: async () => undefined,
  };
}
