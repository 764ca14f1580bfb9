/**
 * The vocabulary every field module shares (docs/architecture.md#one-vocabulary-for-a-column): how a field id is
 * computed (`Derivation`), what an id resolves to (`FieldBinding`) and a Looker field with its binding
 * (`FieldEntry`). Apart so the modules that build fields do not import each other for types.
 */
import type { DataType, LookerField } from '../../../protocol/contract';
import type { ValueFormat } from '../values';
import type { ResolvedColumn } from './columnClass';

/**
 * How a field's value is computed: `value` is the column itself (converted for time zones / JSON), `day` and
 * `hour` truncate a timestamp, the aggregations apply to the column, `recordCount` counts rows.
 */
export type Derivation =
  'value' | 'day' | 'hour' | 'sum' | 'min' | 'max' | 'count' | 'average' | 'recordCount' | 'coordinates' | 'query';

/** What a field id resolves to. `column` is absent only for the record count. */
export interface FieldBinding {
  id: string;
  role: 'dimension' | 'metric';
  derivation: Derivation;
  column?: ResolvedColumn;
  format: ValueFormat;
  dataType: DataType;
  /** `coordinates`: the longitude column (`column` is the latitude). */
  pairedColumn?: ResolvedColumn;
  /** A multiplier applied to a metric's values (0.01 for a `_pct` column shown as PERCENT). */
  scale?: number;
}

/** A Looker field together with how the compiler computes it. */
export interface FieldEntry {
  field: LookerField;
  binding: FieldBinding;
}
