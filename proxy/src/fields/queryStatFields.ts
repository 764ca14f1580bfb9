/**
 * Fields about the query itself (docs/fields.md#cost-and-freshness), so the person reading a report sees what
 * the chart cost and how fresh it is: bytes scanned, estimated USD, engine, whether it came from the proxy's
 * cache, when its data was read, and how many unreadable rows it left out. Their values are not computed by SQL (the SQL selects a typed NULL in their
 * place) but filled into every row from the query's statistics when the answer is built, so they always equal
 * the figures the proxy logs for that query.
 */
import type { LookerValue, QueryStats } from '../../../protocol/contract';
import type { FieldBinding, FieldEntry } from './fieldTypes';
import type { OutputColumn, ValueFormat } from '../values';
import {
  toDimensionField,
  toMetricField,
  type FieldText,
  type MetricSemantics,
  type SemanticType,
} from './lookerFields';

/** Value formats whose values come from the query's statistics, not from its rows. */
export const QUERY_FORMATS = [
  'queryBytes',
  'queryCostUsd',
  'queryEngine',
  'queryCached',
  'queryTime',
  'queryEstimatedBytes',
  'queryTileDays',
  'querySkippedRows',
] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

export const QUERY_GROUP = 'Query';

/** Athena's list price: $5 per TB scanned, rounded up to the MB, 10 MB minimum (docs/fields.md#cost-and-freshness). */
const USD_PER_BYTE = 5 / 2 ** 40;
const MB = 2 ** 20;
const MIN_BILLED_BYTES = 10 * MB;

/** The bytes Athena bills for a query that scanned `bytes`: up to the MB, 10 MB minimum; 0 for nothing scanned. */
export function billedBytes(bytes: number): number {
  return bytes > 0 ? Math.max(MIN_BILLED_BYTES, Math.ceil(bytes / MB) * MB) : 0;
}

/** What Athena would charge for scanning `bytes` (0 when nothing was scanned, e.g. a reused result). */
export function estimateCostUsd(bytes: number): number {
  return Number((billedBytes(bytes) * USD_PER_BYTE).toPrecision(6));
}

/** One query field: a metric (with its semantics) or a dimension (with its semantic type). */
type QueryFieldSpec = { id: string; label: string; description: string; format: QueryFormat } & (
  { role: 'metric'; semantics: MetricSemantics } | { role: 'dimension'; semanticType: SemanticType }
);

const QUERY_FIELDS: readonly QueryFieldSpec[] = [
  {
    id: 'query_bytes_scanned',
    label: 'Bytes Scanned',
    description: 'Bytes the query engine scanned for this chart (as the proxy logs them).',
    format: 'queryBytes',
    role: 'metric',
    semantics: 'NUMBER',
  },
  {
    id: 'query_cost_usd',
    label: 'Estimated Cost (USD)',
    description: 'Athena list price of the bytes scanned ($5/TB, 10 MB minimum); 0 when served from cache.',
    format: 'queryCostUsd',
    role: 'metric',
    semantics: 'CURRENCY_USD',
  },
  {
    id: 'query_engine',
    label: 'Query Engine',
    description: 'The engine that ran the query: athena or duckdb.',
    format: 'queryEngine',
    role: 'dimension',
    semanticType: 'TEXT',
  },
  {
    id: 'query_from_cache',
    label: 'From Cache',
    description: "Whether the chart's rows came from the proxy's result cache.",
    format: 'queryCached',
    role: 'dimension',
    semanticType: 'BOOLEAN',
  },
  {
    id: 'query_data_as_of',
    label: 'Data As Of',
    description: 'When the rows were read from the lake (UTC).',
    format: 'queryTime',
    role: 'dimension',
    semanticType: 'YEAR_MONTH_DAY_SECOND',
  },
  // The bound known before running (docs/budgets.md#the-estimate), and the days day tiles served (docs/tiles.md).
  {
    id: 'query_estimated_bytes',
    label: 'Estimated Bytes',
    description:
      'Upper bound, known before the query ran, on the bytes of the partitions it read (for date ranges on day partitions).',
    format: 'queryEstimatedBytes',
    role: 'metric',
    semantics: 'NUMBER',
  },
  {
    id: 'query_days_from_tiles',
    label: 'Days From Tiles',
    description: 'Days of the date range answered from stored day tiles without scanning (0 when not tiled).',
    format: 'queryTileDays',
    role: 'metric',
    semantics: 'NUMBER',
  },
  // Messy lakes (docs/lakes.md#messy-files): what the answer left out, so a chart never looks whole when it is not.
  {
    id: 'query_rows_skipped',
    label: 'Rows Skipped',
    description:
      'Records of the data the query read that could not be read and were left out (lines, rows; 0 when none).',
    format: 'querySkippedRows',
    role: 'metric',
    semantics: 'NUMBER',
  },
];

/** The query fields of every schema; the metrics are formulas over hidden per-row copies (MAX of a constant). */
export function toQueryFieldEntries(allocate: (wanted: string) => string): FieldEntry[] {
  return QUERY_FIELDS.flatMap((spec) =>
    spec.role === 'metric'
      ? queryMetricEntries(spec, allocate)
      : [entry(toDimensionField(queryDimensionText(spec, allocate), spec.semanticType), 'dimension', spec.format)],
  ).map((e) => ({ ...e, field: { ...e.field, group: QUERY_GROUP } }));
}

function queryDimensionText(spec: QueryFieldSpec, allocate: (wanted: string) => string): FieldText {
  return { id: allocate(spec.id), label: spec.label, description: spec.description };
}

/** A visible metric `MAX($hidden)` and the hidden per-row copy it reads. */
function queryMetricEntries(
  { id, label, description, format, semantics }: QueryFieldSpec & { role: 'metric' },
  allocate: (wanted: string) => string,
): FieldEntry[] {
  const hiddenId = allocate(`query__${id.slice('query_'.length)}`);
  const visibleId = allocate(id);
  const visible = toMetricField({ id: visibleId, label, description }, 'AUTO', {
    formula: `MAX($${hiddenId})`,
    semantics,
  });
  const hidden = toMetricField(
    { id: hiddenId, label: `${label} (per row)`, description: `${description} Only for the visible field.` },
    'MAX',
    { isHidden: true, semantics },
  );
  return [entry(visible, 'metric', format), entry(hidden, 'metric', format)];
}

function entry(field: FieldEntry['field'], role: FieldBinding['role'], format: QueryFormat): FieldEntry {
  return { field, binding: { id: field.name, role, derivation: 'query', format, dataType: field.dataType } };
}

/** Whether an output column is filled from statistics. */
export function isQueryFormat(format: ValueFormat): format is QueryFormat {
  return (QUERY_FORMATS as readonly string[]).includes(format);
}

/** The statistics the query fields show, plus when the rows were read (epoch ms). */
export interface QueryFacts {
  stats: Pick<QueryStats, 'engine' | 'bytesScanned' | 'cached' | 'estimatedBytes' | 'tiles' | 'skipped'>;
  readAt: number;
}

/** Rows with the query fields filled in (the same array when there are none; cached rows are never mutated). */
export function fillQueryFields(
  rows: LookerValue[][],
  columns: readonly OutputColumn[],
  facts: QueryFacts,
): LookerValue[][] {
  const fills = columns.flatMap((column, index) =>
    isQueryFormat(column.format) ? [[index, valueOf(column.format, facts)] as const] : [],
  );
  if (fills.length === 0) return rows;
  return rows.map((row) => {
    const copy = [...row];
    for (const [index, value] of fills) copy[index] = value;
    return copy;
  });
}

function valueOf(format: QueryFormat, { stats, readAt }: QueryFacts): LookerValue {
  switch (format) {
    case 'queryBytes':
      return stats.bytesScanned;
    case 'queryCostUsd':
      return stats.cached ? 0 : estimateCostUsd(stats.bytesScanned);
    case 'queryEngine':
      return stats.engine;
    case 'queryCached':
      return stats.cached;
    case 'queryEstimatedBytes':
      return stats.estimatedBytes ?? null;
    case 'queryTileDays':
      return stats.tiles?.fromStore ?? 0;
    case 'querySkippedRows':
      return stats.skipped?.records ?? 0;
    default:
      return new Date(readAt).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  }
}
