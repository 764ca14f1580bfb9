/**
 * deriveTableSchema on the sample events table: dimension types, numeric metrics and their hidden partials, the
 * Record Count, date columns and defaults, in aggregate and raw-rows mode; every field compiles with its own data
 * type. Field ids and labels, excluded columns and default choices: tableSchemaColumns.test.ts.
 */
import { compileQuery } from '../../../proxy/src/sql/compileQuery';
import { deriveTableSchema } from '../../../proxy/src/fields/tableSchema';
import { EVENTS, OPTIONS, spec } from '../../support/tableFixtures';
import { fieldsById } from './schemaFields';

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

  it('turns each numeric data column into SUM, MIN, MAX, COUNT and AVG formulas over hidden partials', () => {
    // Visible metrics are formula fields over hidden partials: the formula fixes their aggregation, and Looker
    // Studio ignores isReaggregatable on formula fields, so they carry none.
    expect(fields.amount).toMatchObject({
      formula: 'SUM($amount__sum)',
      defaultAggregationType: 'AUTO',
      semantics: { conceptType: 'METRIC' },
    });
    expect(fields.amount.semantics.isReaggregatable).toBeUndefined();
    expect(fields.amount_min.formula).toBe('MIN($amount__min)');
    expect(fields.amount_max.formula).toBe('MAX($amount__max)');
    for (const [id, aggregation] of [
      ['amount__sum', 'SUM'],
      ['amount__min', 'MIN'],
      ['amount__max', 'MAX'],
      ['amount__count', 'SUM'],
    ]) {
      expect(fields[id]).toMatchObject({
        isHidden: true,
        defaultAggregationType: aggregation,
        semantics: { isReaggregatable: true },
      });
    }
    // x_count stays a visible, chartable id: a formula over its hidden partial.
    expect(fields.amount_count).toMatchObject({ formula: 'SUM($amount__count)', label: 'Amount (Count)' });
    expect(fields.amount_count.isHidden).toBeUndefined();
    expect(fields.amount_avg).toMatchObject({
      formula: 'SUM($amount__sum) / SUM($amount__count)',
      defaultAggregationType: 'AUTO',
    });
    expect(fields.amount_avg.isHidden).toBeUndefined();
    for (const id of ['quantity', 'quantity_avg', 'quantity_count', 'price_min', 'price_max']) {
      expect(fields[id].semantics).toEqual({ conceptType: 'METRIC', semanticType: 'NUMBER', semanticGroup: 'NUMERIC' });
    }
    expect(fields.quantity_avg.formula).toBe('SUM($quantity__sum) / SUM($quantity__count)');
  });

  it('adds the Record Count metric, a formula summing the hidden per-group counts', () => {
    expect(fields.record_count).toMatchObject({
      label: 'Record Count',
      dataType: 'NUMBER',
      formula: 'SUM($record_count__rows)',
      defaultAggregationType: 'AUTO',
      isDefault: true,
      semantics: { conceptType: 'METRIC' },
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
