import type { LookerField } from '../../../protocol/contract';
import { compileQuery } from '../../../proxy/src/core/compileQuery';
import { deriveTableSchema } from '../../../proxy/src/core/tableSchema';
import { column, EVENTS, OPTIONS, spec, table } from './fixtures';

function fieldsById(fields: LookerField[]): Record<string, LookerField> {
  return Object.fromEntries(fields.map((field) => [field.name, field]));
}

const DIMENSION_TYPES: [string, string, string, string, string | undefined][] = [
  // column type, field id, semantic type, data type, semantic group
  ['string', 'event_id', 'TEXT', 'STRING', undefined],
  ['varchar(32)', 'country', 'COUNTRY', 'STRING', 'GEO'],
  ['boolean', 'is_member', 'BOOLEAN', 'BOOLEAN', undefined],
  ['date', 'created_on', 'YEAR_MONTH_DAY', 'STRING', 'DATETIME'],
  ['timestamp', 'ts', 'YEAR_MONTH_DAY_SECOND', 'STRING', 'DATETIME'],
  ['timestamp', 'ts_date', 'YEAR_MONTH_DAY', 'STRING', 'DATETIME'],
  ['timestamp', 'ts_hour', 'YEAR_MONTH_DAY_HOUR', 'STRING', 'DATETIME'],
  ['timestamp(3) with time zone', 'sent_at', 'YEAR_MONTH_DAY_SECOND', 'STRING', 'DATETIME'],
  ['timestamp(3) with time zone', 'sent_at_date', 'YEAR_MONTH_DAY', 'STRING', 'DATETIME'],
  ['array<string>', 'tags', 'TEXT', 'STRING', undefined],
  ['string partition dt', 'dt', 'YEAR_MONTH_DAY', 'STRING', 'DATETIME'],
  ['int partition', 'shard', 'NUMBER', 'NUMBER', 'NUMERIC'],
];

describe('deriveTableSchema (aggregate)', () => {
  const schema = deriveTableSchema(EVENTS, true);
  const fields = fieldsById(schema.fields);

  it.each(DIMENSION_TYPES)('%s → dimension %s: %s / %s', (_type, id, semanticType, dataType, semanticGroup) => {
    expect(fields[id]).toMatchObject({ dataType, semantics: { conceptType: 'DIMENSION', semanticType } });
    expect(fields[id].semantics.semanticGroup).toBe(semanticGroup);
  });

  it('turns each numeric data column into SUM, MIN, MAX, a hidden COUNT and an AVG formula', () => {
    // Visible metrics are formula fields over hidden partials, so their aggregation cannot be changed.
    expect(fields.amount).toMatchObject({
      formula: 'SUM($amount__sum)',
      defaultAggregationType: 'AUTO',
      semantics: { conceptType: 'METRIC', isReaggregatable: false },
    });
    expect(fields.amount_min.formula).toBe('MIN($amount__min)');
    expect(fields.amount_max.formula).toBe('MAX($amount__max)');
    for (const [id, aggregation] of [
      ['amount__sum', 'SUM'],
      ['amount__min', 'MIN'],
      ['amount__max', 'MAX'],
    ]) {
      expect(fields[id]).toMatchObject({ isHidden: true, defaultAggregationType: aggregation });
    }
    expect(fields.amount_count).toMatchObject({ defaultAggregationType: 'SUM', isHidden: true });
    expect(fields.amount_avg).toMatchObject({
      formula: 'SUM($amount__sum) / SUM($amount_count)',
      defaultAggregationType: 'AUTO',
    });
    expect(fields.amount_avg.isHidden).toBeUndefined();
    for (const id of ['quantity', 'quantity_avg', 'price_min', 'price_max']) {
      expect(fields[id].semantics).toEqual({
        conceptType: 'METRIC',
        semanticType: 'NUMBER',
        semanticGroup: 'NUMERIC',
        isReaggregatable: false,
      });
    }
    expect(fields.quantity_avg.formula).toBe('SUM($quantity__sum) / SUM($quantity_count)');
  });

  it('adds the Record Count metric, a formula summing the hidden per-group counts', () => {
    expect(fields.record_count).toMatchObject({
      label: 'Record Count',
      dataType: 'NUMBER',
      formula: 'SUM($record_count__rows)',
      defaultAggregationType: 'AUTO',
      isDefault: true,
      semantics: { conceptType: 'METRIC', isReaggregatable: false },
    });
    expect(fields.record_count__rows).toMatchObject({ isHidden: true, defaultAggregationType: 'SUM' });
  });

  it('lists date columns and prefers the dt partition as the default, which is also the default dimension', () => {
    expect(schema.dateColumns).toEqual(['ts', 'created_on', 'sent_at', 'dt']);
    expect(schema.defaultDateColumn).toBe('dt');
    expect(schema.fields.filter((field) => field.isDefault).map((field) => field.name)).toEqual(['dt', 'record_count']);
  });

  it('keeps the table facts and excludes nothing for this table', () => {
    expect(schema).toMatchObject({
      database: 'lake',
      table: 'events',
      aggregate: true,
      partitionKeys: ['dt', 'shard'],
    });
    expect(schema.columns).toBe(EVENTS.columns);
    expect(schema.excluded).toEqual([]);
  });

  it('describes each field by its column and type', () => {
    expect(fields.amount.description).toContain('"amount" (decimal(10,2))');
    expect(fields.ts_hour.description).toContain('"ts" (timestamp)');
    expect(fields.tags.description).toContain('JSON');
  });
});

describe('deriveTableSchema (raw rows)', () => {
  const schema = deriveTableSchema(EVENTS, false);
  const fields = fieldsById(schema.fields);

  it('exposes each numeric column as one raw metric, without aggregate companions', () => {
    expect(fields.amount).toMatchObject({ defaultAggregationType: 'SUM', semantics: { conceptType: 'METRIC' } });
    expect(schema.fields.map((field) => field.name).filter((id) => !id.startsWith('query_'))).toEqual([
      'event_id',
      'ts',
      'ts_date',
      'ts_hour',
      'amount',
      'quantity',
      'quantity_dim',
      'price',
      'is_member',
      'country',
      'created_on',
      'tags',
      'sent_at',
      'sent_at_date',
      'sent_at_hour',
      'dt',
      'shard',
      'record_count',
    ]);
    expect(schema.aggregate).toBe(false);
  });

  it('keeps partition numbers as dimensions and the record count', () => {
    expect(fields.shard.semantics.conceptType).toBe('DIMENSION');
    expect(fields.record_count.defaultAggregationType).toBe('SUM');
  });
});

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
    // Ids added by issue 12 (hidden partials `__`, dimension twins `_dim`) come after every older id.
    expect(ids.filter((id) => id === 'gr__e' || !/__|_dim$|^query_/.test(id))).toEqual([
      'purchaseTimestamp',
      'purchaseTimestamp_date_2',
      'purchaseTimestamp_hour',
      'food_pickup',
      'user_ID',
      'a_b',
      'a_b_2',
      '1st',
      '1st_min',
      '1st_max',
      '1st_count',
      '1st_avg',
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
    expect(labels['1st_avg']).toBe('1st (Average)');
  });

  it('use the renamed ids in formulas', () => {
    const avg = schema.fields.find((field) => field.name === 'record_count_2_avg');
    expect(avg?.formula).toBe('SUM($record_count_2__sum) / SUM($record_count_2_count)');
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

describe('schema and compiler agree', () => {
  it.each([true, false])('every field of the schema (aggregate=%s) compiles with its own data type', (aggregate) => {
    for (const field of deriveTableSchema(EVENTS, aggregate).fields) {
      const compiled = compileQuery(spec({ fields: [{ name: field.name }], aggregate }), EVENTS, OPTIONS);
      expect(compiled.output).toEqual([expect.objectContaining({ name: field.name, dataType: field.dataType })]);
    }
  });

  it('uses STRING for every date/time semantic type and NUMBER for numbers', () => {
    for (const field of deriveTableSchema(EVENTS, true).fields) {
      const { semanticType } = field.semantics;
      if (semanticType.startsWith('YEAR')) expect(field.dataType).toBe('STRING');
      if (semanticType === 'NUMBER') expect(field.dataType).toBe('NUMBER');
    }
  });
});
