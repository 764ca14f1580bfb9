/**
 * Fixture shared by the QueryService tests: a hand-written engine whose catalog is the single table lake.t (one
 * string column `city`). Subclasses supply how queries start and what they read; `finished` drives the status.
 */
import type {
  Engine,
  EngineQueryStatus,
  ResultSlice,
  StartOptions,
  TableDescription,
} from '../../../proxy/src/port/engine';

export const ONE_TABLE: TableDescription = {
  database: 'lake',
  table: 't',
  isView: false,
  properties: {},
  columns: [{ name: 'city', type: 'string', partitionKey: false }],
};

export abstract class OneTableEngine implements Engine {
  abstract readonly name: string;
  readonly poll = { firstDelayMs: 5, maxDelayMs: 20 };
  /** SUCCEEDED when true, RUNNING otherwise. */
  finished = false;
  /** Reported in every status. */
  protected bytesScanned = 1;

  async listDatabases() {
    return ['lake'];
  }
  async listTables() {
    return ['t'];
  }
  async describeTable() {
    return ONE_TABLE;
  }
  abstract startQuery(sql: string, options: StartOptions): Promise<string>;
  async getQueryStatus(queryId: string): Promise<EngineQueryStatus> {
    return {
      queryId,
      state: this.finished ? 'SUCCEEDED' : 'RUNNING',
      bytesScanned: this.bytesScanned,
      engineMs: 1,
      queueMs: 0,
      reusedPreviousResult: false,
    };
  }
  abstract readResults(queryId: string, offset: number, limit: number): Promise<ResultSlice>;
  async cancelQuery() {}
  async close() {}
}
