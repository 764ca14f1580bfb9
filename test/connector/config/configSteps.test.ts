import type { CatalogResponse, TableSchemaResponse } from '../../../protocol/contract';
import { buildConfigStep, type ConfigLookups, type ConfigStep } from '../../../connector/src/config/configSteps';
import { NO_DATE_COLUMN } from '../../../connector/src/config/connectorConfig';
import { ConnectorError } from '../../../connector/src/errors';
import { renderConfig } from '../../../connector/src/config/configRender';
import type { LookerConnector } from '../../../connector/src/ports';
import { createDataStudioApp } from '../../../tools/appsScript/dataStudioApp';

const catalog: CatalogResponse = {
  databases: [
    { name: 'lake', tables: ['food_pickup_1_0_0', 'thermostat_1_0_0', 'bad name'] },
    { name: 'archive', tables: ['old_events'] },
  ],
};

function schema(table: string): TableSchemaResponse {
  const dated = table !== 'thermostat_1_0_0';
  return {
    database: 'lake',
    table,
    columns: [],
    partitionKeys: dated ? ['dt'] : [],
    dateColumns: dated ? ['created_at', 'dt'] : [],
    ...(dated ? { defaultDateColumn: 'dt' } : {}),
    aggregate: true,
    fields: [],
    excluded: [],
  };
}

function lookups(): ConfigLookups & { schemaCalls: string[] } {
  const schemaCalls: string[] = [];
  return {
    schemaCalls,
    catalog: () => catalog,
    tableSchema: (database, table) => {
      schemaCalls.push(`${database}.${table}`);
      return schema(table);
    },
  };
}

const ids = (step: ConfigStep) => step.entries.map((e) => e.id);
const FULL = {
  database: 'lake',
  table: 'food_pickup_1_0_0',
  dateColumn: 'dt',
  timeZone: 'Europe/Berlin',
  rowLimit: '5000',
};

describe('buildConfigStep', () => {
  it('asks only for the database on the first call (configParams undefined) without reading any table', () => {
    const look = lookups();
    const step = buildConfigStep(undefined, look);
    expect(ids(step)).toEqual(['database']);
    expect(step.isSteppedConfig).toBe(true);
    expect(step.dateRangeRequired).toBeUndefined();
    expect(step.entries[0]).toMatchObject({ kind: 'select', options: [{ value: 'lake' }, { value: 'archive' }] });
    expect(look.schemaCalls).toEqual([]);
  });

  it('walks database → table → date column → final step, each step repeating the earlier entries unchanged', () => {
    const answers = [{}, { database: 'lake' }, { database: 'lake', table: 'food_pickup_1_0_0' }, FULL];
    const steps = answers.map((params) => buildConfigStep(params, lookups()));
    expect(steps.map(ids)).toEqual([
      ['database'],
      ['database', 'table'],
      ['database', 'table', 'dateColumn'],
      ['database', 'table', 'dateColumn', 'timeZone', 'rowLimit', 'rawRows', 'cacheMinutes'],
    ]);
    for (let i = 1; i < steps.length; i += 1) {
      expect(steps[i].entries.slice(0, steps[i - 1].entries.length)).toEqual(steps[i - 1].entries);
    }
    expect(steps.map((s) => s.isSteppedConfig)).toEqual([true, true, true, false]);
  });

  it('is idempotent: the same answers give the same config', () => {
    expect(buildConfigStep(FULL, lookups())).toEqual(buildConfigStep({ ...FULL }, lookups()));
  });

  it('offers only valid option values (no spaces or commas) and the tables of the chosen database', () => {
    const step = buildConfigStep({ database: 'lake' }, lookups());
    const table = step.entries[1];
    expect(table.kind === 'select' && table.options.map((o) => o.value)).toEqual([
      'food_pickup_1_0_0',
      'thermostat_1_0_0',
    ]);
  });

  it('puts the suggested date column first and "none" last, and requires a date range only when a column is chosen', () => {
    const step = buildConfigStep({ database: 'lake', table: 'food_pickup_1_0_0' }, lookups());
    const date = step.entries[2];
    expect(date.kind === 'select' && date.options.map((o) => o.value)).toEqual(['dt', 'created_at', NO_DATE_COLUMN]);
    expect(buildConfigStep(FULL, lookups()).dateRangeRequired).toBe(true);
    expect(buildConfigStep({ ...FULL, dateColumn: NO_DATE_COLUMN }, lookups()).dateRangeRequired).toBe(false);
  });

  it('offers only "none" for a table without date columns', () => {
    const step = buildConfigStep({ database: 'lake', table: 'thermostat_1_0_0' }, lookups());
    const date = step.entries[2];
    expect(date.kind === 'select' && date.options.map((o) => o.value)).toEqual([NO_DATE_COLUMN]);
  });

  it.each([
    ['an unknown database', { database: 'nope' }],
    ['a table of another database', { database: 'archive', table: 'food_pickup_1_0_0' }],
    ['a column that is not a date column', { database: 'lake', table: 'food_pickup_1_0_0', dateColumn: 'city' }],
    ['an invalid time zone', { ...FULL, timeZone: 'Mars/Olympus Mons' }],
    ['a row limit above 1,000,000', { ...FULL, rowLimit: '1000001' }],
    ['a row limit that is not a number', { ...FULL, rowLimit: '10k' }],
  ])('rejects %s with a user error', (_, params) => {
    expect(() => buildConfigStep(params, lookups())).toThrow(ConnectorError);
  });

  it('fails with a user error when the proxy exposes nothing', () => {
    expect(() =>
      buildConfigStep(undefined, { catalog: () => ({ databases: [] }), tableSchema: () => schema('x') }),
    ).toThrow(/exposes no databases/);
  });
});

describe('renderConfig', () => {
  const looker = createDataStudioApp().createCommunityConnector() as unknown as LookerConnector;

  it('renders the first step as the builder JSON, with unset keys omitted', () => {
    expect(renderConfig(looker, buildConfigStep(undefined, lookups()))).toEqual({
      configParams: [
        {
          type: 'SELECT_SINGLE',
          name: 'database',
          displayName: 'Database',
          helpText: 'The databases the query proxy exposes.',
          isDynamic: true,
          options: [
            { label: 'lake', value: 'lake' },
            { label: 'archive', value: 'archive' },
          ],
        },
      ],
      isSteppedConfig: true,
    });
  });

  it('makes dynamic entries non-overridable and lets only time zone, row limit and cache lifetime be overridden', () => {
    const json = renderConfig(looker, buildConfigStep(FULL, lookups())) as {
      configParams: { name: string; isDynamic?: boolean; parameterControl?: { allowOverride: boolean } }[];
      dateRangeRequired: boolean;
    };
    const overridable = json.configParams.filter((p) => p.parameterControl?.allowOverride).map((p) => p.name);
    expect(overridable).toEqual(['timeZone', 'rowLimit', 'cacheMinutes']);
    expect(json.configParams.filter((p) => p.isDynamic && p.parameterControl?.allowOverride)).toEqual([]);
    expect(json.dateRangeRequired).toBe(true);
  });
});
