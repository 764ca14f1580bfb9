/**
 * The bytes a direct (non-tile) query may read, known before it runs (docs/budgets.md#the-estimate): the listed
 * size of every partition day its date range reads (with the slack when the date column is not the partition key),
 * from the same listing day tiles use. An upper bound: Parquet column pruning reads less. Undefined when the request
 * has no date range on a day-partitioned date column, or the engine cannot list partitions.
 */
import type { QuerySpec } from '../../../protocol/contract';
import type { Engine, TableDescription } from '../port';
import { formatIsoDate } from '../time';
import { dateRangeRead, listedBytes } from '../tiles';

/** The partition days (YYYY-MM-DD) `spec`'s date range reads, with their layout; undefined when unknown. */
function daysRead(spec: QuerySpec, table: TableDescription) {
  const read = dateRangeRead(spec, table)?.read;
  if (!read) return undefined;
  const days: string[] = [];
  for (let day = read.window.firstDay; day <= read.window.lastDay; day++) days.push(formatIsoDate(day));
  return { layout: read.layout, days };
}

export async function estimateScanBytes(
  engine: Engine,
  spec: QuerySpec,
  table: TableDescription,
): Promise<number | undefined> {
  const read = daysRead(spec, table);
  if (!read || !engine.listDayPartitions) return undefined;
  const listing = await engine.listDayPartitions(table, read.layout, read.days).catch(() => undefined);
  return listing && listedBytes(listing);
}
