/**
 * QuerySpec → canonical Trino SQL (docs/architecture.md#design-decisions, decision 1): the connector never sends SQL;
 * every identifier comes from the table description and every literal is rendered by type. Same spec ⇒ byte-identical
 * SQL (single line, upper-case keywords, no comments, no clock), which the result cache and Athena result reuse rely
 * on.
 *
 * Shape: `SELECT <expr> AS "<field id>", … FROM "<db>"."<table>" [WHERE …] [GROUP BY 1, 2, …] LIMIT n`.
 *
 * SQL vocabulary shared with the DuckDB engine (which runs this text unchanged after installing macros): quoted
 * identifiers; literals 'text', integers, plain decimals, DATE '…', TIMESTAMP 'YYYY-MM-DD HH:MM:SS',
 * from_iso8601_timestamp('…Z'), true/false; AND/OR/NOT, = <> < <= > >=, BETWEEN, IN, IS [NOT] NULL, coalesce;
 * count(*), count, sum, min, max, CAST(x AS varchar|double|JSON), try_cast(x AS double), json_format, strpos,
 * regexp_like, at_timezone, date_format with '%Y%m%d' / '%Y%m%d%H' / '%Y-%m-%d', lpad, concat — plus `/` between
 * doubles, used only by the average of an `_avg` field (an addition to the agreed list).
 */
import type { QuerySpec } from '../../../protocol/contract';
import type { TableDescription } from '../port';
import { InvalidRequestError, UnknownFieldError } from '../errors';
import { isDateClass } from '../fields';
import { compileDateRange, parseDateRange, type DayWindow } from './dateRange';
import { resolveFieldCatalog, type FieldBinding, type FieldCatalog } from '../fields';
import { compileFieldExpression } from './fieldExpressions';
import { compileFilters } from './filters';
import type { OutputColumn } from '../values';
import { compilePartitionPruning } from './partitionPruning';
import { enforceQueryLength } from './queryLength';
import { joinPredicates, quoteIdentifier, type Predicate } from './sqlText';
import type { RowFilter } from '../access';
import { compileRowFilters } from './rowFilterSql';
import { resolveTimeZone } from '../time';

/** Row limits from the proxy configuration. */
export interface CompileOptions {
  /** Ceiling and default of the row limit (Looker Studio's getData limit is 1,000,000). */
  maxRows: number;
  /** Row limit of `sample` (Looker Studio's sampleExtraction) requests. */
  sampleRows: number;
  /** The caller's row filters from the access rules: always applied, never removable by the request. */
  rowFilters?: readonly RowFilter[];
  /**
   * Day tiles (docs/tiles.md): restricts the date column to these windows (each with its partition pruning, ORed)
   * instead of the spec's dateRange, so one query computes exactly the days missing from the tile store.
   */
  dayWindows?: readonly DayWindow[];
}

/** The SQL to run and how to read its result: one output column per selected field, in request order. */
export interface CompiledQuery {
  sql: string;
  output: OutputColumn[];
  filtersApplied: boolean;
  /** Rows the caller may receive; the SQL asks for one more so a result that hits the limit is detected, not
   *  silently cut. Undefined when the query cannot exceed it (single-row aggregates, sample extraction). */
  rowLimit?: number;
}

/**
 * Compiles a shape-validated spec against `table`. Throws UnknownFieldError for field ids (requested or filtered)
 * the table does not have, and InvalidRequestError for a bad date column, date range, time zone or limit, and for
 * SQL longer than Athena accepts (docs/athena.md#query-length).
 */
export function compileQuery(spec: QuerySpec, table: TableDescription, options: CompileOptions): CompiledQuery {
  const aggregate = spec.aggregate ?? true;
  const catalog = resolveFieldCatalog(table, aggregate);
  const requested = spec.fields.map((field) => resolveField(catalog, field.name, table.table));
  for (const clause of (spec.dimensionsFilters ?? []).flat()) resolveField(catalog, clause.fieldName, table.table);
  if (requested.length === 0) throw new InvalidRequestError('The query requests no fields.');
  const zone = resolveZone(spec.timeZone ?? 'UTC');
  const dateConditions = compileDateConditions(spec, catalog, zone, options.dayWindows);
  const limit = computeLimit(spec, options);
  const filterOnly = spec.fields.filter((field) => field.forFilterOnly).map((field) => field.name);
  const filters = compileFilters(spec.dimensionsFilters ?? [], catalog, zone, filterOnly);

  const returned = requested.filter((_, i) => !(filters.applied && spec.fields[i].forFilterOnly));
  // Only filter-only fields, all applied: Looker wants no values, so the rows (or groups) of those fields are
  // queried and each is answered as an empty row: the filtered row count (docs/fields.md#filter-only-requests).
  const selected = returned.length > 0 ? returned : requested;
  // The viewer's row filters come first and are ANDed with everything: no request field or filter can lift them.
  const rowConditions = compileRowFilters(options.rowFilters ?? [], table);
  const conditions = [...rowConditions, ...dateConditions, ...(filters.applied ? filters.predicates : [])];
  // Query fields are constants: never grouped on, and alone they still make a one-row aggregate.
  const ordinals = selected.flatMap((b, i) => (b.role === 'dimension' && b.derivation !== 'query' ? [i + 1] : []));
  const onlyQueryFields = selected.every((binding) => binding.derivation === 'query');
  // Grouped rows are ordered by their dimensions: pages are then stable, and Athena reuses results only for
  // deterministic SQL ("LIMIT with ORDER BY is deterministic", docs/reference-athena.md#result-reuse). An aggregate
  // without dimensions is one row and needs no LIMIT; raw rows keep a bare LIMIT (sorting up to 1M rows would cost
  // more than the reuse saves).
  const grouped = aggregate && ordinals.length > 0;
  const singleRow = (aggregate && ordinals.length === 0) || onlyQueryFields;
  const expressions = selected.map(
    (binding) => `${compileFieldExpression(binding, zone, aggregate)} AS ${quoteIdentifier(binding.id)}`,
  );
  if (onlyQueryFields) expressions.push('count(*) AS "rows"');
  const sql = [
    `SELECT ${expressions.join(', ')}`,
    `FROM ${quoteIdentifier(table.database)}.${quoteIdentifier(table.table)}`,
    ...(conditions.length > 0 ? [`WHERE ${joinPredicates(conditions, 'AND').sql}`] : []),
    ...(grouped ? [`GROUP BY ${ordinals.join(', ')}`, `ORDER BY ${ordinals.join(', ')}`] : []),
    ...(singleRow ? [] : [`LIMIT ${spec.sample ? limit : limit + 1}`]),
  ].join(' ');
  enforceQueryLength(sql, spec.dimensionsFilters ?? [], filters.applied ? filters.predicates : undefined);
  return {
    sql,
    output: returned.map((binding) => ({ name: binding.id, dataType: binding.dataType, format: binding.format })),
    filtersApplied: filters.applied,
    ...(singleRow || spec.sample ? {} : { rowLimit: limit }),
  };
}

function resolveField(catalog: FieldCatalog, name: string, table: string): FieldBinding {
  const binding = catalog.bindings.get(name);
  if (!binding) throw new UnknownFieldError(name, table);
  return binding;
}

function resolveZone(name: string): string {
  const zone = resolveTimeZone(name);
  if (zone) return zone;
  throw new InvalidRequestError(
    `Unknown or unsupported time zone "${name}": use an IANA name Athena knows, such as "Europe/Paris".`,
    {
      timeZone: name,
    },
  );
}

/** The date range's own condition plus the partition pruning it implies (partitions first). */
function compileDateConditions(
  spec: QuerySpec,
  catalog: FieldCatalog,
  zone: string,
  dayWindows?: readonly DayWindow[],
): Predicate[] {
  if (spec.dateColumn === undefined) {
    if (spec.dateRange) throw new InvalidRequestError('A dateRange needs a dateColumn to apply to.');
    return [];
  }
  const column = catalog.columns.get(spec.dateColumn);
  if (!column || !isDateClass(column.columnClass)) {
    throw new InvalidRequestError(`"${spec.dateColumn}" is not a date column of this table.`, {
      dateColumn: spec.dateColumn,
      dateColumns: catalog.dateColumns,
    });
  }
  if (!spec.dateRange) return [];
  const windows = dayWindows ?? [parseDateRange(spec.dateRange)];
  const perWindow = windows.map((window) => [
    ...compilePartitionPruning(catalog.columns.values(), column, window),
    ...compileDateRange(column, window, zone),
  ]);
  if (perWindow.length === 1) return perWindow[0];
  return [
    joinPredicates(
      perWindow.map((parts) => joinPredicates(parts, 'AND')),
      'OR',
    ),
  ];
}

function computeLimit(spec: QuerySpec, options: CompileOptions): number {
  if (spec.limit !== undefined && !(Number.isSafeInteger(spec.limit) && spec.limit >= 0)) {
    throw new InvalidRequestError(`The limit must be a non-negative integer, not ${spec.limit}.`);
  }
  const limit = Math.min(spec.limit ?? options.maxRows, options.maxRows);
  return spec.sample ? Math.min(limit, options.sampleRows) : limit;
}
