/**
 * The local server's sink: the producer library's JSON-lines sink, except for table folders that already hold
 * Parquet (the sample lake's bookstore and thermostat tables), where the same objects are written as Parquet by an
 * in-memory DuckDB, because a table folder must keep one file format (proxy/src/engines/duckdb/lake/lakeLayout.ts).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { folderOf } from '../../../events/src';
import { toLakeObjects, type StampedEvent } from '../../../events/src';
import { localSink } from '../../../events/src';
import type { EventSink } from '../../../events/src';
import { duckDbColumnsOf } from './duckDbColumns';
import { quoteString } from '../engines/duckdb';

async function holdsParquet(dir: string): Promise<boolean> {
  const entries = await fs.readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.some((name) => String(name).toLowerCase().endsWith('.parquet'));
}

export function localLakeSink(lakeDir: string): EventSink {
  const json = localSink(lakeDir);
  const parquetFolders = new Set<string>();
  let duckdb: Promise<DuckDBInstance> | undefined;
  const writeParquet = async (events: StampedEvent[]): Promise<void> => {
    duckdb ??= DuckDBInstance.create(':memory:', { threads: '1' });
    await writeParquetObjects(await (await duckdb).connect(), lakeDir, events);
  };
  return {
    async write(events) {
      const byFolder = new Map<string, StampedEvent[]>();
      for (const e of events) byFolder.set(folderOf(e.schema), [...(byFolder.get(folderOf(e.schema)) ?? []), e]);
      const asJson: StampedEvent[] = [];
      for (const [folder, group] of byFolder) {
        if (parquetFolders.has(folder) || (await holdsParquet(path.join(lakeDir, folder)))) {
          parquetFolders.add(folder);
          await writeParquet(group);
        } else asJson.push(...group);
      }
      if (asJson.length > 0) await json.write(asJson);
    },
  };
}

/** Writes the lake objects of `events` (one event type) as Parquet files, each through a staged NDJSON file. */
async function writeParquetObjects(connection: DuckDBConnection, lakeDir: string, events: StampedEvent[]) {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'ingest-parquet-'));
  try {
    for (const object of toLakeObjects(events)) {
      const schema = events[0].schema;
      const staging = path.join(scratch, 'batch.ndjson');
      await fs.writeFile(staging, object.body);
      const file = path.join(lakeDir, ...object.key.replace(/\.json$/, '.parquet').split('/'));
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
      const columns = Object.entries(duckDbColumnsOf(schema)).map(
        ([name, type]) => `${quoteString(name)}: ${quoteString(type)}`,
      );
      await connection.run(
        `COPY (SELECT * FROM read_json(${quoteString(staging)}, format='newline_delimited', columns={${columns.join(', ')}})) ` +
          `TO ${quoteString(temp)} (FORMAT parquet)`,
      );
      await fs.rename(temp, file);
    }
  } finally {
    connection.closeSync();
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
