/**
 * Random report charts over the pushdown test table (fast-check): the dimensions a getData request carries, the
 * subset a chart groups by (Looker re-aggregates), metrics, filters and a date range — and the two requests
 * Looker Studio would send for it, with aggregation pushdown and for raw rows.
 */
import fc from 'fast-check';
import type { FilterClause, FilterOperator, QuerySpec } from '../../protocol/contract';
import { pushdownFieldsOf, rawFieldsOf, type Chart, type ChartMetric } from '../../tools/lookerModel/lookerChart';
import { CHANNELS, CITIES, PUSHDOWN_TABLE } from './pushdownLake';

/** One generated case: `requested` dimensions go to the proxy, `chart.dimensions` ⊆ requested are grouped by. */
export interface ChartCase {
  requested: string[];
  chart: Chart;
  filters: FilterClause[][];
  dateRange?: { dateColumn: string; startDate: string; endDate: string };
  timeZone: string;
  metricsFirst: boolean;
}

export const DIMENSIONS = [
  'city',
  'channel',
  'is_member',
  'event_at',
  'event_at_date',
  'event_at_hour',
  'ship_date',
  'dt',
];

const COLUMNS = ['qty', 'amount', 'score'];
const METRICS: ChartMetric[] = [
  { kind: 'recordCount' },
  ...COLUMNS.flatMap((column) => (['sum', 'min', 'max', 'avg'] as const).map((kind) => ({ kind, column }))),
  // COUNT_DISTINCT of a dimension: Looker requests the dimension, so the proxy groups by it.
  ...['city', 'is_member', 'event_at_hour'].map((column) => ({ kind: 'countDistinct' as const, column })),
];

/** Days around the data (which covers 2024-03-01…12 UTC), so ranges and filters also hit the edges. */
const DAYS = Array.from({ length: 15 }, (_, i) => new Date(Date.UTC(2024, 1, 28 + i)).toISOString().slice(0, 10));
const lookerDay = fc.constantFrom(...DAYS.map((d) => d.replace(/-/g, '')));
const hourOf = fc
  .tuple(lookerDay, fc.integer({ min: 0, max: 23 }))
  .map(([d, h]) => `${d}${String(h).padStart(2, '0')}`);
// Any wall-clock second is a valid bound; 02:xx on 2024-03-10 is inside New York's DST gap, which the proxy cannot
// push down (it answers filtersApplied=false and Looker filters the rows itself).
const secondOf = fc
  .tuple(hourOf, fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m, s]) => `${h}${String(m).padStart(2, '0')}${String(s).padStart(2, '0')}`);

/** Regexes: the first ones are pushed down, the last two (lookahead, \b) are not, so Looker filters the rows. */
const PATTERNS = ['^B', 'ü', 'o$', '(?i)^s', 'a(?=o)', '\\bOslo'];

const clauseType = fc.constantFrom<FilterClause['type']>('INCLUDE', 'EXCLUDE');
const clause = (fieldName: string, operator: FilterOperator, values: fc.Arbitrary<string[]>) =>
  fc.tuple(values, clauseType).map(([v, type]): FilterClause => ({ fieldName, operator, values: v, type }));
const one = (values: fc.Arbitrary<string>) => values.map((v) => [v]);
const some = (values: fc.Arbitrary<string>) => fc.uniqueArray(values, { minLength: 1, maxLength: 3 });

function textClauses(fieldName: string, domain: readonly string[]): fc.Arbitrary<FilterClause> {
  const value = fc.constantFrom(...domain, 'none of these');
  return fc.oneof(
    clause(fieldName, 'EQUALS', one(value)),
    clause(fieldName, 'IN_LIST', some(value)),
    clause(fieldName, 'IS_NULL', fc.constant([])),
    clause(fieldName, 'CONTAINS', one(fc.constantFrom('ü', 'o', 'e'))),
    clause(fieldName, 'REGEXP_PARTIAL_MATCH', one(fc.constantFrom(...PATTERNS))),
    clause(fieldName, 'REGEXP_EXACT_MATCH', one(fc.constantFrom(...domain.slice(0, 2), `${domain[0]}|${domain[1]}`))),
  );
}

/** Ordered dimensions (days, hours, seconds): equality, ranges and comparisons on Looker-format values. */
function orderedClauses(fieldName: string, value: fc.Arbitrary<string>): fc.Arbitrary<FilterClause> {
  const comparison = fc.constantFrom<FilterOperator>(
    'NUMERIC_GREATER_THAN',
    'NUMERIC_GREATER_THAN_OR_EQUAL',
    'NUMERIC_LESS_THAN',
    'NUMERIC_LESS_THAN_OR_EQUAL',
  );
  return fc.oneof(
    clause(fieldName, 'EQUALS', one(value)),
    clause(fieldName, 'IN_LIST', some(value)),
    clause(fieldName, 'IS_NULL', fc.constant([])),
    clause(
      fieldName,
      'BETWEEN',
      fc.tuple(value, value).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
    ),
    fc
      .tuple(comparison, value, clauseType)
      .map(([operator, v, type]): FilterClause => ({ fieldName, operator, values: [v], type })),
  );
}

/** Clauses the proxy cannot push down, drawn as often as any one field's clauses so that path gets exercised. */
const leftToLooker = fc.oneof(
  clause('city', 'REGEXP_PARTIAL_MATCH', one(fc.constantFrom(...PATTERNS.slice(-2)))),
  clause('channel', 'REGEXP_EXACT_MATCH', one(fc.constant('(?=w)web'))),
);

const filterClause: fc.Arbitrary<FilterClause> = fc.oneof(
  leftToLooker,
  textClauses('city', CITIES),
  textClauses('channel', CHANNELS),
  fc.oneof(
    clause('is_member', 'EQUALS', one(fc.constantFrom('true', 'false'))),
    clause('is_member', 'IS_NULL', fc.constant([])),
  ),
  orderedClauses('event_at_date', lookerDay),
  orderedClauses('event_at_hour', hourOf),
  orderedClauses('event_at', secondOf),
  orderedClauses('ship_date', lookerDay),
  orderedClauses('dt', lookerDay),
);

const dateRange = fc
  .tuple(
    fc.constantFrom('dt', 'event_at', 'ship_date'),
    fc.integer({ min: 0, max: DAYS.length - 1 }),
    fc.integer({ min: 0, max: 8 }),
  )
  .map(([dateColumn, start, length]) => ({
    dateColumn,
    startDate: DAYS[start],
    endDate: DAYS[Math.min(DAYS.length - 1, start + length)],
  }));

/** The generator of cases. */
export const chartCase: fc.Arbitrary<ChartCase> = fc.shuffledSubarray(DIMENSIONS, { maxLength: 3 }).chain((requested) =>
  fc.record({
    requested: fc.constant(requested),
    chart: fc.record({
      dimensions: fc.subarray(requested),
      metrics: fc.shuffledSubarray(METRICS, { minLength: 1, maxLength: 4 }),
    }),
    filters: fc.array(fc.array(filterClause, { minLength: 1, maxLength: 2 }), { maxLength: 2 }),
    dateRange: fc.option(dateRange, { nil: undefined }),
    timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
    metricsFirst: fc.boolean(),
  }),
);

/** The getData request Looker Studio would send for the case, with pushdown on or off. */
export function toQuerySpec(c: ChartCase, aggregate: boolean): QuerySpec {
  const metricFields = c.chart.metrics.flatMap(aggregate ? pushdownFieldsOf : rawFieldsOf);
  const dimensionFields = [...c.requested];
  const selected = [
    ...new Set(c.metricsFirst ? [...metricFields, ...dimensionFields] : [...dimensionFields, ...metricFields]),
  ];
  // Looker sends a filtered dimension that is not otherwise requested as a forFilterOnly field.
  const filterOnly = [...new Set(c.filters.flat().map((f) => f.fieldName))].filter((name) => !selected.includes(name));
  return {
    database: 'lake',
    table: PUSHDOWN_TABLE,
    fields: [...selected.map((name) => ({ name })), ...filterOnly.map((name) => ({ name, forFilterOnly: true }))],
    timeZone: c.timeZone,
    aggregate,
    ...(c.filters.length > 0 ? { dimensionsFilters: c.filters } : {}),
    ...(c.dateRange
      ? {
          dateColumn: c.dateRange.dateColumn,
          dateRange: { startDate: c.dateRange.startDate, endDate: c.dateRange.endDate },
        }
      : {}),
  };
}
