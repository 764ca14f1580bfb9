/**
 * What an editor can pick on each metric of a schema, and what Looker Studio then computes from getData rows
 * (docs/fields.md#re-aggregation): a formula field is evaluated over the returned rows of each chart group (its
 * aggregation cannot be changed); a re-aggregatable metric can be switched to any aggregation, applied to the
 * returned values of the group; hidden fields cannot be picked. Written from the protocol, not from the proxy.
 */
import type { LookerField, LookerValue } from '../../protocol/contract';

export const LOOKER_AGGREGATIONS = ['SUM', 'AVG', 'MIN', 'MAX', 'COUNT', 'COUNT_DISTINCT', 'MEDIAN'] as const;
export type LookerAggregation = (typeof LOOKER_AGGREGATIONS)[number];

/** One metric as a chart uses it: a formula field (`FORMULA`) or a metric with the aggregation picked. */
export interface PickedMetric {
  field: LookerField;
  aggregation: LookerAggregation | 'FORMULA';
}

/** Every (metric, aggregation) an editor can put on a chart. */
export function selectableMetrics(fields: readonly LookerField[]): PickedMetric[] {
  return fields
    .filter((field) => field.semantics.conceptType === 'METRIC' && !field.isHidden)
    .flatMap((field): PickedMetric[] => {
      if (field.formula !== undefined) return [{ field, aggregation: 'FORMULA' }];
      if (field.semantics.isReaggregatable === false) return [{ field, aggregation: 'FORMULA' }];
      return LOOKER_AGGREGATIONS.map((aggregation) => ({ field, aggregation }));
    });
}

/** The field ids getData must return for a picked metric: the formula's `$refs`, or the field itself. */
export function requestedIdsOf(metric: PickedMetric): string[] {
  if (metric.field.formula === undefined) return [metric.field.name];
  return [...metric.field.formula.matchAll(/\$([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}

/** An aggregation over the non-null values of a group, with SQL's rules (no values: NULL; COUNT: 0). */
export function aggregate(aggregation: LookerAggregation, values: LookerValue[]): number | null {
  const present = values.filter((v) => v !== null);
  if (aggregation === 'COUNT') return present.length;
  if (aggregation === 'COUNT_DISTINCT') return new Set(present.map((v) => String(v))).size;
  const xs = present.map(Number);
  if (xs.length === 0) return null;
  switch (aggregation) {
    case 'SUM':
      return xs.reduce((a, b) => a + b, 0);
    case 'AVG':
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'MIN':
      return Math.min(...xs);
    case 'MAX':
      return Math.max(...xs);
    default: {
      const sorted = [...xs].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
  }
}

const TERM = /^(SUM|MIN|MAX|AVG|COUNT)\(\$([A-Za-z0-9_]+)\)$/;

/**
 * Evaluates a formula of the forms the connector may emit — `AGG($id)` or `AGG($a) / AGG($b)` — over one chart
 * group; any other formula fails the test, so a new formula shape must be modelled here first.
 */
export function evaluateFormula(formula: string, column: (id: string) => LookerValue[]): number | null {
  const terms = formula.split(' / ').map((term) => {
    const match = TERM.exec(term.trim());
    if (!match) throw new Error(`formula shape not modelled: ${formula}`);
    return aggregate(match[1] as LookerAggregation, column(match[2]));
  });
  if (terms.length === 1) return terms[0];
  if (terms.length !== 2) throw new Error(`formula shape not modelled: ${formula}`);
  const [a, b] = terms;
  return a === null || b === null || b === 0 ? null : a / b;
}

/** One chart: rows grouped by the chart's dimensions (JSON of their values), one value per picked metric. */
export function lookerChart(
  schema: readonly string[],
  rows: readonly LookerValue[][],
  dimensions: readonly string[],
  metrics: readonly PickedMetric[],
): Map<string, (number | null)[]> {
  const index = (id: string) => {
    const i = schema.indexOf(id);
    if (i < 0) throw new Error(`field ${id} is not in the result`);
    return i;
  };
  const dims = dimensions.map(index);
  const groups = new Map<string, LookerValue[][]>();
  for (const row of rows) {
    const key = JSON.stringify(dims.map((i) => row[i]));
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const chart = new Map<string, (number | null)[]>();
  for (const [key, group] of groups) {
    const column = (id: string) => group.map((row) => row[index(id)]);
    chart.set(
      key,
      metrics.map((metric) =>
        metric.aggregation !== 'FORMULA'
          ? aggregate(metric.aggregation, column(metric.field.name))
          : metric.field.formula !== undefined
            ? evaluateFormula(metric.field.formula, column)
            : // A non-re-aggregatable metric shows one returned row's value per group (as seen in
              // matomo-org/looker-studio-connector issue #49), so model exactly that.
              toNumber(column(metric.field.name)[0]),
      ),
    );
  }
  return chart;
}

function toNumber(value: LookerValue | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
