/**
 * The metrics of one numeric column under aggregation pushdown, built so that no aggregation an editor can pick
 * gives a number that differs from that aggregation over the raw rows (docs/fields.md#re-aggregation).
 *
 * The proxy returns one row per group with partial aggregates. Looker Studio re-aggregates returned rows (a chart
 * that groups by fewer dimensions than a cached request, a date field shown as Year Month, blends), and lets the
 * editor change the aggregation of every re-aggregatable metric. SUM of partial sums, MIN of minimums and MAX of
 * maximums are exact; AVG, COUNT, COUNT_DISTINCT or MEDIAN of partial sums are not. So every visible metric is a
 * formula field — its aggregation is fixed by the formula and cannot be changed — over hidden partial fields
 * (`<id>__sum`, `<id>__min`, `<id>__max`, `<id>_count`) that Looker Studio only ever SUMs, MINs or MAXes.
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

/**
 * The visible ids keep the names they always had (`x` = sum, `x_min`, `x_max`, `x_avg`); only the hidden partial
 * ids are new. A request naming a visible id directly still gets that aggregate from the engine.
 */
export function toPushdownMetrics(
  column: ResolvedColumn,
  id: string,
  label: string,
  describe: Describe,
  allocate: (wanted: string) => string,
  semantics: MetricSemantics,
  group?: string,
): MetricEntry[] {
  const minId = allocate(`${id}_min`);
  const maxId = allocate(`${id}_max`);
  const countId = allocate(`${id}_count`);
  const avgId = allocate(`${id}_avg`);
  const sumPart = allocate(`${id}__sum`);
  const minPart = allocate(`${id}__min`);
  const maxPart = allocate(`${id}__max`);
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
  const exact = numberFormatOf(column);
  const visible = (derivation: Derivation, text: FieldText, formula: string, format: ValueFormat) =>
    entry(derivation, text, format, toMetricField(text, 'AUTO', { formula, reaggregatable: false, semantics }));
  const hidden = (derivation: Derivation, text: FieldText, aggregation: 'SUM' | 'MIN' | 'MAX', format: ValueFormat) =>
    entry(derivation, text, format, toMetricField(text, aggregation, { isHidden: true }));
  const partial = (what: string) => describe(`Partial ${what} (per returned row) of`, '; only for the visible fields');
  return [
    visible('sum', { id, label, description: describe('Sum of') }, `SUM($${sumPart})`, exact),
    visible(
      'min',
      { id: minId, label: `${label} (Min)`, description: describe('Minimum of') },
      `MIN($${minPart})`,
      exact,
    ),
    visible(
      'max',
      { id: maxId, label: `${label} (Max)`, description: describe('Maximum of') },
      `MAX($${maxPart})`,
      exact,
    ),
    hidden(
      'count',
      { id: countId, label: `${label} (Count)`, description: describe('Non-null values of') },
      'SUM',
      'exact',
    ),
    visible(
      'average',
      { id: avgId, label: `${label} (Average)`, description: describe('Average of') },
      `SUM($${sumPart}) / SUM($${countId})`,
      'double',
    ),
    hidden('sum', { id: sumPart, label: `${label} (Partial Sum)`, description: partial('sum') }, 'SUM', exact),
    hidden('min', { id: minPart, label: `${label} (Partial Min)`, description: partial('minimum') }, 'MIN', exact),
    hidden('max', { id: maxPart, label: `${label} (Partial Max)`, description: partial('maximum') }, 'MAX', exact),
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
      field: toMetricField(text, 'AUTO', { formula: `SUM($${part})`, reaggregatable: false }),
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
