/**
 * Runs compiled SQL on an in-process DuckDB to check that its semantics are right, not just its text: filters
 * against a reference evaluator (three-valued logic, EXCLUDE keeping NULL rows) and partition pruning on every
 * year/month/day spelling. Only constructs DuckDB has natively are exercised here, plus a one-line regexp_like
 * macro; the full Trino vocabulary is the DuckDB engine's job.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { compileQuery } from '../../../proxy/src/sql/compileQuery';
import type { FilterClause, FilterOperator, QuerySpec } from '../../../protocol/contract';
import { formatIsoDate, parseIsoDate } from '../../../proxy/src/time/calendar';
import { column, OPTIONS, table } from '../../support/tableFixtures';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run('CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)');
  await connection.run('CREATE SCHEMA lake');
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

async function rowsOf(sql: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowsJS().map((row) => JSON.stringify(row));
}

type Row = { country: string | null; shard: number | null; is_member: boolean | null };

describe('filters on DuckDB match a reference evaluator', () => {
  const COUNTRIES = ['Canada', 'USA', 'Chad', "O'Hare", '', 'canada', null];
  const SHARDS = [-3, 0, 1, 2, 5, 12, null];
  const MEMBERS = [true, false, null];
  const rows: Row[] = COUNTRIES.flatMap((country) =>
    SHARDS.flatMap((shard) => MEMBERS.map((is_member) => ({ country, shard, is_member }))),
  );
  const described = table([column('country', 'string'), column('shard', 'int', true), column('is_member', 'boolean')]);

  beforeAll(async () => {
    const literal = (value: unknown) =>
      value === null ? 'NULL' : typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);
    await connection.run('CREATE TABLE lake.events (country VARCHAR, shard INTEGER, is_member BOOLEAN)');
    const values = rows.map((row) => `(${literal(row.country)}, ${literal(row.shard)}, ${literal(row.is_member)})`);
    await connection.run(`INSERT INTO lake.events VALUES ${values.join(', ')}`);
  });

  afterAll(async () => {
    await connection.run('DROP TABLE lake.events');
  });

  /** SQL three-valued truth of one INCLUDE clause (null = unknown). */
  function truth(clause: FilterClause, row: Row): boolean | null {
    const value = row[clause.fieldName as keyof Row];
    const [a, b] = clause.values;
    if (value === null) return null;
    const number = (text: string) => Number(text);
    switch (clause.operator) {
      case 'EQUALS':
        if (typeof value === 'boolean') return value === (a.toLowerCase() === 'true');
        return typeof value === 'number' ? value === number(a) : value === a;
      case 'IN_LIST':
        return clause.values.some((v) => truth({ ...clause, operator: 'EQUALS', values: [v] }, row));
      case 'CONTAINS':
        return String(value).includes(a);
      case 'REGEXP_PARTIAL_MATCH':
        return new RegExp(a).test(String(value));
      case 'REGEXP_EXACT_MATCH':
        return new RegExp(`^(?:${a})$`).test(String(value));
      case 'BETWEEN':
        return (value as number) >= number(a) && (value as number) <= number(b);
      case 'NUMERIC_GREATER_THAN':
        return (value as number) > number(a);
      case 'NUMERIC_GREATER_THAN_OR_EQUAL':
        return (value as number) >= number(a);
      case 'NUMERIC_LESS_THAN':
        return (value as number) < number(a);
      default:
        return (value as number) <= number(a);
    }
  }

  function passes(clause: FilterClause, row: Row): boolean {
    const value = row[clause.fieldName as keyof Row];
    if (clause.operator === 'IS_NULL') return clause.type === 'INCLUDE' ? value === null : value !== null;
    const result = truth(clause, row) === true;
    return clause.type === 'INCLUDE' ? result : !result;
  }

  const text = fc.constantFrom('Canada', 'USA', "O'Hare", '', 'an', 'C');
  const numberText = fc.constantFrom('-3', '0', '1', '2.5', '5', '1e1');
  const type = fc.constantFrom<FilterClause['type']>('INCLUDE', 'EXCLUDE');
  const operators = (...names: FilterOperator[]) => fc.constantFrom(...names);
  const clauseOn = (fields: string[], operator: fc.Arbitrary<FilterOperator>, values: fc.Arbitrary<string[]>) =>
    fc.record<FilterClause>({ fieldName: fc.constantFrom(...fields), operator, values, type });
  const clauseArb = fc.oneof(
    clauseOn(
      ['country'],
      operators('EQUALS', 'CONTAINS'),
      text.map((v) => [v]),
    ),
    clauseOn(
      ['country'],
      operators('REGEXP_PARTIAL_MATCH', 'REGEXP_EXACT_MATCH'),
      fc.constantFrom('C.*a', 'an', '^U', 'a$', '[A-Z]{3}', "O'H.re|Chad").map((v) => [v]),
    ),
    clauseOn(['country'], operators('IN_LIST'), fc.array(text, { minLength: 1, maxLength: 3 })),
    clauseOn(['country', 'shard', 'is_member'], operators('IS_NULL'), fc.constant([])),
    clauseOn(
      ['shard'],
      operators(
        'EQUALS',
        'NUMERIC_GREATER_THAN',
        'NUMERIC_GREATER_THAN_OR_EQUAL',
        'NUMERIC_LESS_THAN',
        'NUMERIC_LESS_THAN_OR_EQUAL',
      ),
      numberText.map((v) => [v]),
    ),
    clauseOn(['shard'], operators('BETWEEN'), fc.tuple(numberText, numberText)),
    clauseOn(['shard'], operators('IN_LIST'), fc.array(numberText, { minLength: 1, maxLength: 3 })),
    clauseOn(['is_member'], operators('EQUALS'), fc.constantFrom(['true'], ['FALSE'])),
    clauseOn(['is_member'], operators('IN_LIST'), fc.constant(['TRUE', 'false'])),
  );

  const filtersArb = fc.array(fc.array(clauseArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });

  it('returns exactly the rows the reference keeps (AND of ORs, EXCLUDE keeps NULLs)', async () => {
    await fc.assert(
      fc.asyncProperty(filtersArb, async (filters) => {
        const spec: QuerySpec = {
          database: 'lake',
          table: 'events',
          fields: [{ name: 'country' }, { name: 'shard' }, { name: 'is_member' }],
          aggregate: false,
          dimensionsFilters: filters,
        };
        const compiled = compileQuery(spec, described, OPTIONS);
        expect(compiled.filtersApplied).toBe(true);
        const expected = rows
          .filter((row) => filters.every((group) => group.some((clause) => passes(clause, row))))
          .map((row) => JSON.stringify([row.country, row.shard, row.is_member]));
        expect((await rowsOf(compiled.sql)).sort()).toEqual(expected.sort());
      }),
      { numRuns: 150 },
    );
  });
});

describe('partition pruning on DuckDB keeps exactly the partitions within one day of the range', () => {
  // Each row: an event date and the partition it landed in, from two days early to two days late.
  const firstDay = parseIsoDate('2023-12-20')!;
  const facts = Array.from({ length: 30 }, (_, i) => firstDay + i).flatMap((day) =>
    [-2, -1, 0, 1, 2].map((lag) => ({ event: formatIsoDate(day), partition: formatIsoDate(day + lag) })),
  );

  it.each<[string, string, (iso: string) => string]>([
    ['integer year/month/day', 'INTEGER', (iso) => iso.split('-').map(Number).join(', ')],
    [
      'zero-padded string year/month/day',
      'VARCHAR',
      (iso) =>
        iso
          .split('-')
          .map((part) => `'${part}'`)
          .join(', '),
    ],
    [
      'unpadded string year/month/day',
      'VARCHAR',
      (iso) =>
        iso
          .split('-')
          .map((part) => `'${Number(part)}'`)
          .join(', '),
    ],
  ])('%s', async (_name, sqlType, partitionValues) => {
    const type = sqlType === 'INTEGER' ? 'int' : 'string';
    await connection.run(`CREATE TABLE lake.events (d DATE, "year" ${sqlType}, "month" ${sqlType}, "day" ${sqlType})`);
    try {
      const values = facts.map(({ event, partition }) => `(DATE '${event}', ${partitionValues(partition)})`);
      await connection.run(`INSERT INTO lake.events VALUES ${values.join(', ')}`);
      const described = table([
        column('d', 'date'),
        ...['year', 'month', 'day'].map((name) => column(name, type, true)),
      ]);
      const spec: QuerySpec = {
        database: 'lake',
        table: 'events',
        fields: [{ name: 'd' }, { name: 'record_count' }],
        dateColumn: 'd',
        dateRange: { startDate: '2023-12-31', endDate: '2024-01-02' },
      };
      const { sql } = compileQuery(spec, described, OPTIONS);
      expect(sql).toContain('lpad(');
      const counts = Object.fromEntries(
        (await connection.runAndReadAll(sql))
          .getRowsJS()
          .map(([day, count]) => [(day as Date).toISOString().slice(0, 10), Number(count)]),
      );
      // Events in the range are kept when their partition is within [startDate - 1, endDate + 1].
      expect(counts).toEqual({ '2023-12-31': 4, '2024-01-01': 5, '2024-01-02': 4 });
    } finally {
      await connection.run('DROP TABLE lake.events');
    }
  });
});
