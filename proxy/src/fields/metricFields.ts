/**
 * The metrics of one numeric column under aggregation pushdown, built so that no aggregation an editor can pick
 * gives a number that differs from that aggregation over the raw rows (docs/fields.md#re-aggregation).
 *
 * The proxy returns one row per group with partial aggregates. Looker Studio re-aggregates returned rows (a chart
 * that groups by fewer dimensions than a cached request, a date field shown as Year Month), and lets the
 * editor change the aggregation of every re-aggregatable metric. SUM of partial sums, MIN of minimums and MAX of
 * maximums are exact; AVG, COUNT, COUNT_DISTINCT or MEDIAN of partial sums are not. So every visible metric is a
 * formula field — its aggregation is fixed by the formula and cannot be changed — over hidden partial fields
 * (`<id>__sum`, `<id>__min`, `<id>__max`, `<id>__count`) that Looker Studio only ever SUMs, MINs or MAXes.
 * Blends are the exception no field property closes (docs/fields.md#blends).
 */
import type { LookerField } from '../../../protocol/contract';
import type { ResolvedColumn } from './columnClass';
import type { Derivation, FieldBinding } from './fieldTypes';
import type { ValueFormat } from '../values';
import { toMetricField, type FieldText, type MetricSemantics } from './lookerFields';

/** A Looker field together with how the compiler computes it. */
export interface MetricEntry {
  field: LookerField;
  binding: FieldBinding;
}

/** Builds the description of a field from what it computes. */
export type Describe = (what: string, how?: string) => string;

/** What one numeric column's pushdown metrics are named, described and grouped by. */
export interface PushdownMetricSpec {
  id: string;
  label: string;
  describe: Describe;
  /** Allocates the id wanted, or the nearest free one. */
  allocate: (wanted: string) => string;
  semantics: MetricSemantics;
  group?: string;
  /** Whether the values add up: the main field `id` is then the sum, else the average (docs/fields.md#additive-or-not). */
  additive: boolean;
}

/** The ids of one column's metrics: the reserved visible ones, then the hidden partials, then newer ids. */
interface PushdownIds {
  minId: string;
  maxId: string;
  countId: string;
  avgId: string;
  sumPart: string;
  minPart: string;
  maxPart: string;
  countPart: string;
  /** The sum's own id when the main field is the average. */
  sumId?: string;
}

/** Builds visible formula metrics and hidden partial metrics of one column. */
interface MetricMakers {
  visible(derivation: Derivation, text: FieldText, formula: string, format: ValueFormat): MetricEntry;
  hidden(derivation: Derivation, text: FieldText, aggregation: 'SUM' | 'MIN' | 'MAX', format: ValueFormat): MetricEntry;
}

/**
 * The visible ids keep the names they always had (`x`, `x_min`, `x_max`, `x_count`, `x_avg`); the hidden partials
 * and `x_sum` are newer, so they are allocated after them. A request naming a visible id directly still gets that
 * aggregate from the engine.
 */
export function toPushdownMetrics(column: ResolvedColumn, spec: PushdownMetricSpec): MetricEntry[] {
  const { id, allocate } = spec;
  const ids: PushdownIds = {
    minId: allocate(`${id}_min`),
    maxId: allocate(`${id}_max`),
    countId: allocate(`${id}_count`),
    avgId: allocate(`${id}_avg`),
    sumPart: allocate(`${id}__sum`),
    minPart: allocate(`${id}__min`),
    maxPart: allocate(`${id}__max`),
    countPart: allocate(`${id}__count`),
    ...(spec.additive ? {} : { sumId: allocate(`${id}_sum`) }),
  };
  const make = metricMakers(column, spec);
  return [...visibleMetrics(make, spec, ids, numberFormatOf(column)), ...partialMetrics(make, spec, ids, column)];
}

function metricMakers(column: ResolvedColumn, { semantics, group }: PushdownMetricSpec): MetricMakers {
  const entry = (derivation: Derivation, text: FieldText, format: ValueFormat, field: LookerField): MetricEntry => ({
    field: group === undefined ? field : { ...field, group },
    binding: {
      id: text.id,
      role: 'metric',
      derivation,
      column,
      format: field.dataType === 'STRING' ? 'numberText' : format,
      dataType: field.dataType,
    },
  });
  return {
    visible: (derivation, text, formula, format) =>
      entry(derivation, text, format, toMetricField(text, 'AUTO', { formula, semantics: semanticsOf(derivation) })),
    hidden: (derivation, text, aggregation, format) =>
      entry(derivation, text, format, toMetricField(text, aggregation, { isHidden: true })),
  };
  // A count of values is a plain number, whatever the column's type (a count of euros is not euros).
  function semanticsOf(derivation: Derivation): MetricSemantics {
    return derivation === 'count' ? 'NUMBER' : semantics;
  }
}

/**
 * The main field first (the sum of an additive column, else the average), then minimum, maximum, count and
 * average; a non-additive column keeps its sum as `x_sum`.
 */
function visibleMetrics(make: MetricMakers, spec: PushdownMetricSpec, ids: PushdownIds, exact: ValueFormat) {
  const { id, label, describe } = spec;
  const sumFormula = `SUM($${ids.sumPart})`;
  const avgFormula = `SUM($${ids.sumPart}) / SUM($${ids.countPart})`;
  const sum = (text: FieldText) => make.visible('sum', text, sumFormula, exact);
  const average = (text: FieldText) => make.visible('average', text, avgFormula, 'double');
  const main = ids.sumId
    ? [
        average({ id, label, description: describe('Average of') }),
        sum({ id: ids.sumId, label: `${label} (Sum)`, description: describe('Sum of') }),
      ]
    : [sum({ id, label, description: describe('Sum of') })];
  return [
    ...main,
    make.visible(
      'min',
      { id: ids.minId, label: `${label} (Min)`, description: describe('Minimum of') },
      `MIN($${ids.minPart})`,
      exact,
    ),
    make.visible(
      'max',
      { id: ids.maxId, label: `${label} (Max)`, description: describe('Maximum of') },
      `MAX($${ids.maxPart})`,
      exact,
    ),
    make.visible(
      'count',
      { id: ids.countId, label: `${label} (Count)`, description: describe('Non-null values of') },
      `SUM($${ids.countPart})`,
      'exact',
    ),
    average({ id: ids.avgId, label: `${label} (Average)`, description: describe('Average of') }),
  ];
}

/** The hidden partial sum, minimum, maximum and count per returned row that the visible formulas re-aggregate. */
function partialMetrics(make: MetricMakers, spec: PushdownMetricSpec, ids: PushdownIds, column: ResolvedColumn) {
  const { label, describe } = spec;
  const exact = numberFormatOf(column);
  const partial = (what: string) => describe(`Partial ${what} (per returned row) of`, '; only for the visible fields');
  const hidden = (derivation: 'sum' | 'min' | 'max' | 'count', id: string, what: string) => {
    const aggregation = derivation === 'min' ? 'MIN' : derivation === 'max' ? 'MAX' : 'SUM';
    const text = { id, label: `${label} (Partial ${what})`, description: partial(what.toLowerCase()) };
    return make.hidden(derivation, text, aggregation, derivation === 'count' ? 'exact' : exact);
  };
  return [
    hidden('sum', ids.sumPart, 'Sum'),
    hidden('min', ids.minPart, 'Minimum'),
    hidden('max', ids.maxPart, 'Maximum'),
    hidden('count', ids.countPart, 'Count'),
  ];
}

/** The record count: a formula over the hidden per-group row count, so nobody can average group sizes. */
export function toPushdownRecordCount(id: string, allocate: (wanted: string) => string, note = ''): MetricEntry[] {
  const part = allocate(`${id}__rows`);
  const text = { id, label: 'Record Count', description: `Number of rows (counted by the query engine).${note}` };
  const partText = {
    id: part,
    label: 'Record Count (Partial)',
    description: 'Rows per returned row; only for Record Count.',
  };
  return [
    {
      field: toMetricField(text, 'AUTO', { formula: `SUM($${part})` }),
      binding: { id, role: 'metric', derivation: 'recordCount', format: 'exact', dataType: 'NUMBER' },
    },
    {
      field: toMetricField(partText, 'SUM', { isHidden: true }),
      binding: { id: part, role: 'metric', derivation: 'recordCount', format: 'exact', dataType: 'NUMBER' },
    },
  ];
}

/** Integers and decimals stay exact; SUM/MIN/MAX keep the column's kind on both engines. */
export function numberFormatOf(column: ResolvedColumn): ValueFormat {
  return column.type.kind === 'float' ? 'double' : 'exact';
}
