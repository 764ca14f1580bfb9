/**
 * Additive or not (docs/fields.md#additive-or-not): the main metric of a column whose values do not add up is its
 * average, with the sum kept as `x_sum`; the rules come from the name and semantic type and yield to hints.
 */
import { isAdditiveByName } from '../../../proxy/src/fields/columnSemantics';
import { column } from '../../support/tableFixtures';
import { fieldsOf } from './schemaFields';

const AVERAGE = (id: string) => `SUM($${id}__sum) / SUM($${id}__count)`;

describe('which names add up', () => {
  it.each([
    // Positions, temperature-like readings, scores, ages, statistics, rates and unit prices do not.
    ...['latitude', 'origin_longitude', 'lng', 'temp', 'cabin_temp_c', 'temperature', 'setpoint', 'setPoint'],
    ...['humidity', 'tyre_pressure', 'score', 'driverscore', 'rating', 'age', 'userage', 'user_age'],
    ...['avg_speed', 'mean_delay', 'median_price', 'heart_rate', 'click_ratio', 'items_per_order'],
    ...['unit_price', 'unitprice', 'unit price ($)'],
  ])('%s does not', (name) => {
    expect(isAdditiveByName(name)).toBe(false);
  });

  it.each([
    ...['amount', 'fare_usd', 'price', 'revenue', 'quantity', 'distance_km', 'trip_seconds', 'duration'],
    ...['items', 'stage', 'usage', 'page_views', 'attempts', 'storage_bytes', 'percentile_bucket'],
  ])('%s does', (name) => {
    expect(isAdditiveByName(name)).toBe(true);
  });

  it('follows the semantic type: a PERCENT never adds up, whatever its name', () => {
    expect(isAdditiveByName('share', 'PERCENT')).toBe(false);
    expect(isAdditiveByName('share', 'NUMBER')).toBe(true);
  });
});

describe('fields of non-additive columns', () => {
  const fields = fieldsOf([
    column('seat_fill_pct', 'double'),
    column('origin_latitude', 'double'),
    column('origin_longitude', 'double'),
    column('thermostat_temp', 'double'),
    column('unit_price', 'decimal(10,2)'),
    column('amount', 'decimal(10,2)'),
  ]);

  it('make the average the main field, labelled without a suffix, and keep the sum as x_sum', () => {
    for (const id of ['seat_fill_pct', 'thermostat_temp', 'unit_price']) {
      expect(fields[id]).toMatchObject({
        formula: AVERAGE(id),
        label: fields[`${id}_avg`].label.replace(' (Average)', ''),
      });
      expect(fields[`${id}_sum`]).toMatchObject({ formula: `SUM($${id}__sum)`, label: `${fields[id].label} (Sum)` });
      expect(fields[`${id}_avg`].formula).toBe(AVERAGE(id));
    }
    expect(fields.seat_fill_pct.semantics.semanticType).toBe('PERCENT');
    expect(fields.unit_price.description).toMatch(/^Average of column "unit_price"/);
  });

  it('keep SUM as the main field of additive columns, with no x_sum', () => {
    expect(fields.amount.formula).toBe('SUM($amount__sum)');
    expect(fields.amount_sum).toBeUndefined();
  });

  it('turn a latitude/longitude pair into dimensions: the location and each coordinate', () => {
    expect(fields.origin_location.semantics).toMatchObject({
      conceptType: 'DIMENSION',
      semanticType: 'LATITUDE_LONGITUDE',
    });
    for (const id of ['origin_latitude', 'origin_longitude']) {
      expect(fields[id].semantics.conceptType).toBe('DIMENSION');
      expect(Object.keys(fields).filter((other) => other.startsWith(`${id}_`))).toEqual([]);
    }
  });

  it('average a lone coordinate that forms no pair', () => {
    const lone = fieldsOf([column('depth', 'double'), column('latitude', 'double')]);
    expect(lone.latitude.formula).toBe(AVERAGE('latitude'));
    expect(lone.depth.formula).toBe('SUM($depth__sum)');
  });

  it('default raw-row metrics to AVG where values do not add up, SUM where they do', () => {
    const raw = fieldsOf([column('thermostat_temp', 'double'), column('amount', 'double')], {}, false);
    expect(raw.thermostat_temp.defaultAggregationType).toBe('AVG');
    expect(raw.amount.defaultAggregationType).toBe('SUM');
  });
});

describe('hints override the rules', () => {
  it('[SUM] keeps a rule-matched column additive and [AVG] averages any other', () => {
    const fields = fieldsOf([column('score', 'bigint'), column('amount', 'double'), column('temp', 'double')], {
      'looker.semantics': 'score -> SUM; amount -> AVG',
    });
    expect(fields.score.formula).toBe('SUM($score__sum)');
    expect(fields.score_sum).toBeUndefined();
    expect(fields.amount.formula).toBe(AVERAGE('amount'));
    expect(fields.amount_sum.formula).toBe('SUM($amount__sum)');
    expect(fields.temp.formula).toBe(AVERAGE('temp'));
  });

  it('reads the same tokens from a column comment', () => {
    const commented = { ...column('load', 'double'), comment: 'Load factor [AVG]' };
    const fields = fieldsOf([commented]);
    expect(fields.load).toMatchObject({ formula: AVERAGE('load'), label: 'Load factor' });
  });
});
