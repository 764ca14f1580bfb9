/** What the generator needs to know about one sample event type, and small helpers for writing rows. */
import type { EventSchema } from '../../events/src';
import type { Random } from './random';

/** One event as written to a JSON line (key order is the column order). */
export type SampleRow = Record<string, string | number | null>;

/** An event type of the sample lake. */
export interface SampleTable {
  /** The declared event type (events/schemas): column order, Parquet types, and what a valid row is. */
  schema: EventSchema;
  /** Event type; the folder is `<type>-<version>`. */
  type: string;
  format: 'json' | 'parquet';
  /** Share of the lake's total rows. */
  share: number;
  /** Relative volume by day of week, Sunday first. */
  weekday: readonly number[];
  /** Relative volume by hour of day (UTC). */
  hours: readonly number[];
  /** Builds a row-maker for one table; `rng` is that table's own stream. */
  rows(rng: Random): (timestampMs: number) => SampleRow;
  /**
   * Columns added after the first sample lake, drawn from a second stream so the original columns keep their
   * values (existing reports and tests see the same numbers); gets the original row.
   */
  extras?(rng: Random): (timestampMs: number, row: SampleRow) => SampleRow;
}

/** 24 hourly weights from a list of [fromHour, toHour, weight] bands over a base weight. */
export function hourProfile(base: number, bands: readonly (readonly [number, number, number])[]): number[] {
  const hours = Array.from({ length: 24 }, () => base);
  for (const [from, to, weight] of bands) for (let h = from; h <= to; h++) hours[h] = weight;
  return hours;
}

/** ISO-8601 UTC with milliseconds, the way apps log instants; DuckDB infers it as TIMESTAMP. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** A UUID-shaped id drawn from `rng` (version-4 layout). */
export function uuidOf(rng: Random): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`;
}

/** `prefix-000042`-style ids. */
export function idOf(prefix: string, n: number, width = 5): string {
  return `${prefix}-${String(n).padStart(width, '0')}`;
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
