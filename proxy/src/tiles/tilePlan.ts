/**
 * Day tiles, the pure plan (docs/tiles.md): whether an aggregated request can be answered from per-day partial
 * aggregates, the canonical shape that keys its tiles, the partition days each day's query reads, and the one
 * engine query computing the missing days grouped by day and the request's dimensions.
 */
import type { QuerySpec } from '../../../protocol/contract';
import type { DayPartitionLayout, TableDescription } from '../port';
import {
  compileQuery,
  partitionDaysRead,
  parseDateRange,
  type CompileOptions,
  type CompiledQuery,
  type DayWindow,
} from '../sql';
import { isDateClass, resolveFieldCatalog, type FieldBinding, type FieldCatalog } from '../fields';
import type { OutputColumn } from '../values';
import { formatIsoDate } from '../time';

/** How a returned column's per-day values become the range's value (docs/tiles.md#exact-merge). */
export type MergeKind = 'group' | 'sum' | 'count' | 'min' | 'max' | 'constant';

/**
 * Most groups one day's tile may hold. A day with more (a high-cardinality dimension) is not worth storing: the
 * request goes the direct path, and its shape is remembered so it is not retried on every request.
 */
export const DAY_TILE_MAX_ROWS = 10_000;

export interface TilePlan {
  /** Everything that changes a tile's rows except the day: table, compiled predicate, fields, zone, layout. */
  shape: string;
  /** The request's days (day numbers), in order. */
  days: number[];
  layout: DayPartitionLayout;
  /** Partition days read on each side of a day: 0 when the date column is the partition (partitionPruning.ts). */
  slackDays: number;
  /** The answer's columns and how each merges across days. */
  output: OutputColumn[];
  merge: MergeKind[];
  filtersApplied: boolean;
  /** Rows the caller may receive; a merged answer with more groups goes the direct path (same truncation). */
  rowLimit?: number;
  /** True when the request has no grouping dimension: the answer is one row even over no rows. */
  singleRow: boolean;
}

/** Tile schema version: part of every key, so a change in what tiles hold never reads old ones. */
const TILE_FORMAT = 'tile-v1';

/**
 * The request's date range on a date column and the partition days it reads (with the pruning slack when the date
 * column is not the partition key); undefined without a range, on a view, or without day partitions. Day tiles and
 * the direct query's scan estimate both start here.
 */
export function dateRangeRead(spec: QuerySpec, table: TableDescription) {
  if (!spec.dateRange || spec.dateColumn === undefined || table.isView) return undefined;
  const catalog = resolveFieldCatalog(table, true);
  const column = catalog.columns.get(spec.dateColumn);
  if (!column || !isDateClass(column.columnClass)) return undefined;
  const window = parseDateRange(spec.dateRange);
  const read = partitionDaysRead(catalog.columns.values(), column, window);
  return read && { catalog, dateColumn: spec.dateColumn, window, read };
}

/** The plan, or undefined when the request keeps the direct path (not aggregated, no day partitions, …). */
export function planDayTiles(
  spec: QuerySpec,
  table: TableDescription,
  options: CompileOptions,
  direct: CompiledQuery,
): TilePlan | undefined {
  if (!(spec.aggregate ?? true) || spec.sample) return undefined;
  const range = dateRangeRead(spec, table);
  if (!range) return undefined;
  const { catalog, window, read } = range;
  const merge = direct.output.map((out) => mergeKindOf(catalog.bindings.get(out.name)));
  const dayField = dayFieldOf(catalog, range.dateColumn);
  if (dayField === undefined || merge.some((kind) => kind === undefined)) return undefined;
  // A filter-only day field would be dropped from the tile query's output with the other applied filter fields.
  if (spec.fields.some((field) => field.forFilterOnly && field.name === dayField)) return undefined;
  const kinds = merge as MergeKind[];
  if (kinds.every((kind) => kind === 'constant')) return undefined;
  // Compiled for one fixed day, so the shape is the same whatever the range: the key adds the day itself.
  const shapeSql = compileTileQuery(spec, table, options, [{ firstDay: 0, lastDay: 0 }]).sql;
  const days = Array.from({ length: window.lastDay - window.firstDay + 1 }, (_, i) => window.firstDay + i);
  return {
    shape: JSON.stringify([
      TILE_FORMAT,
      table.database,
      table.table,
      spec.timeZone ?? 'UTC',
      read.layout,
      shapeOf(shapeSql),
    ]),
    days,
    layout: read.layout,
    slackDays: window.firstDay - read.window.firstDay,
    output: direct.output,
    merge: kinds,
    filtersApplied: direct.filtersApplied,
    ...(direct.rowLimit === undefined ? {} : { rowLimit: direct.rowLimit }),
    singleRow: !kinds.includes('group'),
  };
}

/** The partition days (`YYYY-MM-DD`) one day's query reads: the day itself, or with the pruning slack. */
export function partitionDaysOf(plan: TilePlan, day: number): string[] {
  const span = 2 * plan.slackDays + 1;
  return Array.from({ length: span }, (_, i) => formatIsoDate(day - plan.slackDays + i));
}

/**
 * The engine query of the missing days: the request's fields plus the day of the date column (last column), under
 * the request's filters and row filters, restricted to `windows`. Its LIMIT is the tile row bound of all the days.
 */
export function compileTileQuery(
  spec: QuerySpec,
  table: TableDescription,
  options: CompileOptions,
  windows: readonly DayWindow[],
): CompiledQuery {
  const catalog = resolveFieldCatalog(table, true);
  const dayField = dayFieldOf(catalog, spec.dateColumn ?? '')!;
  const days = windows.reduce((sum, w) => sum + w.lastDay - w.firstDay + 1, 0);
  const bound = days * DAY_TILE_MAX_ROWS;
  const present = spec.fields.some((field) => field.name === dayField);
  const fields = present ? spec.fields : [...spec.fields, { name: dayField }];
  return compileQuery({ ...spec, fields, limit: bound }, table, { ...options, maxRows: bound, dayWindows: windows });
}

/** The day column's position in the tile query's output. */
export function dayColumnIndex(tileQuery: CompiledQuery, spec: QuerySpec, table: TableDescription): number {
  const dayField = dayFieldOf(resolveFieldCatalog(table, true), spec.dateColumn ?? '');
  return tileQuery.output.findIndex((column) => column.name === dayField);
}

/**
 * The dimension giving a row's day in the report zone: the day truncation of a timestamp, or a date column's own
 * value. Its text (`YYYYMMDD` or `YYYY-MM-DD`) names the day the row falls in, consistent with the date range.
 */
function dayFieldOf(catalog: FieldCatalog, dateColumn: string): string | undefined {
  const column = catalog.columns.get(dateColumn);
  if (!column) return undefined;
  const wanted = column.columnClass === 'date' || column.columnClass === 'dateText' ? 'value' : 'day';
  for (const binding of catalog.bindings.values()) {
    if (binding.column === column && binding.role === 'dimension' && binding.derivation === wanted) return binding.id;
  }
  return undefined;
}

function mergeKindOf(binding: FieldBinding | undefined): MergeKind | undefined {
  if (!binding) return undefined;
  if (binding.derivation === 'query') return 'constant';
  if (binding.role === 'dimension') return 'group';
  switch (binding.derivation) {
    case 'sum':
      return 'sum';
    case 'count':
    case 'recordCount':
      return 'count';
    case 'min':
      return 'min';
    case 'max':
      return 'max';
    default:
      return undefined; // averages and the like are not partials: they do not merge exactly
  }
}

/** The tile query's text without its LIMIT (the tile row bound, not part of what a tile holds). */
function shapeOf(sql: string): string {
  return sql.replace(/ LIMIT \d+$/, '');
}
