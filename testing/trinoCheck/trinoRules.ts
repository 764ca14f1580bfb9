/**
 * The post-parse rules Trino (Athena engine v3) applies after its grammar accepts a statement, for the vocabulary
 * the compiler uses (docs/athena.md#trino-checks). Each rule names the Trino behaviour it stands for.
 */
import { TRINO_ZONE_NAMES } from '../../proxy/src/time';

/** Athena's QueryString limit in UTF-8 bytes (docs/athena.md#query-length). */
export const MAX_QUERY_BYTES = 262_144;

const BIGINT_MAX = 9223372036854775807n;
const MAX_DECIMAL_PRECISION = 38;

/**
 * Functions the compiler emits, with the argument counts Trino's function resolution accepts for them
 * (Trino docs, "Functions and operators"); anything else fails with FUNCTION_NOT_FOUND in Athena.
 */
const FUNCTION_ARITIES: Record<string, (args: number, star: boolean) => boolean> = {
  count: (n, star) => (star ? n === 0 : n === 1),
  sum: (n) => n === 1,
  min: (n) => n === 1,
  max: (n) => n === 1,
  avg: (n) => n === 1,
  coalesce: (n) => n >= 1,
  json_format: (n) => n === 1,
  strpos: (n) => n === 2,
  regexp_like: (n) => n === 2,
  at_timezone: (n) => n === 2,
  date_format: (n) => n === 2,
  lpad: (n) => n === 3,
  concat: (n) => n >= 2,
  from_iso8601_timestamp: (n) => n === 1,
};

/** MySQL-style specifiers Trino's date_format implements (%D %U %u %V %w %X are documented as unsupported). */
const DATE_FORMAT_SPECIFIERS = new Set('abcdefHhIijklMmprSsTvWxYy%'.split(''));

/** Types the compiler casts to (CAST / try_cast). */
const CAST_TYPES = new Set([
  'varchar',
  'double',
  'json',
  'bigint',
  'integer',
  'boolean',
  'date',
  'timestamp',
  'real',
  'decimal',
]);

export function checkLength(sql: string): string[] {
  const bytes = new TextEncoder().encode(sql).length;
  return bytes > MAX_QUERY_BYTES ? [`query text is ${bytes} bytes, over Athena's ${MAX_QUERY_BYTES}`] : [];
}

/** An integer literal: Trino reads the digits as a BIGINT before applying a minus sign ("Invalid numeric literal"). */
export function checkIntegerLiteral(text: string): string[] {
  const digits = text.replace(/^[+-]\s*/, '');
  return BigInt(digits) > BIGINT_MAX ? [`integer literal ${text} is outside BIGINT`] : [];
}

/** A decimal literal: at most 38 significant digits (leading zeros of the integer part do not count). */
export function checkDecimalLiteral(text: string): string[] {
  const [intPart, fracPart = ''] = text.replace(/^[+-]\s*/, '').split('.');
  const precision = intPart.replace(/^0+/, '').length + fracPart.length;
  return precision > MAX_DECIMAL_PRECISION ? [`decimal literal ${text} has ${precision} digits, over DECIMAL(38)`] : [];
}

export function checkFunctionCall(
  name: string,
  args: number,
  star: boolean,
  firstStringArgs: (string | undefined)[],
): string[] {
  const lower = name.toLowerCase();
  const arity = FUNCTION_ARITIES[lower];
  if (!arity) return [`function ${name} is not one Trino resolves for the compiler's vocabulary`];
  if (!arity(args, star)) return [`function ${name} does not take ${star ? '*' : args} argument(s)`];
  if (lower === 'date_format' && firstStringArgs[1] !== undefined) return checkDateFormat(firstStringArgs[1]);
  if (lower === 'at_timezone' && firstStringArgs[1] !== undefined) return checkZone(firstStringArgs[1]);
  if (lower === 'from_iso8601_timestamp' && firstStringArgs[0] !== undefined)
    return checkIsoInstant(firstStringArgs[0]);
  return [];
}

export function checkDateFormat(format: string): string[] {
  const problems: string[] = [];
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    const specifier = format[++i];
    if (specifier === undefined || !DATE_FORMAT_SPECIFIERS.has(specifier))
      problems.push(`date_format specifier %${specifier ?? ''} is not supported`);
  }
  return problems;
}

export function checkZone(zone: string): string[] {
  return TRINO_ZONE_NAMES.has(zone) ? [] : [`time zone ${zone} is not in Trino's zone index`];
}

export function checkCastType(type: string): string[] {
  const match = /^([a-z ]+?)\s*(?:\((\d+)(?:,\s*(\d+))?\))?$/i.exec(type.trim());
  const base = match?.[1].toLowerCase();
  if (!match || !base || !CAST_TYPES.has(base)) return [`cast to ${type} is outside the compiler's vocabulary`];
  if (base === 'decimal' && match[2] !== undefined) {
    const precision = Number(match[2]);
    const scale = Number(match[3] ?? 0);
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision)
      return [`type ${type} is not a valid DECIMAL`];
  }
  return [];
}

/** Typed literals: DATE 'YYYY-MM-DD' and TIMESTAMP 'YYYY-MM-DD HH:MM:SS[.fff]' must name a real day and time. */
export function checkTypedLiteral(type: string, value: string): string[] {
  const lower = type.toLowerCase();
  if (lower === 'date') return isRealDate(value) ? [] : [`DATE '${value}' is not a valid date`];
  if (lower === 'timestamp') {
    const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,12})?$/.exec(value);
    const valid =
      match && isRealDate(match[1]) && Number(match[2]) < 24 && Number(match[3]) < 60 && Number(match[4]) < 60;
    return valid ? [] : [`TIMESTAMP '${value}' is not a valid timestamp`];
  }
  return [`typed literal ${type} '...' is outside the compiler's vocabulary`];
}

function checkIsoInstant(value: string): string[] {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value);
  const valid =
    match && isRealDate(match[1]) && Number(match[2]) < 24 && Number(match[3]) < 60 && Number(match[4]) < 60;
  return valid ? [] : [`from_iso8601_timestamp('${value}') is not a valid ISO 8601 instant`];
}

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
