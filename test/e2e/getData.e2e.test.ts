/**
 * End to end getSchema and getData, part 1: the BUILT bundle in the Apps Script harness, over real HTTP, against the
 * local proxy (normal wait budget; connector.e2e.test.ts covers 202 polling): valid schemas, rows, values, NULLs and
 * formats. Rows are compared with hand-written DuckDB SQL over the same files
 * (docs/reference-looker-studio.md#conformance-checks, checks 5–7, 10–12, 14). Date ranges, Looker Studio request
 * patterns and error discipline: getDataRequests.e2e.test.ts.
 */
import type { LookerField } from '../../protocol/contract';
import { E2E_ROWS, E2E_TABLE } from './e2eLake';
import { AGGREGATED, RAW, sortByFirst } from './e2eQueries';
import { useGetDataWorld } from './getDataWorld';

const e2e = useGetDataWorld();
const { getData } = e2e;

describe('getSchema', () => {
  const schemaOf = (configParams: Record<string, string>) =>
    e2e.env.world().connector.invoke<{ schema: LookerField[] }>('getSchema', { configParams }).schema;

  it('returns the proxy’s fields: the aggregated schema by default, raw fields with rawRows', () => {
    const aggregated = schemaOf({ database: 'lake', table: E2E_TABLE, dateColumn: 'dt' });
    const raw = schemaOf({ database: 'lake', table: E2E_TABLE, dateColumn: 'dt', rawRows: 'true' });
    expect(aggregated.map((f) => f.name)).toEqual(
      expect.arrayContaining(['city', 'amount', 'record_count', 'amount_avg']),
    );
    expect(raw.map((f) => f.name)).not.toContain('amount_avg');
    expect(raw.map((f) => f.name)).toEqual(expect.arrayContaining(['city', 'amount', 'created_at']));
  });

  it.each([E2E_TABLE, 'food_pickup_1_0_0', 'bookstore_purchase_1_0_0', 'thermostat_reading_1_0_0', 'app_log_1_0_0'])(
    'is a valid Looker schema for %s (ids, types, defaults, formulas)',
    (table) => {
      for (const rawRows of ['false', 'true']) {
        const fields = schemaOf({ database: 'lake', table, rawRows });
        const ids = fields.map((f) => f.name);
        expect(new Set(ids).size).toBe(ids.length);
        for (const field of fields) {
          expect(field.name).toMatch(/^[A-Za-z0-9_]+$/);
          expect(['DIMENSION', 'METRIC']).toContain(field.semantics.conceptType);
          expect(field.dataType).toBe(expectedDataType(field.semantics.semanticType));
          expect(field.formula !== undefined && (field as { isHidden?: boolean }).isHidden === true).toBe(false);
          for (const ref of field.formula?.match(/\$[A-Za-z0-9_]+/g) ?? []) expect(ids).toContain(ref.slice(1));
        }
        for (const concept of ['DIMENSION', 'METRIC']) {
          expect(fields.filter((f) => f.isDefault && f.semantics.conceptType === concept).length).toBeLessThanOrEqual(
            1,
          );
        }
      }
    },
  );

  it('names the problem when the table is gone', () => {
    const outcome = e2e.env
      .world()
      .connector.call('getSchema', { configParams: { database: 'lake', table: 'dropped_table' } });
    expect(outcome).toMatchObject({
      ok: false,
      userError: { text: expect.stringMatching(/dropped_table.*pick an available table/) },
    });
  });
});

describe('rows, values and NULLs', () => {
  it('returns every raw row with values in the requested order and Looker formats, NULL as null', async () => {
    const response = getData({
      configParams: RAW,
      fields: [
        { name: 'is_express' },
        { name: 'order_id' },
        { name: 'city' },
        { name: 'amount' },
        { name: 'created_at' },
        { name: 'dt' },
      ],
    });
    expect(response.schema).toEqual([
      { name: 'is_express', dataType: 'BOOLEAN' },
      { name: 'order_id', dataType: 'NUMBER' },
      { name: 'city', dataType: 'STRING' },
      { name: 'amount', dataType: 'NUMBER' },
      { name: 'created_at', dataType: 'STRING' },
      { name: 'dt', dataType: 'STRING' },
    ]);
    const expected = await e2e.db.rows(`
      SELECT is_express, order_id::INTEGER, city, amount::DOUBLE, strftime(created_at, '%Y%m%d%H%M%S'), replace(dt, '-', '')
      FROM orders ORDER BY order_id`);
    const actual = response.rows.map((r) => r.values).sort((a, b) => (a[1] as number) - (b[1] as number));
    expect(actual).toEqual(expected);
    expect(actual.some((values) => values.includes(null))).toBe(true);
  });

  it('pre-aggregates by the requested dimensions, with sums that match SQL', async () => {
    const response = getData({
      configParams: AGGREGATED,
      fields: [{ name: 'city' }, { name: 'record_count' }, { name: 'amount' }, { name: 'quantity' }],
    });
    const expected = await e2e.db.rows(`
      SELECT city, count(*)::INTEGER, sum(amount)::DOUBLE, sum(quantity)::INTEGER FROM orders GROUP BY city ORDER BY city NULLS FIRST`);
    const actual = sortByFirst(response.rows.map((r) => r.values));
    expect(actual.map((v) => [v[0], v[1], v[3]])).toEqual(expected.map((v) => [v[0], v[1], v[3]]));
    actual.forEach((values, i) => expect(values[2]).toBeCloseTo(expected[i][2] as number, 6));
  });

  it('formats derived date/time dimensions with zero padding and valid ranges', () => {
    const response = getData({
      configParams: AGGREGATED,
      fields: [{ name: 'created_at_date' }, { name: 'created_at_hour' }, { name: 'created_at' }],
    });
    for (const [day, hour, second] of response.rows.map((r) => r.values as string[])) {
      expect(day).toMatch(/^2024(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/);
      expect(hour).toMatch(/^\d{8}([01]\d|2[0-3])$/);
      expect(second).toMatch(/^\d{8}([01]\d|2[0-3])[0-5]\d[0-5]\d$/);
      expect(second.startsWith(hour) && hour.startsWith(day)).toBe(true);
    }
    expect(response.rows).toHaveLength(E2E_ROWS);
  });

  it("respects the data source's row limit (a cap the user chose)", () => {
    const response = getData({ configParams: { ...RAW, rowLimit: '50' }, fields: [{ name: 'order_id' }] });
    expect(response.rows).toHaveLength(50);
  });

  it('sample extraction takes a few rows without calling that truncation', () => {
    const sample = getData({
      configParams: RAW,
      fields: [{ name: 'order_id' }],
      scriptParams: { sampleExtraction: true },
    });
    expect(sample.rows.length).toBeGreaterThan(0);
    expect(sample.rows.length).toBeLessThan(E2E_ROWS);
  });
});

/** Looker's dataType for a semantic type (docs/reference-looker-studio.md#field-json-and-data-types). */
function expectedDataType(semanticType: string): string {
  if (semanticType === 'BOOLEAN') return 'BOOLEAN';
  if (semanticType === 'NUMBER' || semanticType === 'PERCENT' || semanticType.startsWith('CURRENCY_')) return 'NUMBER';
  return 'STRING';
}
