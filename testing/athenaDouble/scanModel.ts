/**
 * What Athena would scan for a query over the double's lake (`lake` option of server.ts): the bytes of the `dt`
 * partitions the query's `"dt" BETWEEN 'a' AND 'b'` predicates allow (the shape the proxy compiles for date ranges
 * and their partition pruning), or the whole table without one. An upper bound like Athena's own figure on
 * row formats; Parquet column pruning would read less. The DuckDB engine behind the double reports at most this.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

const TABLE = /FROM "[^"]+"\."([A-Za-z0-9_]+)"/;
const DT_RANGE = /"dt" BETWEEN '(\d{4}-\d{2}-\d{2})' AND '(\d{4}-\d{2}-\d{2})'/g;

async function sizeOf(dir: string): Promise<number> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  let bytes = 0;
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += await sizeOf(child);
    else if (entry.isFile() && !entry.name.startsWith('.') && !entry.name.startsWith('_'))
      bytes += (await fs.stat(child)).size;
  }
  return bytes;
}

/** Bytes the query's partitions hold, or undefined when it names no lake table. */
export async function modelScanBytes(lakeDir: string, sql: string): Promise<number | undefined> {
  const table = TABLE.exec(sql)?.[1];
  if (!table) return undefined;
  const dir = path.join(lakeDir, table);
  const ranges = [...sql.matchAll(DT_RANGE)].map((m) => [m[1], m[2]] as const);
  if (ranges.length === 0) return sizeOf(dir);
  const partitions = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  let bytes = 0;
  for (const entry of partitions) {
    const day = /^dt=(\d{4}-\d{2}-\d{2})$/.exec(entry.name)?.[1];
    if (entry.isDirectory() && day && ranges.some(([a, b]) => a <= day && day <= b))
      bytes += await sizeOf(path.join(dir, entry.name));
  }
  return bytes;
}
