/**
 * Generated query specs for the injection fuzz. A {@link ValueCase} is a spec skeleton (table, fields, filter
 * operators, date column) filled twice: with hostile values, and with benign values of the right type. The benign
 * twin is the reference whose SQL shape the hostile one must have.
 */
import fc from 'fast-check';
import { FILTER_OPERATORS, type FilterOperator, type LookerField } from '../../protocol/contract';
import { deriveTableSchema } from '../../proxy/src/fields';
import type { TableDescription } from '../../proxy/src/port';
import { dateRangeArb, hostileText, lookerDateText, numberText, VALID_TIME_ZONES, zoneText } from './corpus';
import { FUZZ_DATABASE, QUERIED_TABLES } from './fuzzTables';

export interface ClauseSkeleton {
  fieldName: string;
  operator: FilterOperator;
  type: 'INCLUDE' | 'EXCLUDE';
  field: LookerField;
  valueCount: number;
}

export interface Skeleton {
  table: TableDescription;
  aggregate: boolean;
  fields: { name: string; forFilterOnly?: boolean }[];
  groups: ClauseSkeleton[][];
  dateColumn?: string;
  hasRange: boolean;
  zone?: string;
  limit?: number;
  sample?: boolean;
}

export interface ValueCase {
  skeleton: Skeleton;
  /** Hostile values, one list per clause (groups flattened in order). */
  values: string[][];
  dateRange: { startDate: string; endDate: string };
  /** Replaces the skeleton's valid zone when set. */
  hostileZone?: string;
}

export type SpecBody = Record<string, unknown>;

const TYPICAL_COUNTS: Partial<Record<FilterOperator, number>> = { IS_NULL: 0, BETWEEN: 2, IN_LIST: 3 };

/** A value of the field's type that every operator able to use it accepts (numbers where they are compared). */
function benignValue(field: LookerField, operator: FilterOperator): string {
  const ordered = operator === 'BETWEEN' || operator.startsWith('NUMERIC_');
  switch (field.semantics.semanticType) {
    case 'NUMBER':
      return '7';
    case 'BOOLEAN':
      return 'true';
    case 'YEAR_MONTH_DAY':
      return '20240115';
    case 'YEAR_MONTH_DAY_HOUR':
      return '2024011512';
    case 'YEAR_MONTH_DAY_SECOND':
      return '20240115120000';
    default:
      return ordered ? '7' : 'ab';
  }
}

/** Operators that only make sense on text. */
const TEXT_ONLY_OPERATORS: ReadonlySet<FilterOperator> = new Set([
  'CONTAINS',
  'REGEXP_PARTIAL_MATCH',
  'REGEXP_EXACT_MATCH',
]);

/** Operators a dimension of this semantic type supports; the others are generated too, less often. */
function operatorsFor(field: LookerField): readonly FilterOperator[] {
  switch (field.semantics.semanticType) {
    case 'TEXT':
      return FILTER_OPERATORS;
    case 'BOOLEAN':
      return ['EQUALS', 'IN_LIST', 'IS_NULL'];
    default:
      return FILTER_OPERATORS.filter((operator) => !TEXT_ONLY_OPERATORS.has(operator));
  }
}

const clauseArb = (fields: LookerField[], dimensions: LookerField[]): fc.Arbitrary<ClauseSkeleton> =>
  fc
    .oneof(
      { weight: 4, arbitrary: fc.constantFrom(...dimensions) },
      { weight: 1, arbitrary: fc.constantFrom(...fields) },
    )
    .chain((field) =>
      fc.record({
        field: fc.constant(field),
        operator: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...operatorsFor(field)) },
          { weight: 1, arbitrary: fc.constantFrom(...FILTER_OPERATORS) },
        ),
        type: fc.constantFrom('INCLUDE' as const, 'EXCLUDE' as const),
        skew: fc.integer({ min: -6, max: 4 }),
      }),
    )
    .map(({ field, operator, type, skew }) => ({
      fieldName: field.name,
      operator,
      type,
      field,
      // Mostly the count the operator expects; sometimes a wrong one, which must not break anything either.
      valueCount: skew < 0 ? (TYPICAL_COUNTS[operator] ?? 1) : skew,
    }));

function skeletonFor(table: TableDescription, aggregate: boolean): fc.Arbitrary<Skeleton> {
  const schema = deriveTableSchema(table, aggregate);
  const dimensions = schema.fields.filter((f) => f.semantics.conceptType === 'DIMENSION');
  return fc
    .record({
      picked: fc.uniqueArray(fc.constantFrom(...schema.fields), {
        minLength: 1,
        maxLength: 5,
        selector: (f) => f.name,
      }),
      filterOnly: fc.array(fc.nat(), { maxLength: 2 }),
      strayFilterOnly: fc.oneof(
        { weight: 9, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...dimensions) },
      ),
      groups: fc.array(fc.array(clauseArb(schema.fields, dimensions), { minLength: 1, maxLength: 2 }), {
        maxLength: 3,
      }),
      dateColumn: fc.option(fc.constantFrom(...schema.dateColumns), { nil: undefined }),
      hasRange: fc.boolean(),
      zone: fc.option(fc.constantFrom(...VALID_TIME_ZONES), { nil: undefined }),
      limit: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: undefined }),
      sample: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(({ picked, filterOnly, strayFilterOnly, groups, dateColumn, hasRange, zone, limit, sample }) => ({
      table,
      aggregate,
      fields: requestedFields(picked, groups, [...filterOnly], strayFilterOnly),
      groups,
      dateColumn,
      hasRange: hasRange && dateColumn !== undefined,
      zone,
      limit,
      sample,
    }));
}

/**
 * The picked fields plus filter-only ones: Looker marks filtered fields forFilterOnly, and now and then one that
 * no clause filters (filters are then not applied).
 */
function requestedFields(
  picked: readonly { name: string }[],
  groups: ClauseSkeleton[][],
  filterOnly: number[],
  strayFilterOnly: { name: string } | undefined,
): Skeleton['fields'] {
  const filtered = groups.flat().map((clause) => clause.fieldName);
  const candidates = [...filterOnly.map((i) => filtered[i % Math.max(1, filtered.length)]), strayFilterOnly?.name];
  const extra = [...new Set(candidates)].filter(
    (name): name is string => !!name && !picked.some((p) => p.name === name),
  );
  return [...picked.map((f) => ({ name: f.name })), ...extra.map((name) => ({ name, forFilterOnly: true }))];
}

/** Any skeleton over the queried tables, both aggregation modes. */
export const skeletonArb: fc.Arbitrary<Skeleton> = fc
  .tuple(fc.constantFrom(...QUERIED_TABLES), fc.boolean())
  .chain(([table, aggregate]) => skeletonFor(table, aggregate));

/** Values a field of this type takes (so typed filters are applied and their literals checked too). */
function typedValue(clause: ClauseSkeleton): fc.Arbitrary<string> {
  const ordered = clause.operator === 'BETWEEN' || clause.operator.startsWith('NUMERIC_');
  switch (clause.field.semantics.semanticType) {
    case 'NUMBER':
      return numberText;
    case 'BOOLEAN':
      return fc.constantFrom('true', 'false', 'TRUE', 'False');
    case 'TEXT':
      return ordered
        ? numberText
        : fc.oneof(hostileText, fc.constantFrom('ab', '(?i)a.c', '^x+$', 'a|b', '[a-z]{2,3}', "it's", 'x\\.y'));
    case 'YEAR_MONTH_DAY_SECOND':
      return lookerDateText(14);
    case 'YEAR_MONTH_DAY_HOUR':
      return lookerDateText(10);
    default:
      return lookerDateText(8);
  }
}

const clauseValues = (clause: ClauseSkeleton): fc.Arbitrary<string[]> => {
  const value = fc.oneof({ weight: 1, arbitrary: hostileText }, { weight: 6, arbitrary: typedValue(clause) });
  return fc.array(value, { minLength: clause.valueCount, maxLength: clause.valueCount });
};

/** A skeleton with hostile values in every value slot (filters, date range, sometimes the time zone). */
export const valueCaseArb: fc.Arbitrary<ValueCase> = skeletonArb.chain((skeleton) =>
  fc
    .record({
      values: fc.tuple(...skeleton.groups.flat().map(clauseValues)),
      dateRange: dateRangeArb,
      hostileZone: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: zoneText }),
    })
    .map(({ values, dateRange, hostileZone }) => ({ skeleton, values, dateRange, hostileZone })),
);

function specOf(
  skeleton: Skeleton,
  values: string[][],
  dateRange: ValueCase['dateRange'],
  zone: string | undefined,
): SpecBody {
  let next = 0;
  const dimensionsFilters = skeleton.groups.map((group) =>
    group.map(({ fieldName, operator, type }) => ({ fieldName, operator, type, values: values[next++] })),
  );
  return {
    database: FUZZ_DATABASE,
    table: skeleton.table.table,
    fields: skeleton.fields,
    aggregate: skeleton.aggregate,
    ...(skeleton.limit !== undefined ? { limit: skeleton.limit } : {}),
    ...(skeleton.sample !== undefined ? { sample: skeleton.sample } : {}),
    ...(skeleton.dateColumn !== undefined ? { dateColumn: skeleton.dateColumn } : {}),
    ...(skeleton.hasRange ? { dateRange } : {}),
    ...(zone !== undefined ? { timeZone: zone } : {}),
    dimensionsFilters,
  };
}

export function hostileSpec(c: ValueCase): SpecBody {
  return specOf(c.skeleton, c.values, c.dateRange, c.hostileZone ?? c.skeleton.zone);
}

export const BENIGN_RANGE = { startDate: '2024-01-01', endDate: '2024-01-31' };

/** The reference: same skeleton, benign values; `zone` is the zone the hostile spec ended up using. */
export function benignSpec(c: ValueCase, zone: string | undefined): SpecBody {
  const values = c.skeleton.groups
    .flat()
    .map((clause) => Array(clause.valueCount).fill(benignValue(clause.field, clause.operator)));
  return specOf(c.skeleton, values, BENIGN_RANGE, zone);
}

/** The reference for a hostile spec whose filters were not applied: the benign spec without filters. */
export function unfilteredSpec(c: ValueCase, zone: string | undefined): SpecBody {
  return { ...benignSpec(c, zone), dimensionsFilters: [] };
}
