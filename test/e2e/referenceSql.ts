/**
 * The independent oracle of the end-to-end tests: hand-written DuckDB SQL straight over the lake's files, sharing
 * no code with the proxy's compiler. Queries cast their outputs to INTEGER/DOUBLE/VARCHAR/BOOLEAN so rows come back
 * as plain JSON values comparable with what Looker Studio receives.
 */
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** The reference database. */
export interface ReferenceDb {
  /** Rows of `sql`; the view `orders` reads the e2e orders table, `dt` (partition) as VARCHAR. */
  rows(sql: string): Promise<unknown[][]>;
  close(): void;
}

/** Opens an in-memory DuckDB (session time zone UTC) with the `orders` view over `ordersFolder`. */
export async function openReferenceDb(ordersFolder: string): Promise<ReferenceDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const glob = path.join(ordersFolder, '*', '*.parquet').replace(/'/g, "''");
  await connection.run(`SET TimeZone = 'UTC'`);
  await connection.run(
    `CREATE VIEW orders AS SELECT * FROM read_parquet('${glob}', hive_partitioning = true, hive_types_autocast = false)`,
  );
  return {
    rows: async (sql) => (await connection.runAndReadAll(sql)).getRowsJson(),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
