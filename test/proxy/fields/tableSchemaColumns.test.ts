/**
 * deriveTableSchema on unusual tables: field ids (sanitised, unique, collision suffixes, no formula function names)
 * and labels; excluded column types; default date column and dimension; date partitions by Athena projection.
 * The sample events table's fields: tableSchema.test.ts.
 */
import { deriveTableSchema } from '../../../proxy/src/fields/tableSchema';
import { column, table } from '../../support/tableFixtures';
import { fieldsById } from './schemaFields';

describe('field ids and labels', () => {
  const odd = table([
    column('purchaseTimestamp', 'timestamp'),
    column('food_pickup', 'string'),
    column('user ID', 'string'),
    column('a-b', 'string'),
    column('a_b', 'string'),
    column('1st', 'bigint'),
    column('case', 'string'),
    column('Regexp_Match', 'string'),
    column('record_count', 'bigint'),
    column('purchaseTimestamp_date', 'string'),
    column('größe', 'string'),
  ]);
  const schema = deriveTableSchema(odd, true);
  const ids = schema.fields.map((field) => field.name);
  const labels = Object.fromEntries(schema.fields.map((field) => [field.name, field.label]));

  it('match ^[A-Za-z0-9_]+$ and are unique (case-insensitively)', () => {
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_]+$/);
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(ids.length);
  });

  it('sanitise, suffix collisions and avoid formula function names deterministically', () => {
    // Hidden partials (`__`) and dimension twins (`_dim`) come after the visible ids of the columns.
    expect(ids.filter((id) => id === 'gr__e' || !/__|_dim$|^query_/.test(id))).toEqual([
      'purchaseTimestamp',
      'purchaseTimestamp_date_2',
      'purchaseTimestamp_hour',
      'food_pickup',
      'user_ID',
      'a_b',
      'a_b_2',
      'f_1st',
      'f_1st_min',
      'f_1st_max',
      'f_1st_count',
      'f_1st_avg',
      'case_2',
      'Regexp_Match_2',
      'record_count_2',
      'record_count_2_min',
      'record_count_2_max',
      'record_count_2_count',
      'record_count_2_avg',
      'purchaseTimestamp_date',
      'gr__e',
      'record_count',
    ]);
    expect(deriveTableSchema(odd, true)).toEqual(schema);
  });

  it('humanise column names into labels', () => {
    expect(labels.purchaseTimestamp).toBe('Purchase Timestamp');
    expect(labels.food_pickup).toBe('Food Pickup');
    expect(labels.user_ID).toBe('User ID');
    expect(labels.purchaseTimestamp_date_2).toBe('Purchase Timestamp (Date)');
    // An id must start with a letter to be a formula reference; the label keeps the column's name.
    expect(labels.f_1st_avg).toBe('1st (Average)');
  });

  it('use the renamed ids in formulas', () => {
    const avg = schema.fields.find((field) => field.name === 'record_count_2_avg');
    expect(avg?.formula).toBe('SUM($record_count_2__sum) / SUM($record_count_2__count)');
  });
});

describe('excluded columns and defaults', () => {
  it('lists binary and unsupported types with a reason instead of dropping them', () => {
    const schema = deriveTableSchema(
      table([
        column('blob', 'binary'),
        column('raw', 'varbinary'),
        column('span', 'interval day to second'),
        column('name', 'string'),
      ]),
      true,
    );
    expect(schema.excluded.map(({ column: name, type }) => [name, type])).toEqual([
      ['blob', 'binary'],
      ['raw', 'varbinary'],
      ['span', 'interval day to second'],
    ]);
    for (const entry of schema.excluded) expect(entry.reason.length).toBeGreaterThan(10);
    expect(schema.fields.filter((field) => field.group !== 'Query').map((field) => field.name)).toEqual([
      'name',
      'record_count',
      'record_count__rows',
    ]);
  });

  it('uses the first date or timestamp column when there is no date partition, else the first dimension', () => {
    const dated = deriveTableSchema(
      table([column('name', 'string'), column('d', 'date'), column('t', 'timestamp')]),
      true,
    );
    expect(dated.defaultDateColumn).toBe('d');
    expect(dated.fields.find((field) => field.isDefault && field.semantics.conceptType === 'DIMENSION')?.name).toBe(
      'd',
    );
    const undated = deriveTableSchema(table([column('n', 'int'), column('name', 'string')]), true);
    expect(undated.defaultDateColumn).toBeUndefined();
    expect('defaultDateColumn' in undated).toBe(false);
    expect(undated.fields.filter((field) => field.isDefault).map((field) => field.name)).toEqual([
      'name',
      'record_count',
    ]);
  });

  it('recognises date partitions by Athena projection, and not when the projection format differs', () => {
    const projected = table(
      [column('ts', 'timestamp'), column('day_key', 'string', true), column('dt', 'string', true)],
      {
        'projection.enabled': 'true',
        'projection.day_key.type': 'date',
        'projection.day_key.format': 'yyyy-MM-dd',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy/MM/dd',
      },
    );
    const schema = deriveTableSchema(projected, true);
    expect(schema.dateColumns).toEqual(['ts', 'day_key']);
    expect(schema.defaultDateColumn).toBe('day_key');
    expect(fieldsById(schema.fields).dt.semantics.semanticType).toBe('TEXT');
  });

  it('does not treat a non-partition dt column as a date', () => {
    const schema = deriveTableSchema(table([column('dt', 'string')]), true);
    expect(schema.dateColumns).toEqual([]);
  });
});
