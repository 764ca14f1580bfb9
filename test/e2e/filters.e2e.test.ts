/**
 * End to end filters (docs/reference-looker-studio.md#filters, conformance checks 8–9): every operator, INCLUDE/EXCLUDE
 * and AND of ORs through the BUILT bundle and the local proxy, compared with hand-written SQL and, for random
 * combinations, with a reference evaluator of Looker Studio's filter semantics applied to the unfiltered rows.
 */
import fc from 'fast-check';
import type { FilterClause, LookerValue } from '../../protocol/contract';
import { E2E_ROWS } from './e2eLake';
import { AGGREGATED, clause, RAW, sortByFirst } from './e2eQueries';
import { useGetDataWorld } from './getDataWorld';

const dataWorld = useGetDataWorld();
const { getData, filteredIds, idsWhere } = dataWorld;

describe('filters (all eleven operators, INCLUDE/EXCLUDE, AND of ORs) against independent SQL', () => {
  it.each([
    ['EQUALS', [[clause('city', 'EQUALS', ['München'])]], `city = 'München'`],
    ['CONTAINS', [[clause('city', 'CONTAINS', ['ü'])]], `city LIKE '%ü%'`],
    ['REGEXP_PARTIAL_MATCH', [[clause('status', 'REGEXP_PARTIAL_MATCH', ['nce'])]], `status LIKE '%nce%'`],
    ['REGEXP_EXACT_MATCH', [[clause('city', 'REGEXP_EXACT_MATCH', ['Berlin|Oslo'])]], `city IN ('Berlin', 'Oslo')`],
    ['IN_LIST', [[clause('status', 'IN_LIST', ['returned', 'cancelled'])]], `status IN ('returned', 'cancelled')`],
    ['IS_NULL', [[clause('city', 'IS_NULL', [])]], `city IS NULL`],
    ['IS_NULL excluded', [[clause('is_express', 'IS_NULL', [], 'EXCLUDE')]], `is_express IS NOT NULL`],
    [
      'BETWEEN on a date (inclusive)',
      [[clause('created_at_date', 'BETWEEN', ['20240303', '20240304'])]],
      `CAST(created_at AS DATE) BETWEEN DATE '2024-03-03' AND DATE '2024-03-04'`,
    ],
    ['NUMERIC_GREATER_THAN on dt', [[clause('dt', 'NUMERIC_GREATER_THAN', ['20240308'])]], `dt > '2024-03-08'`],
    [
      'NUMERIC_GREATER_THAN_OR_EQUAL on dt',
      [[clause('dt', 'NUMERIC_GREATER_THAN_OR_EQUAL', ['20240309'])]],
      `dt >= '2024-03-09'`,
    ],
    [
      'NUMERIC_LESS_THAN on a timestamp',
      [[clause('created_at', 'NUMERIC_LESS_THAN', ['20240301053000'])]],
      `created_at < TIMESTAMP '2024-03-01 05:30:00'`,
    ],
    [
      'NUMERIC_LESS_THAN_OR_EQUAL on a timestamp',
      [[clause('created_at', 'NUMERIC_LESS_THAN_OR_EQUAL', ['20240301053000'])]],
      `created_at <= TIMESTAMP '2024-03-01 05:30:00'`,
    ],
    ['EQUALS on a boolean', [[clause('is_express', 'EQUALS', ['true'])]], `is_express`],
    [
      'EXCLUDE keeps NULLs',
      [[clause('city', 'IN_LIST', ['Berlin', 'Oslo'], 'EXCLUDE')]],
      `city IS NULL OR city NOT IN ('Berlin', 'Oslo')`,
    ],
    [
      'AND of ORs',
      [
        [clause('status', 'EQUALS', ['delivered'])],
        [clause('city', 'IN_LIST', ['Zürich', 'São Paulo']), clause('city', 'IS_NULL', [])],
      ],
      `status = 'delivered' AND (city IN ('Zürich', 'São Paulo') OR city IS NULL)`,
    ],
  ] as [string, FilterClause[][], string][])('%s', async (_, filters, predicate) => {
    const expected = await idsWhere(predicate);
    const { ids, response } = filteredIds(filters);
    expect(response.filtersApplied).toBe(true);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
  });

  it('omits forFilterOnly fields when filters are applied and does not group by them', async () => {
    const response = getData({
      configParams: AGGREGATED,
      fields: [{ name: 'city' }, { name: 'status', forFilterOnly: true }, { name: 'record_count' }],
      dimensionsFilters: [[clause('status', 'EQUALS', ['delivered'])]],
    });
    expect(response.filtersApplied).toBe(true);
    expect(response.schema.map((f) => f.name)).toEqual(['city', 'record_count']);
    const expected = await dataWorld.db.rows(
      `SELECT city, count(*)::INTEGER FROM orders WHERE status = 'delivered' GROUP BY city ORDER BY city NULLS FIRST`,
    );
    expect(sortByFirst(response.rows.map((r) => r.values))).toEqual(expected);
  });

  it('applies no filter at all when one clause cannot be pushed down, returning forFilterOnly fields', async () => {
    const response = getData({
      configParams: RAW,
      fields: [{ name: 'order_id' }, { name: 'city', forFilterOnly: true }, { name: 'status', forFilterOnly: true }],
      dimensionsFilters: [
        [clause('status', 'EQUALS', ['delivered'])],
        [clause('city', 'REGEXP_PARTIAL_MATCH', ['(B)\\1'])],
      ],
    });
    expect(response.filtersApplied).toBe(false);
    expect(response.schema.map((f) => f.name)).toEqual(['order_id', 'city', 'status']);
    expect(response.rows).toHaveLength(E2E_ROWS);
  });
});

describe('filter property: pushed-down filtering equals a reference evaluator over unfiltered rows', () => {
  const FIELDS = ['city', 'status', 'is_express'] as const;
  const VALUES: Record<(typeof FIELDS)[number], string[]> = {
    city: ['Berlin', 'München', 'Zürich', 'São Paulo', 'Oslo', 'Paris', 'ü', 'o'],
    status: ['delivered', 'cancelled', 'returned', 'lost', 'ed'],
    is_express: ['true', 'false'],
  };
  const clauseArb = fc
    .constantFrom(...FIELDS)
    .chain((fieldName) =>
      fc.record({
        fieldName: fc.constant(fieldName),
        type: fc.constantFrom('INCLUDE' as const, 'EXCLUDE' as const),
        operator: fc.constantFrom(
          ...(fieldName === 'is_express'
            ? (['EQUALS', 'IS_NULL'] as const)
            : (['EQUALS', 'IN_LIST', 'CONTAINS', 'IS_NULL'] as const)),
        ),
        values: fc.uniqueArray(fc.constantFrom(...VALUES[fieldName]), { minLength: 1, maxLength: 3 }),
      }),
    )
    .map((c): FilterClause => ({
      ...c,
      values: c.operator === 'IS_NULL' ? [] : c.operator === 'IN_LIST' ? c.values : c.values.slice(0, 1),
    }));

  /**
   * Looker's semantics (docs/reference-looker-studio.md#filters): AND of ORs; a NULL never matches a value; EXCLUDE
   * negates its clause.
   */
  function matches(row: Record<string, LookerValue>, c: FilterClause): boolean {
    const value = row[c.fieldName];
    const hit =
      c.operator === 'IS_NULL'
        ? value === null
        : value !== null &&
          (c.operator === 'CONTAINS' ? String(value).includes(c.values[0]) : c.values.includes(String(value)));
    return c.type === 'EXCLUDE' ? !hit : hit;
  }

  it('for random AND/OR combinations of EQUALS, IN_LIST, CONTAINS and IS_NULL, INCLUDE and EXCLUDE', () => {
    const all = getData({
      configParams: RAW,
      fields: [{ name: 'order_id' }, ...FIELDS.map((name) => ({ name }))],
    }).rows.map((r) => {
      const [order_id, city, status, is_express] = r.values;
      return { order_id, city, status, is_express };
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(clauseArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
        (filters) => {
          const expected = all
            .filter((row) => filters.every((group) => group.some((c) => matches(row, c))))
            .map((row) => row.order_id as number)
            .sort((a, b) => a - b);
          const { ids, response } = filteredIds(filters);
          expect(response.filtersApplied).toBe(true);
          expect(ids).toEqual(expected);
        },
      ),
      { numRuns: 25, seed: 20240315 },
    );
  });
});
