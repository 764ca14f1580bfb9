/** Semantic types from hints, name heuristics and types; labels; groups; coordinate pairs (docs/fields.md). */
import { compileQuery } from '../../../proxy/src/sql/compileQuery';
import { humanizeLabel } from '../../../proxy/src/fields/fieldLabels';
import { makeRowFormatter } from '../../../proxy/src/values/formatValues';
import { parseColumnComment, readTableHints } from '../../../proxy/src/fields/semanticHints';
import { deriveTableSchema } from '../../../proxy/src/fields/tableSchema';
import { column, table } from '../../support/tableFixtures';
import { fieldsOf } from './schemaFields';

describe('semantic types from names and types', () => {
  const cases: [string, string, string][] = [
    // column, type, expected semantic type of the field with the column's id
    ['country', 'string', 'COUNTRY'],
    ['usercountry', 'string', 'COUNTRY'],
    ['country_code', 'string', 'COUNTRY_CODE'],
    ['city', 'string', 'CITY'],
    ['pickup_city', 'string', 'CITY'],
    ['region', 'string', 'REGION'],
    ['region_code', 'string', 'REGION_CODE'],
    ['receipt_url', 'string', 'URL'],
    ['url', 'string', 'URL'],
    ['restaurantcords', 'string', 'LATITUDE_LONGITUDE'],
    ['client_coords', 'string', 'LATITUDE_LONGITUDE'],
    ['fare_usd', 'decimal(10,2)', 'CURRENCY_USD'],
    ['amount_eur', 'double', 'CURRENCY_EUR'],
    ['tip_pct', 'double', 'PERCENT'],
    ['conversion_rate', 'double', 'PERCENT'],
    ['click_ratio', 'double', 'PERCENT'],
    ['trip_seconds', 'bigint', 'DURATION'],
    ['duration', 'bigint', 'DURATION'],
    ['heart_rate', 'int', 'NUMBER'],
    ['duration_ms', 'bigint', 'NUMBER'],
    ['postal_code', 'string', 'TEXT'],
    ['location', 'string', 'TEXT'],
    ['price', 'double', 'NUMBER'],
    ['label', 'string', 'TEXT'],
    // The sample lake's columns (Glue and the local catalog lower-case names).
    ['restaurantcords', 'string', 'LATITUDE_LONGITUDE'],
    ['clientcords', 'string', 'LATITUDE_LONGITUDE'],
    ['delivery_seconds', 'bigint', 'DURATION'],
    ['amount_usd', 'decimal(12,2)', 'CURRENCY_USD'],
  ];
  it.each(cases)('%s (%s) → %s', (name, type, semanticType) => {
    const fields = fieldsOf([column(name, type)]);
    expect(fields[name].semantics.semanticType).toBe(semanticType);
  });

  it('uses the table currency for money words, and only for them', () => {
    const fields = fieldsOf([column('price', 'double'), column('weight', 'double')], { 'looker.currency': 'eur' });
    expect(fields.price.semantics).toMatchObject({ semanticType: 'CURRENCY_EUR', semanticGroup: 'CURRENCY' });
    expect(fields.weight.semantics.semanticType).toBe('NUMBER');
  });

  it('scales a _pct metric to Looker’s ratio, but not a _rate one', () => {
    expect(deriveTableSchema(table([column('tip_pct', 'double')]), false).fields[0].description).toContain('× 0.01');
    expect(deriveTableSchema(table([column('conversion_rate', 'double')]), false).fields[0].description).not.toContain(
      '×',
    );
  });
});

describe('hints', () => {
  it('reads a label and tokens from a comment', () => {
    expect(parseColumnComment('Pickup latitude [LATITUDE, group=Pickup]')).toEqual({
      label: 'Pickup latitude',
      coordinate: 'lat',
      group: 'Pickup',
    });
    expect(parseColumnComment('Just a label')).toEqual({ label: 'Just a label' });
    expect(parseColumnComment('[country_code]')).toEqual({ semanticType: 'COUNTRY_CODE' });
    expect(parseColumnComment('Typo [COUNTRYY]')).toEqual({ label: 'Typo' });
  });

  it('reads the looker.semantics table parameter; it wins over a comment', () => {
    const hints = readTableHints([{ name: 'fare', comment: 'Fare [CURRENCY_USD]' }], {
      'looker.semantics': 'a_y, a_x -> LATITUDE_LONGITUDE, group=Where; fare -> CURRENCY_EUR; n -> DIMENSION',
    });
    expect(hints.pairs).toEqual([{ lat: 'a_y', lon: 'a_x', group: 'Where' }]);
    expect(hints.columns.get('fare')).toEqual({ label: 'Fare', semanticType: 'CURRENCY_EUR' });
    expect(hints.columns.get('n')).toEqual({ dimension: true });
  });

  it('applies hints to fields: type, label, group, dimension twin; a type that does not fit is ignored', () => {
    const fields = fieldsOf([
      { ...column('amt', 'double'), comment: 'Amount paid [CURRENCY_GBP, group=Money]' },
      { ...column('where', 'string'), comment: '[COUNTRY_CODE]' },
      { ...column('score', 'double'), comment: 'Score [DIMENSION]' },
      { ...column('name', 'string'), comment: 'Name [PERCENT]' },
    ]);
    expect(fields.amt).toMatchObject({
      label: 'Amount paid',
      group: 'Money',
      semantics: { semanticType: 'CURRENCY_GBP' },
    });
    expect(fields.amt_min).toMatchObject({ label: 'Amount paid (Min)', group: 'Money' });
    expect(fields.amt.description).toBe('Sum of column "amt" (double). Amount paid');
    expect(fields.where.semantics.semanticType).toBe('COUNTRY_CODE');
    expect(fields.score_dim.semantics.conceptType).toBe('DIMENSION');
    expect(fields.name.semantics.semanticType).toBe('TEXT');
  });
});

describe('coordinate pairs', () => {
  it('pairs <prefix>_lat/<prefix>_lon, lat/lng and declared pairs into one LATITUDE_LONGITUDE field', () => {
    const fields = fieldsOf(
      [
        column('pickup_lat', 'double'),
        column('pickup_lon', 'double'),
        column('lat', 'double'),
        column('lng', 'double'),
        column('y', 'double'),
        column('x', 'double'),
      ],
      { 'looker.semantics': 'y,x -> LATITUDE_LONGITUDE' },
    );
    expect(fields.pickup_location).toMatchObject({
      label: 'Pickup Location',
      dataType: 'STRING',
      semantics: { conceptType: 'DIMENSION', semanticType: 'LATITUDE_LONGITUDE', semanticGroup: 'GEO' },
    });
    // Declared pairs come first, so `y,x` gets `location` and `lat`/`lng` the next free id.
    expect(fields.location.description).toBe('Location from columns "y" (latitude) and "x" (longitude).');
    expect(fields.location_2.description).toBe('Location from columns "lat" (latitude) and "lng" (longitude).');
    // The coordinates of a pair are dimensions too, never summed (docs/fields.md#additive-or-not).
    for (const id of ['pickup_lat', 'pickup_lon', 'lat', 'lng', 'y', 'x'])
      expect(fields[id].semantics.conceptType).toBe('DIMENSION');
    expect(Object.keys(fields).filter((id) => /^(pickup_lat|pickup_lon|lat|lng|y|x)(_|$)/.test(id))).toEqual([
      'pickup_lat',
      'pickup_lon',
      'lat',
      'lng',
      'y',
      'x',
    ]);
  });
});

describe('labels', () => {
  it.each([
    ['distance_km', 'Distance (km)'],
    ['distanceKm', 'Distance (km)'],
    ['distancekm', 'Distance (km)'],
    ['fare_usd', 'Fare (USD)'],
    ['tip_pct', 'Tip (%)'],
    ['trip_seconds', 'Trip (s)'],
    ['dt', 'Date'],
    ['pickup_dt', 'Pickup Date'],
    ['ts', 'Timestamp'],
    ['receipt_url', 'Receipt URL'],
    ['user_id', 'User ID'],
    ['items', 'Items'],
    ['purchaseTimestamp', 'Purchase Timestamp'],
  ])('%s → %s', (name, label) => expect(humanizeLabel(name)).toBe(label));

  it('groups every field of a column under the column label', () => {
    const fields = fieldsOf([column('fare_usd', 'double')]);
    for (const id of ['fare_usd', 'fare_usd_min', 'fare_usd_max', 'fare_usd_avg', 'fare_usd__sum'])
      expect(fields[id].group).toBe('Fare (USD)');
  });
});

describe('values Looker accepts per type', () => {
  const format = makeRowFormatter([
    { name: 'loc', dataType: 'STRING', format: 'latLon' },
    { name: 'secs', dataType: 'STRING', format: 'numberText' },
  ]);
  it.each([
    [
      ['52.52,13.405', '90'],
      ['52.52, 13.405', '90'],
    ],
    [
      ['(-33.9, 151.2)', '1.5'],
      ['-33.9, 151.2', '1.5'],
    ],
    [
      ['52.52;13.4', '-2'],
      ['52.52, 13.4', '-2'],
    ],
    [
      ['91,0', 'x'],
      [null, null],
    ],
    [
      ['Berlin', ''],
      [null, null],
    ],
    [
      [null, null],
      [null, null],
    ],
  ])('%j → %j', (row, expected) => expect(format(row as (string | null)[])).toEqual(expected));
});

describe('filters on locations', () => {
  it('are left to Looker Studio, which sees the reformatted "lat, lon" values', () => {
    const rides = table([
      column('pickup_lat', 'double'),
      column('pickup_lon', 'double'),
      column('dropcoords', 'string'),
      column('city', 'string'),
    ]);
    for (const fieldName of ['pickup_location', 'dropcoords']) {
      const compiled = compileQuery(
        {
          database: 'lake',
          table: 'events',
          fields: [{ name: 'city' }],
          dimensionsFilters: [[{ fieldName, values: ['52.52, 13.4'], type: 'INCLUDE', operator: 'EQUALS' }]],
        },
        rides,
        { maxRows: 1000, sampleRows: 10 },
      );
      expect(compiled.filtersApplied).toBe(false);
    }
  });
});
