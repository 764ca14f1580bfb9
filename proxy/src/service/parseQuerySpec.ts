/**
 * Runtime validation of a POST /v1/queries body into a {@link QuerySpec}: shapes and types only, each problem
 * reported by its JSON path. Semantics (does the field exist, is the date real) are checked by the compiler,
 * which knows the table. Unknown keys are rejected so a typo never silently changes a query.
 */
import { FILTER_OPERATORS, MAX_CACHE_AGE_SECONDS, type FilterClause, type QuerySpec } from '../../../protocol/contract';
import { InvalidRequestError } from '../errors';

/** Limits that keep one request from costing more than a dashboard ever needs. */
export const SPEC_LIMITS = {
  maxFields: 200,
  maxFilterGroups: 100,
  maxClausesPerGroup: 100,
  maxValuesPerClause: 1000,
  /**
   * Filter values (SQL literals) in the whole request. Without it 100 groups × 100 clauses × 1,000 values fit in
   * a 1 MB body and cost the engine seconds and hundreds of MB to plan (docs/performance.md#hostile-bodies).
   */
  maxFilterValues: 5000,
  maxStringLength: 10_000,
} as const;

/**
 * The spec's properties, checked against the QuerySpec type by the compiler: a key added to or removed from the
 * type without this record fails `tsc`, so the parser can never lag behind the contract.
 */
const SPEC_PROPERTIES: Record<keyof QuerySpec, true> = {
  database: true,
  table: true,
  fields: true,
  dateRange: true,
  dateColumn: true,
  timeZone: true,
  dimensionsFilters: true,
  limit: true,
  aggregate: true,
  sample: true,
  lastRefresh: true,
  maxCacheAgeSeconds: true,
};
const SPEC_KEYS = new Set(Object.keys(SPEC_PROPERTIES));
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Json = Record<string, unknown>;

function fail(path: string, problem: string): never {
  throw new InvalidRequestError(`Invalid query: ${path} ${problem}.`, { path });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown, path: string, pattern?: RegExp): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  if (value.length === 0) fail(path, 'must not be empty');
  if (value.length > SPEC_LIMITS.maxStringLength)
    fail(path, `is longer than ${SPEC_LIMITS.maxStringLength} characters`);
  if (pattern && !pattern.test(value)) fail(path, `has an invalid format (expected ${pattern.source})`);
  return value;
}

function optional<T>(obj: Json, key: string, parse: (value: unknown, path: string) => T): T | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : parse(obj[key], key);
}

function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'must be true or false');
  return value;
}

function array(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail(path, 'must be an array');
  if (value.length > max) fail(path, `has more than ${max} items`);
  return value;
}

function parseField(value: unknown, path: string): QuerySpec['fields'][number] {
  if (!isObject(value)) fail(path, 'must be an object like {"name": "…"}');
  for (const key of Object.keys(value))
    if (key !== 'name' && key !== 'forFilterOnly') fail(`${path}.${key}`, 'is not allowed');
  const forFilterOnly = optional(value, 'forFilterOnly', (v) => bool(v, `${path}.forFilterOnly`));
  return { name: str(value.name, `${path}.name`), ...(forFilterOnly ? { forFilterOnly } : {}) };
}

function parseClause(value: unknown, path: string): FilterClause {
  if (!isObject(value)) fail(path, 'must be a filter object');
  for (const key of Object.keys(value)) {
    if (!['fieldName', 'values', 'type', 'operator'].includes(key)) fail(`${path}.${key}`, 'is not allowed');
  }
  const operator = value.operator;
  if (typeof operator !== 'string' || !(FILTER_OPERATORS as readonly string[]).includes(operator)) {
    fail(`${path}.operator`, `must be one of ${FILTER_OPERATORS.join(', ')}`);
  }
  const type = value.type ?? 'INCLUDE';
  if (type !== 'INCLUDE' && type !== 'EXCLUDE') fail(`${path}.type`, 'must be INCLUDE or EXCLUDE');
  const values = array(value.values ?? [], `${path}.values`, SPEC_LIMITS.maxValuesPerClause).map((v, i) => {
    if (typeof v !== 'string') fail(`${path}.values[${i}]`, 'must be a string');
    if (v.length > SPEC_LIMITS.maxStringLength) fail(`${path}.values[${i}]`, 'is too long');
    return v;
  });
  return {
    fieldName: str(value.fieldName, `${path}.fieldName`),
    values,
    type,
    operator: operator as FilterClause['operator'],
  };
}

function parseFilters(value: unknown, path: string): FilterClause[][] {
  let literals = 0;
  return array(value, path, SPEC_LIMITS.maxFilterGroups).map((group, i) =>
    array(group, `${path}[${i}]`, SPEC_LIMITS.maxClausesPerGroup).map((c, j) => {
      const clause = parseClause(c, `${path}[${i}][${j}]`);
      literals += clause.values.length;
      if (literals > SPEC_LIMITS.maxFilterValues) {
        fail(path, `hold more than ${SPEC_LIMITS.maxFilterValues} filter values in total (too many literals)`);
      }
      return clause;
    }),
  );
}

function parseDateRange(value: unknown, path: string): NonNullable<QuerySpec['dateRange']> {
  if (!isObject(value)) fail(path, 'must be {"startDate": "YYYY-MM-DD", "endDate": "YYYY-MM-DD"}');
  for (const key of Object.keys(value))
    if (key !== 'startDate' && key !== 'endDate') fail(`${path}.${key}`, 'is not allowed');
  return {
    startDate: str(value.startDate, `${path}.startDate`, DATE),
    endDate: str(value.endDate, `${path}.endDate`, DATE),
  };
}

function parseLimit(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) fail(path, 'must be a positive integer');
  return value;
}

function parseCacheAge(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_CACHE_AGE_SECONDS) {
    fail(path, `must be a whole number of seconds from 0 to ${MAX_CACHE_AGE_SECONDS}`);
  }
  return value;
}

/** Validates an already JSON-parsed body. Throws InvalidRequestError naming the first problem. */
export function parseQuerySpec(body: unknown): QuerySpec {
  if (!isObject(body)) fail('body', 'must be a JSON object');
  for (const key of Object.keys(body)) if (!SPEC_KEYS.has(key)) fail(key, 'is not a known query property');
  const fields = array(body.fields, 'fields', SPEC_LIMITS.maxFields).map((f, i) => parseField(f, `fields[${i}]`));
  if (fields.length === 0) fail('fields', 'must name at least one field');
  const spec: QuerySpec = { database: str(body.database, 'database'), table: str(body.table, 'table'), fields };
  const dateRange = optional(body, 'dateRange', parseDateRange);
  const dateColumn = optional(body, 'dateColumn', str);
  const timeZone = optional(body, 'timeZone', str);
  const dimensionsFilters = optional(body, 'dimensionsFilters', parseFilters);
  const limit = optional(body, 'limit', parseLimit);
  const aggregate = optional(body, 'aggregate', bool);
  const sample = optional(body, 'sample', bool);
  const lastRefresh = optional(body, 'lastRefresh', str);
  if (lastRefresh !== undefined && Number.isNaN(Date.parse(lastRefresh))) fail('lastRefresh', 'is not a date-time');
  const maxCacheAgeSeconds = optional(body, 'maxCacheAgeSeconds', parseCacheAge);
  return Object.assign(
    spec,
    strip({
      dateRange,
      dateColumn,
      timeZone,
      dimensionsFilters,
      limit,
      aggregate,
      sample,
      lastRefresh,
      maxCacheAgeSeconds,
    }),
  );
}

function strip<T extends Json>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
