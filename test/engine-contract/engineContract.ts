/**
 * The engine contract: one behaviour asserted on every Engine implementation (DuckDB, Athena through its API double),
 * over the lake of contractLake.ts. Expected values are Athena's result-CSV text for the data written there
 * (docs/reference-athena.md#sql-dialect, docs/reference-athena.md#result-csv-format): decimals keep their scale,
 * bigints are exact, timestamps print milliseconds, complex values are the JSON the compiler asks for with
 * json_format(CAST(x AS JSON)).
 */
import type { Engine } from '../../proxy/src/port/engine';
import { QueryFailedError, UnknownDatabaseError, UnknownQueryError, UnknownTableError } from '../../proxy/src/errors';
import { CONTRACT_DATABASE as DB } from './contractLake';
import { describeLargeResultContract } from './largeResultContract';
import { QUERY_CASES, TYPED_COLUMNS } from './queryCases';
import { runToEnd, waitForFinal } from './runQuery';

export interface EngineUnderTest {
  engine: Engine;
  teardown(): Promise<void>;
}

/** Registers the contract suite for one engine. */
export function describeEngineContract(name: string, makeEngine: () => Promise<EngineUnderTest>): void {
  describe(`engine contract: ${name}`, () => {
    let subject: EngineUnderTest;
    const engine = () => subject.engine;

    beforeAll(async () => {
      subject = await makeEngine();
    });
    afterAll(async () => {
      await subject?.teardown();
    });

    describe('catalog', () => {
      it('lists the database and its tables', async () => {
        expect(await engine().listDatabases()).toEqual([DB]);
        expect(await engine().listTables(DB)).toEqual(['big', 'typed']);
      });

      it('describes columns with Athena type spelling, partition keys last', async () => {
        const table = await engine().describeTable(DB, 'typed');
        expect(table).toMatchObject({ database: DB, table: 'typed', isView: false });
        expect(table.columns.map((c) => [c.name, c.type, c.partitionKey])).toEqual(TYPED_COLUMNS);
      });

      it('rejects unknown databases and tables', async () => {
        await expect(engine().listTables('nope')).rejects.toBeInstanceOf(UnknownDatabaseError);
        await expect(engine().describeTable('nope', 'typed')).rejects.toBeInstanceOf(UnknownDatabaseError);
        await expect(engine().describeTable(DB, 'nope')).rejects.toBeInstanceOf(UnknownTableError);
      });
    });

    describe('queries', () => {
      it.each(QUERY_CASES)('$name', async ({ sql, rows }) => {
        // Read as one small slice and as one large one: Athena serves the first from GetQueryResults and the
        // second from the result CSV in S3, and both must give the same text.
        const { queryId, slice, status } = await runToEnd(engine(), sql, 0, 500);
        expect(slice).toEqual({ rows, totalRows: rows.length });
        expect(await engine().readResults(queryId, 0, 5000)).toEqual({ rows, totalRows: rows.length });
        expect(status).toMatchObject({ state: 'SUCCEEDED', reusedPreviousResult: expect.any(Boolean) });
      });

      it('pages through a result by offset', async () => {
        const sql = `SELECT "id", "name" FROM "${DB}"."typed" ORDER BY "id"`;
        const { queryId, slice: all } = await runToEnd(engine(), sql);
        const pages = [];
        for (let offset = 0; offset < 5; offset += 2) pages.push(await engine().readResults(queryId, offset, 2));
        expect(pages.map((p) => p.totalRows)).toEqual([5, 5, 5]);
        expect(pages.flatMap((p) => p.rows)).toEqual(all.rows);
        expect(await engine().readResults(queryId, 5, 2)).toEqual({ rows: [], totalRows: 5 });
      });

      it('reports a query the engine rejects as a user error', async () => {
        const queryId = await engine().startQuery(`SELECT "no_such_column" FROM "${DB}"."typed"`, {
          callerId: 'contract-test',
        });
        const status = await waitForFinal(engine(), queryId);
        expect(status.state).toBe('FAILED');
        expect(status.error?.category).toBe('USER');
        await expect(engine().readResults(queryId, 0, 10)).rejects.toBeInstanceOf(QueryFailedError);
      });

      it('rejects unknown query ids', async () => {
        const unknown = '00000000-0000-4000-8000-000000000000';
        await expect(engine().getQueryStatus(unknown)).rejects.toBeInstanceOf(UnknownQueryError);
        await expect(engine().readResults(unknown, 0, 10)).rejects.toBeInstanceOf(UnknownQueryError);
      });

      it('cancels a running query', async () => {
        // 14.4 billion row pairs: far longer than the test, so it is surely still running when cancelled.
        const sql = `SELECT count(*) FROM "${DB}"."big" AS "a", "${DB}"."big" AS "b" WHERE "a"."value" + "b"."value" < 0`;
        const queryId = await engine().startQuery(sql, { callerId: 'contract-test' });
        await engine().cancelQuery(queryId);
        expect((await waitForFinal(engine(), queryId)).state).toBe('CANCELLED');
      });
    });

    describeLargeResultContract(engine);
  });
}
