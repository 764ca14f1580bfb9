/**
 * How filter values are typed and compared for each kind of dimension (docs/reference-looker-studio.md#filters). Values
 * arrive as strings in Looker format; a value that cannot be typed faithfully yields undefined, which makes the
 * whole query fall back to unfiltered rows.
 */
import type { FilterOperator } from '../../../protocol/contract';
import { formatIsoDate, formatIsoDateTime, parseLookerDate, parseLookerSecond } from '../time';
import type { FieldBinding } from '../fields';
import { compileColumnValue, compileFieldExpression } from './fieldExpressions';
import { countDigits, toPlainDecimal } from '../values';
import { dateLiteral, instantLiteral, joinPredicates, quoteIdentifier, quoteString, type Predicate } from './sqlText';
import { parsePortableRegex } from './portableRegex';
import { instantsOfWallTime } from '../time';

/** Compiles one (INCLUDE) clause on a dimension; undefined when it cannot be expressed faithfully. */
export type ClauseCompiler = (operator: FilterOperator, values: string[]) => Predicate | undefined;

/** The expression tested by IS_NULL and the compiler for every other operator. */
export interface FilterDomain {
  expression: string;
  compile: ClauseCompiler;
}

type Literal = (value: string) => string | undefined;

/** Trino decimal literals hold at most 38 digits. */
const MAX_LITERAL_DIGITS = 38;

const ORDERING: Partial<Record<FilterOperator, string>> = {
  NUMERIC_GREATER_THAN: '>',
  NUMERIC_GREATER_THAN_OR_EQUAL: '>=',
  NUMERIC_LESS_THAN: '<',
  NUMERIC_LESS_THAN_OR_EQUAL: '<=',
};

/** The filter domain of a dimension binding in report time zone `zone`. */
export function toFilterDomain(binding: FieldBinding, zone: string): FilterDomain {
  const column = binding.column!;
  const name = quoteIdentifier(column.info.name);
  // Derived day/hour fields are date_format digits: always a portable number spelling.
  if (binding.derivation !== 'value') return textDomain(compileFieldExpression(binding, zone, false), true);
  switch (column.columnClass) {
    case 'number':
      return scalarDomain(name, numberLiteral, numberLiteral);
    case 'boolean':
      return scalarDomain(name, booleanLiteral);
    case 'date':
      return scalarDomain(name, dateValueLiteral, dateValueLiteral);
    case 'dateText':
      return scalarDomain(name, dateTextLiteral, dateTextLiteral);
    case 'timestamp':
    case 'timestampTz':
      return { expression: name, compile: instantCompiler(name, column.columnClass === 'timestampTz', zone) };
    default:
      return textDomain(compileColumnValue(column, zone));
  }
}

/**
 * Text that both engines read as the same double: a plain decimal spelling with a bounded exponent. Trino's
 * `CAST(varchar AS double)` is Java's parseDouble (it also takes `NaN`, `Infinity`, ` 12 `, `1d`, `0x1p3`) while
 * DuckDB takes `inf`, `nan` and others; `\A…\z` anchor the same way in Java, Joni and RE2, and ≤ 200 integer
 * digits with a two-digit exponent never overflow (docs/athena.md#numeric-text).
 */
const PORTABLE_NUMBER_TEXT = '\\A[+-]?(?:[0-9]{1,200}(?:[.][0-9]*)?|[.][0-9]+)(?:[eE][+-]?[0-9]{1,2})?\\z';

/**
 * Text dimensions support every operator; numeric comparisons (Looker uses them on `YYYYMMDD`-style values)
 * compare the text as a double when it is a portable number spelling, so other text never matches on either
 * engine.
 */
function textDomain(expression: string, digitsOnly = false): FilterDomain {
  const scalar = scalarDomain(expression, quoteString);
  const portable = digitsOnly
    ? expression
    : `CASE WHEN regexp_like(${expression}, '${PORTABLE_NUMBER_TEXT}') THEN ${expression} END`;
  const asNumber = `try_cast(${portable} AS double)`;
  const ordered = scalarDomain(asNumber, numberLiteral, numberLiteral);
  return {
    expression,
    compile: (operator, values) => {
      if (operator === 'BETWEEN' || ORDERING[operator]) return ordered.compile(operator, values);
      if (operator === 'CONTAINS') return single(values, (v) => `strpos(${expression}, ${quoteString(v)}) > 0`);
      if (operator === 'REGEXP_PARTIAL_MATCH') return single(values, (v) => regexpLike(expression, v, false));
      if (operator === 'REGEXP_EXACT_MATCH') return single(values, (v) => regexpLike(expression, v, true));
      return scalar.compile(operator, values);
    },
  };
}

/** EQUALS / IN_LIST with `equal` literals, BETWEEN and NUMERIC_* with `ordered` literals when ordering applies. */
function scalarDomain(expression: string, equal: Literal, ordered?: Literal): FilterDomain {
  return {
    expression,
    compile: (operator, values) => {
      if (operator === 'EQUALS') return single(values, (v) => mapDefined(equal(v), (l) => `${expression} = ${l}`));
      if (operator === 'IN_LIST') {
        const literals = values.map(equal);
        if (literals.length === 0 || literals.includes(undefined)) return undefined;
        return { sql: `${expression} IN (${literals.join(', ')})` };
      }
      if (!ordered) return undefined;
      if (operator === 'BETWEEN') {
        const [low, high] = values.length === 2 ? values.map(ordered) : [];
        return low && high ? { sql: `${expression} BETWEEN ${low} AND ${high}` } : undefined;
      }
      const comparison = ORDERING[operator];
      if (!comparison) return undefined;
      return single(values, (v) => mapDefined(ordered(v), (l) => `${expression} ${comparison} ${l}`));
    },
  };
}

/**
 * Timestamp values are `YYYYMMDDHHmmss` wall-clock seconds in the report zone. Each is turned into the instant
 * interval [t, t + 1 s) it displays as, so sub-second values and time zones compare exactly. A wall-clock second
 * that does not map to exactly one instant (inside a DST gap or overlap) cannot be expressed as one bound.
 */
function instantCompiler(name: string, withTimeZone: boolean, zone: string): ClauseCompiler {
  const literal = (t: number) => instantLiteral(formatIsoDateTime(t), withTimeZone);
  const at = (op: string, t: number) => ({ sql: `${name} ${op} ${literal(t)}` });
  const second = (t: number) => joinPredicates([at('>=', t), at('<', t + 1)], 'AND');
  return (operator, values) => {
    const instants = values.map((value) => toUniqueInstant(value, zone));
    if (instants.length === 0 || instants.includes(undefined)) return undefined;
    const [t, u] = instants as number[];
    if (operator === 'IN_LIST') return joinPredicates((instants as number[]).map(second), 'OR');
    if (operator === 'BETWEEN') {
      return instants.length === 2 ? joinPredicates([at('>=', t), at('<', u + 1)], 'AND') : undefined;
    }
    if (instants.length !== 1) return undefined;
    switch (operator) {
      case 'EQUALS':
        return second(t);
      case 'NUMERIC_GREATER_THAN':
        return at('>=', t + 1);
      case 'NUMERIC_GREATER_THAN_OR_EQUAL':
        return at('>=', t);
      case 'NUMERIC_LESS_THAN':
        return at('<', t);
      case 'NUMERIC_LESS_THAN_OR_EQUAL':
        return at('<', t + 1);
      default:
        return undefined;
    }
  };
}

function toUniqueInstant(value: string, zone: string): number | undefined {
  const wall = parseLookerSecond(value);
  const instants = wall === undefined ? [] : instantsOfWallTime(zone, wall);
  return instants.length === 1 ? instants[0] : undefined;
}

function regexpLike(expression: string, value: string, exact: boolean): string | undefined {
  const regex = parsePortableRegex(value);
  if (!regex) return undefined;
  const body = exact ? `^(?:${regex.body})$` : regex.body;
  return `regexp_like(${expression}, ${quoteString((regex.caseInsensitive ? '(?i)' : '') + body)})`;
}

function single(values: string[], render: (value: string) => string | undefined): Predicate | undefined {
  return mapDefined(values.length === 1 ? render(values[0]) : undefined, (sql) => ({ sql }));
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

/**
 * A plain decimal literal (exponents expanded, never more digits than Trino's decimal literals allow). An integer
 * beyond BIGINT is written with a zero fraction (`12345678901234567890123.0`): Trino refuses such an integer
 * literal ("Invalid numeric literal") but reads it with a point as an exact DECIMAL, and so does DuckDB; the
 * extra digit counts against the 38 (docs/athena.md#numeric-literals).
 */
function numberLiteral(value: string): string | undefined {
  const plain = toPlainDecimal(value);
  if (plain === undefined) return undefined;
  const literal = isBeyondBigint(plain) ? `${plain}.0` : plain;
  return countDigits(literal) <= MAX_LITERAL_DIGITS ? literal : undefined;
}

/** Trino parses the digits of an integer literal as a BIGINT before any minus sign applies. */
const BIGINT_MAX_DIGITS = '9223372036854775807';

function isBeyondBigint(plain: string): boolean {
  if (plain.includes('.')) return false;
  const digits = plain.replace(/^-/, '');
  if (digits.length !== BIGINT_MAX_DIGITS.length) return digits.length > BIGINT_MAX_DIGITS.length;
  return digits > BIGINT_MAX_DIGITS;
}

function booleanLiteral(value: string): string | undefined {
  const lower = value.toLowerCase();
  return lower === 'true' || lower === 'false' ? lower : undefined;
}

function dateValueLiteral(value: string): string | undefined {
  return mapDefined(parseLookerDate(value), (day) => dateLiteral(formatIsoDate(day)));
}

function dateTextLiteral(value: string): string | undefined {
  return mapDefined(parseLookerDate(value), (day) => quoteString(formatIsoDate(day)));
}
