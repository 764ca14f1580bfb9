/**
 * Engine text → Looker Studio values (docs/reference-looker-studio.md#getdata-value-formats).
 *
 * Engines return every value as text, exactly as Athena prints it in its result CSV (`null` for SQL NULL), so one
 * formatter serves both engines. It runs on up to 1,000,000 rows per query, so each column's converter is chosen
 * once and the per-row loop does no lookups.
 */
import type { DataType, LookerValue } from '../../../protocol/contract';
import { toPlainDecimal } from './decimalText';

/** Every value format, e.g. to validate one read back from a query token. */
export const VALUE_FORMATS = [
  'exact',
  'double',
  'boolean',
  'text',
  'date',
  'timestamp',
  'latLon',
  'numberText',
  // Filled from the query's statistics after formatting (proxy/src/fields/queryStatFields.ts).
  'queryBytes',
  'queryCostUsd',
  'queryEngine',
  'queryCached',
  'queryTime',
  'queryEstimatedBytes',
  'queryTileDays',
  'querySkippedRows',
] as const;

/**
 * How an output column's text becomes a Looker value:
 * - `exact`: integers and decimals, kept exact (as text when a JS number would lose precision);
 * - `double`: floating point; non-finite values become null;
 * - `boolean`, `text` (passed through, also `date_format` output);
 * - `date`: `YYYY-MM-DD` → `YYYYMMDD`; `timestamp`: `YYYY-MM-DD HH:MM:SS[.fff][ zone]` → `YYYYMMDDHHmmss`;
 * - `latLon`: `lat,lon` text → Looker's `"lat, lon"` (null unless both are numbers in range, docs/fields.md);
 * - `numberText`: a number as decimal text, for types whose data type is STRING (DURATION).
 */
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/** One column of a compiled query's result: the field id, its Looker data type and how to format its values. */
export interface OutputColumn {
  name: string;
  dataType: DataType;
  format: ValueFormat;
}

type Converter = (text: string) => LookerValue;

const CONVERTERS: Record<ValueFormat, Converter> = {
  exact: toExactNumber,
  double: toDouble,
  boolean: toBoolean,
  text: (text) => text,
  date: toLookerDate,
  timestamp: toLookerTimestamp,
  latLon: toLatLon,
  queryBytes: () => null,
  queryCostUsd: () => null,
  queryEngine: () => null,
  queryCached: () => null,
  queryTime: () => null,
  queryEstimatedBytes: () => null,
  queryTileDays: () => null,
  querySkippedRows: () => null,
  numberText: (text) => {
    const value = toExactNumber(text);
    return value === null ? null : String(value);
  },
};

/** Precompiles a formatter for rows of `output`; it never throws, and SQL NULL (or a missing value) stays null. */
export function makeRowFormatter(output: OutputColumn[]): (row: (string | null)[]) => LookerValue[] {
  const converters = output.map((column) => CONVERTERS[column.format]);
  const width = converters.length;
  return (row) => {
    const values = new Array<LookerValue>(width);
    for (let i = 0; i < width; i++) {
      const text = row[i];
      values[i] = text === null || text === undefined ? null : converters[i](text);
    }
    return values;
  };
}

/** Any decimal of up to 15 digits round-trips through a double; these fast paths cover almost every value. */
const SMALL_INTEGER = /^-?\d{1,15}$/;
const SHORT_DECIMAL_LENGTH = 16;
const INTEGER = /^[+-]?\d+$/;
const PLAIN_DECIMAL = /^[+-]?\d+\.\d+$/;
const INTEGER_LIMIT = 2 ** 53;

/**
 * Integers beyond ±2^53 are returned as their digits (JSON consumers cannot tell neighbours apart there), and so
 * are decimals whose digits a JS number cannot reproduce.
 */
function toExactNumber(text: string): LookerValue {
  if (SMALL_INTEGER.test(text)) return Number(text);
  if (text.length <= SHORT_DECIMAL_LENGTH && PLAIN_DECIMAL.test(text)) return Number(text);
  const integer = INTEGER.test(text);
  if (!integer && !PLAIN_DECIMAL.test(text)) return toDouble(text);
  const value = Number(text);
  const exact = toPlainDecimal(text) ?? null;
  if (integer) return Math.abs(value) <= INTEGER_LIMIT && String(value) === exact ? value : exact;
  // A JS number prints the shortest text that round-trips, so equal canonical texts mean no digit was lost.
  return exact === toPlainDecimal(String(value)) ? value : exact;
}

function toDouble(text: string): LookerValue {
  const value = Number(text);
  // Number('') is 0: blank text is not a zero.
  if (value === 0 && text.trim() === '') return null;
  return Number.isFinite(value) ? value : null;
}

function toBoolean(text: string): LookerValue {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  return lower === 'false' ? false : null;
}

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/;

/** Values that are not `YYYY-MM-DD` become null: Looker Studio rejects malformed dates in a date field. */
function toLookerDate(text: string): LookerValue {
  return DATE_TEXT.test(text) ? text.slice(0, 4) + text.slice(5, 7) + text.slice(8, 10) : null;
}

/** Fractional seconds and a zone suffix are dropped: the value is already wall-clock time in the report zone. */
function toLookerTimestamp(text: string): LookerValue {
  if (!TIMESTAMP_TEXT.test(text)) return null;
  return (
    text.slice(0, 4) +
    text.slice(5, 7) +
    text.slice(8, 10) +
    text.slice(11, 13) +
    text.slice(14, 16) +
    text.slice(17, 19)
  );
}

const COORDINATES = /^\s*\(?\s*([+-]?[\d.]+(?:[eE][+-]?\d+)?)\s*[,;\s]\s*([+-]?[\d.]+(?:[eE][+-]?\d+)?)\s*\)?\s*$/;

/** `"52.52,13.40"` (or with a space, `;`, or parentheses) → `"52.52, 13.4"`; anything else is not a location. */
function toLatLon(text: string): LookerValue {
  const match = COORDINATES.exec(text);
  if (!match) return null;
  const [lat, lon] = [Number(match[1]), Number(match[2])];
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) return null;
  return `${lat}, ${lon}`;
}
