/**
 * A reference model of what Looker Studio does with getData rows (docs/reference-looker-studio.md#filters,
 * docs/reference-looker-studio.md#getdata-response): when the
 * proxy did not apply the filters it filters the rows itself, then groups them by the chart's dimensions and
 * aggregates each metric. Written independently of the proxy, so it can judge whether pushdown is exact.
 */
import type { FilterClause, LookerValue } from '../../protocol/contract';

/**
 * A chart metric as the report author picks it: on a numeric column, or COUNT_DISTINCT of a dimension. `avg` is
 * the pushdown schema's `<x>_avg` formula field (Looker Studio AVG on raw rows).
 */
export type ChartMetric =
  | { kind: 'recordCount' }
  | { kind: 'sum' | 'min' | 'max' | 'avg'; column: string }
  | { kind: 'countDistinct'; column: string };

/** A chart: group-by dimensions (field ids) and metrics. */
export interface Chart {
  dimensions: string[];
  metrics: ChartMetric[];
}

/** What a getData call returned, pages already joined. */
export interface Rows {
  schema: { name: string }[];
  rows: LookerValue[][];
  filtersApplied: boolean;
}

/** One chart row per dimension combination (key: JSON of the dimension values), one value per metric. */
export type ChartValues = Map<string, (number | null)[]>;

/**
 * The field ids a pushdown (aggregate=true) request needs for a metric: what the visible formula field references,
 * its hidden partials (`x__sum`, `x__min`, `x__max`, `x__count`), as Looker Studio requests them.
 */
export function pushdownFieldsOf(metric: ChartMetric): string[] {
  if (metric.kind === 'recordCount') return ['record_count'];
  if (metric.kind === 'countDistinct') return [metric.column];
  if (metric.kind === 'avg') return [`${metric.column}__sum`, `${metric.column}__count`];
  return [`${metric.column}__${metric.kind}`];
}

/** The field ids a raw (aggregate=false) request needs: the column itself, whatever the aggregation. */
export function rawFieldsOf(metric: ChartMetric): string[] {
  return [metric.kind === 'recordCount' ? 'record_count' : metric.column];
}

/** Aggregations, with SQL's NULL rules: NULL inputs are skipped, and no input at all gives NULL. */
const sum = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0));
const min = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => Math.min(a, b)));
const max = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => Math.max(a, b)));

/**
 * Chart values from the rows of a request made with pushdown (`aggregate: true`) or for raw rows; `filters` are
 * the request's filters, applied here only when the proxy says it did not apply them.
 */
export function computeChart(result: Rows, chart: Chart, pushdown: boolean, filters: FilterClause[][]): ChartValues {
  const column = (name: string) => {
    const index = result.schema.findIndex((field) => field.name === name);
    if (index < 0) throw new Error(`field ${name} is not in the result`);
    return index;
  };
  const rows = result.filtersApplied ? result.rows : applyLookerFilters(result, filters).rows;
  const groups = groupRows(rows, chart.dimensions.map(column));
  const chartValues: ChartValues = new Map();
  for (const [key, group] of groups) {
    chartValues.set(
      key,
      chart.metrics.map((metric) => metricValue({ metric, group, column, pushdown })),
    );
  }
  return chartValues;
}

/** Rows grouped by their dimension values (the JSON of those values is the group's key). */
function groupRows(rows: LookerValue[][], dims: number[]): Map<string, LookerValue[][]> {
  const groups = new Map<string, LookerValue[][]>();
  for (const row of rows) {
    const key = JSON.stringify(dims.map((i) => row[i]));
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

interface MetricInput {
  metric: ChartMetric;
  group: LookerValue[][];
  column: (name: string) => number;
  pushdown: boolean;
}

function metricValue({ metric, group, column, pushdown }: MetricInput): number | null {
  const numbers = (name: string) => {
    const index = column(name);
    return group
      .map((row) => row[index])
      .filter((v): v is number | string => v !== null)
      .map(Number);
  };
  if (metric.kind === 'recordCount') return sum(numbers('record_count'));
  const x = metric.column;
  if (metric.kind === 'countDistinct') {
    const index = column(x);
    return new Set(group.map((row) => row[index]).filter((v) => v !== null)).size;
  }
  if (metric.kind === 'sum') return sum(numbers(pushdown ? `${x}__sum` : x));
  if (metric.kind === 'min') return min(numbers(pushdown ? `${x}__min` : x));
  if (metric.kind === 'max') return max(numbers(pushdown ? `${x}__max` : x));
  // The formula SUM($x__sum) / SUM($x__count); over raw rows that is Looker's AVG (NULLs skipped).
  const total = sum(numbers(pushdown ? `${x}__sum` : x));
  const count = pushdown ? sum(numbers(`${x}__count`)) : numbers(x).length;
  return total === null || !count ? null : total / count;
}

/** Keeps the rows Looker Studio would keep under `filters` (AND of ORs; EXCLUDE keeps NULLs). */
function applyLookerFilters(result: Rows, filters: FilterClause[][]): Rows {
  const indexOf = (name: string) => result.schema.findIndex((field) => field.name === name);
  const keep = (row: LookerValue[]) =>
    filters.every((group) =>
      group.some((clause) => {
        const included = includes(clause, row[indexOf(clause.fieldName)]);
        return clause.type === 'EXCLUDE' ? !included : included;
      }),
    );
  return { ...result, rows: result.rows.filter(keep) };
}

function includes(clause: FilterClause, value: LookerValue): boolean {
  if (clause.operator === 'IS_NULL') return value === null;
  if (value === null) return false;
  const text = String(value);
  const [first, second] = clause.values;
  switch (clause.operator) {
    case 'EQUALS':
      return text === first;
    case 'IN_LIST':
      return clause.values.includes(text);
    case 'CONTAINS':
      return text.includes(first);
    case 'REGEXP_PARTIAL_MATCH':
      return toRegExp(first, false).test(text);
    case 'REGEXP_EXACT_MATCH':
      return toRegExp(first, true).test(text);
    case 'BETWEEN':
      return Number(text) >= Number(first) && Number(text) <= Number(second);
    case 'NUMERIC_GREATER_THAN':
      return Number(text) > Number(first);
    case 'NUMERIC_GREATER_THAN_OR_EQUAL':
      return Number(text) >= Number(first);
    case 'NUMERIC_LESS_THAN':
      return Number(text) < Number(first);
    default:
      return Number(text) <= Number(first);
  }
}

/** RE2 spells case-insensitivity as a leading `(?i)`; JavaScript as a flag. */
function toRegExp(pattern: string, exact: boolean): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  const body = insensitive ? pattern.slice(4) : pattern;
  return new RegExp(exact ? `^(?:${body})$` : body, insensitive ? 'iu' : 'u');
}
