/**
 * Field rules end to end: on a lake table the rules were not written against (real-lake names, comments on some
 * columns), the BUILT bundle in the Apps Script harness gets semantic types, labels and groups from getSchema,
 * getData values Looker Studio accepts for each type — checked against the table's own rows — and main metrics
 * that mean what an analyst assumes: sums where values add up, averages where they do not
 * (docs/fields.md#additive-or-not).
 */
import type { LookerField, LookerValue } from '../../protocol/contract';
import type { GetDataResponse, GetSchemaResponse } from '../../connector/src/lookerTypes';
import { startE2eEnvironment, type E2eEnvironment } from './e2eEnvironment';
import { ride, RIDES_ROWS, RIDES_TABLE, writeRidesLake } from './ridesLake';

let env: E2eEnvironment;
beforeAll(async () => {
  env = await startE2eEnvironment({}, writeRidesLake);
});
afterAll(() => env?.close());

const config = (extra: Record<string, string> = {}) => ({
  database: 'lake',
  table: RIDES_TABLE,
  dateColumn: '(none)',
  ...extra,
});
const rides = Array.from({ length: RIDES_ROWS }, (_, i) => ride(i));

/** Whether Looker Studio accepts `value` for a field of `semanticType` (docs/fields.md#value-formats). */
function accepted(semanticType: string, value: LookerValue): boolean {
  if (value === null) return true;
  switch (semanticType) {
    case 'LATITUDE_LONGITUDE': {
      const match = /^(-?\d+(?:\.\d+)?), (-?\d+(?:\.\d+)?)$/.exec(String(value));
      return match !== null && Math.abs(Number(match[1])) <= 90 && Math.abs(Number(match[2])) <= 180;
    }
    case 'COUNTRY_CODE':
      return typeof value === 'string' && /^[A-Z]{2}$/.test(value);
    case 'CITY':
    case 'TEXT':
      return typeof value === 'string';
    case 'URL':
      return typeof value === 'string' && /^https?:\/\/\S+$/.test(value);
    case 'DURATION':
      return typeof value === 'string' && /^\d+(\.\d+)?$/.test(value);
    default:
      return typeof value === 'number' && Number.isFinite(value);
  }
}

describe('semantic types, labels and groups through the bundle', () => {
  let fields: Record<string, LookerField>;
  beforeAll(() => {
    const schema = env.world().connector.invoke<GetSchemaResponse>('getSchema', { configParams: config() }).schema;
    fields = Object.fromEntries(schema.map((f) => [f.name, f]));
  });

  it.each([
    // id, semantic type, label, group
    ['pickup_location', 'LATITUDE_LONGITUDE', 'Pickup Location', 'Pickup Location'],
    ['dropoffcords', 'LATITUDE_LONGITUDE', 'Dropoffcords', 'Dropoffcords'],
    ['country_code', 'COUNTRY_CODE', 'Country Code', 'Country Code'],
    ['city', 'CITY', 'Pickup city', 'Pickup'],
    ['fare_usd', 'CURRENCY_USD', 'Fare charged', 'Money'],
    ['fare_usd_avg', 'CURRENCY_USD', 'Fare charged (Average)', 'Money'],
    ['tip_pct', 'PERCENT', 'Tip share', 'Tip share'],
    ['trip_seconds', 'DURATION', 'Trip (s)', 'Trip (s)'],
    ['receipt_url', 'URL', 'Receipt URL', 'Receipt URL'],
    ['passenger_count_dim', 'NUMBER', 'Passenger Count (Value)', 'Passenger Count'],
    ['dt', 'YEAR_MONTH_DAY', 'Date', 'Date'],
    ['query_cost_usd', 'CURRENCY_USD', 'Estimated Cost (USD)', 'Query'],
  ])('%s: %s, "%s", group "%s"', (id, semanticType, label, group) => {
    expect(fields[id]).toMatchObject({ label, group, semantics: { semanticType } });
  });

  it('offers metrics whose aggregation cannot be changed, over hidden partials', () => {
    expect(fields.fare_usd).toMatchObject({ formula: 'SUM($fare_usd__sum)', semantics: { conceptType: 'METRIC' } });
    // Looker Studio ignores aggregation properties on formula fields: the formula fixes the aggregation.
    expect(fields.fare_usd.semantics.isReaggregatable).toBeUndefined();
    expect(fields.fare_usd__sum.isHidden).toBe(true);
    expect(fields.passenger_count_dim.semantics.conceptType).toBe('DIMENSION');
  });

  it('getData returns values Looker accepts for every type, equal to the table’s own rows', () => {
    const ids = [
      'pickup_location',
      'dropoffcords',
      'country_code',
      'city',
      'receipt_url',
      'passenger_count_dim',
      'fare_usd__sum',
      'tip_pct__sum',
      'tip_pct_count',
      'record_count__rows',
    ];
    const response = env
      .world()
      .connector.invoke<GetDataResponse>('getData', { configParams: config(), fields: ids.map((name) => ({ name })) });
    expect(response.schema.map((f) => f.name)).toEqual(ids);
    const column = (id: string) => response.rows.map((row) => row.values[ids.indexOf(id)]);
    for (const id of ids) {
      const type = fields[id].semantics.semanticType;
      expect({ id, rejected: column(id).filter((v) => !accepted(type, v)) }).toEqual({ id, rejected: [] });
    }
    const sum = (values: LookerValue[]) => values.reduce<number>((a, v) => a + (v === null ? 0 : Number(v)), 0);
    expect(sum(column('record_count__rows'))).toBe(RIDES_ROWS);
    expect(sum(column('fare_usd__sum'))).toBeCloseTo(sum(rides.map((r) => r.fare_usd as number)), 6);
    // tip_pct is a percent of 0–100 in the lake and Looker's ratio in the report.
    expect(sum(column('tip_pct__sum'))).toBeCloseTo(sum(rides.map((r) => r.tip_pct as number | null)) / 100, 9);
    expect(new Set(column('pickup_location'))).toEqual(
      new Set(rides.map((r) => (r.pickup_lat === null ? null : `${r.pickup_lat}, ${r.pickup_lon}`))),
    );
    expect(column('dropoffcords')).toContain(null); // the malformed "n/a" is not a location
    expect(new Set(column('country_code'))).toEqual(new Set(['DE', 'FR', 'NO']));
  });

  it('raw rows: durations as seconds text, percents as ratios, one row per ride', () => {
    const ids = ['receipt_url', 'trip_seconds', 'tip_pct'];
    const response = env.world().connector.invoke<GetDataResponse>('getData', {
      configParams: config({ rawRows: 'true' }),
      fields: ids.map((name) => ({ name })),
    });
    const byUrl = new Map(response.rows.map((row) => [row.values[0], row.values]));
    expect(byUrl.size).toBe(RIDES_ROWS);
    for (const r of rides) {
      const [, seconds, tip] = byUrl.get(r.receipt_url as string)!;
      expect(seconds).toBe(String(r.trip_seconds));
      expect(tip).toBe(r.tip_pct === null ? null : (r.tip_pct as number) / 100);
    }
  });
});

/** The columns of rides whose values do not add up, and those that do. */
const NON_ADDITIVE = ['tip_pct', 'cabin_temp', 'unit_price', 'driver_score'];
const ADDITIVE = ['fare_usd', 'trip_seconds'];

/** Looker Studio's value of `SUM($a)` or `SUM($a) / SUM($b)` over one chart row's returned partials. */
function evaluate(formula: string, value: (id: string) => number): number {
  const ratio = /^SUM\(\$(\w+)\) \/ SUM\(\$(\w+)\)$/.exec(formula);
  if (ratio) return value(ratio[1]) / value(ratio[2]);
  const total = /^SUM\(\$(\w+)\)$/.exec(formula);
  if (total) return value(total[1]);
  throw new Error(`unexpected formula ${formula}`);
}

describe('main metrics an analyst can trust', () => {
  let fields: Record<string, LookerField>;
  beforeAll(() => {
    const schema = env.world().connector.invoke<GetSchemaResponse>('getSchema', { configParams: config() }).schema;
    fields = Object.fromEntries(schema.map((f) => [f.name, f]));
  });

  it('averages non-additive columns under their own id, keeps their sum as x_sum, and sums the rest', () => {
    for (const id of NON_ADDITIVE) {
      expect({ id, formula: fields[id].formula }).toEqual({ id, formula: `SUM($${id}__sum) / SUM($${id}__count)` });
      expect(fields[`${id}_sum`]).toMatchObject({ formula: `SUM($${id}__sum)`, label: `${fields[id].label} (Sum)` });
    }
    for (const id of ADDITIVE) {
      expect({ id, formula: fields[id].formula }).toEqual({ id, formula: `SUM($${id}__sum)` });
      expect(fields[`${id}_sum`]).toBeUndefined();
    }
    expect(fields.tip_pct_count).toMatchObject({
      formula: 'SUM($tip_pct__count)',
      semantics: { semanticType: 'NUMBER' },
    });
    expect((fields.tip_pct_count as { isHidden?: boolean }).isHidden).toBeUndefined();
  });

  it('makes the coordinates of a location pair dimensions, never summed', () => {
    for (const id of ['pickup_lat', 'pickup_lon']) expect(fields[id].semantics.conceptType).toBe('DIMENSION');
    expect(Object.keys(fields).filter((id) => /^pickup_l(at|on)_/.test(id))).toEqual([]);
  });

  it('charts every main metric by day inside the column’s range on that day (averages) or at its total (sums)', () => {
    const columns = [...NON_ADDITIVE, ...ADDITIVE];
    const refs = (id: string) => [...fields[id].formula!.matchAll(/\$(\w+)/g)].map((m) => m[1]);
    const ids = ['dt', ...new Set(columns.flatMap(refs))];
    const response = env
      .world()
      .connector.invoke<GetDataResponse>('getData', { configParams: config(), fields: ids.map((name) => ({ name })) });
    expect(response.rows.length).toBe(3);
    for (const row of response.rows) {
      const day = Number(String(row.values[0]).slice(-2)) - 1;
      const ofDay = rides.filter((_, i) => Math.floor(i / (RIDES_ROWS / 3)) === day);
      for (const id of columns) {
        const shown = evaluate(fields[id].formula!, (ref) => Number(row.values[ids.indexOf(ref)]));
        const scale = id === 'tip_pct' ? 0.01 : 1;
        const values = ofDay
          .map((r) => r[id])
          .filter((v): v is number => typeof v === 'number')
          .map((v) => v * scale);
        const total = values.reduce((a, b) => a + b, 0);
        if (ADDITIVE.includes(id)) expect({ id, shown }).toEqual({ id, shown: expect.closeTo(total, 6) });
        else {
          expect({ id, inside: shown >= Math.min(...values) - 1e-9 && shown <= Math.max(...values) + 1e-9 }).toEqual({
            id,
            inside: true,
          });
          expect({ id, shown }).toEqual({ id, shown: expect.closeTo(total / values.length, 9) });
        }
      }
    }
  });
});
