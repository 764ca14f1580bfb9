import type { FilterClause, QuerySpec } from '../../../protocol/contract';
import { parseConnectorConfig } from '../../../connector/src/config/connectorConfig';
import { expectedFieldNames, toGetDataResponse } from '../../../connector/src/data/dataResponse';
import { ConnectorError } from '../../../connector/src/errors';
import type { GetDataRequest } from '../../../connector/src/lookerTypes';
import { buildQuerySpec } from '../../../connector/src/data/querySpec';

const config = parseConnectorConfig({
  database: 'lake',
  table: 'orders',
  dateColumn: 'dt',
  timeZone: 'Europe/Berlin',
  rowLimit: '500',
});

describe('buildQuerySpec', () => {
  it('carries fields in request order, marks only filter-only fields, and adds the date range with its column', () => {
    const request: GetDataRequest = {
      configParams: {},
      fields: [{ name: 'city' }, { name: 'orders', forFilterOnly: false }, { name: 'status', forFilterOnly: true }],
      dateRange: { startDate: '2024-01-01', endDate: '2024-01-31' },
    };
    expect(buildQuerySpec(request, config)).toEqual({
      database: 'lake',
      table: 'orders',
      fields: [{ name: 'city' }, { name: 'orders' }, { name: 'status', forFilterOnly: true }],
      dateRange: { startDate: '2024-01-01', endDate: '2024-01-31' },
      dateColumn: 'dt',
      timeZone: 'Europe/Berlin',
      limit: 500,
    });
  });

  it('drops the date range when the data source has no date column', () => {
    const spec = buildQuerySpec(
      { fields: [{ name: 'a' }], dateRange: { startDate: '2024-01-01', endDate: '2024-01-02' } },
      parseConnectorConfig({ database: 'd', table: 't', rawRows: 'true' }),
    );
    expect(spec.dateRange).toBeUndefined();
    expect(spec.dateColumn).toBeUndefined();
    expect(spec.aggregate).toBe(false);
  });

  it('sends the cache lifetime in seconds only when it differs from the default', () => {
    const lifetime = (cacheMinutes: string) =>
      buildQuerySpec({ fields: [{ name: 'a' }] }, parseConnectorConfig({ database: 'd', table: 't', cacheMinutes }))
        .maxCacheAgeSeconds;
    expect(lifetime('5')).toBeUndefined();
    expect(lifetime('0')).toBe(0);
    expect(lifetime('60')).toBe(3600);
  });

  it('copies only the known keys of filter clauses and drops empty OR groups', () => {
    const clause = {
      fieldName: 'city',
      values: ['Oslo'],
      type: 'EXCLUDE',
      operator: 'IN_LIST',
      extra: 1,
    } as FilterClause;
    const spec = buildQuerySpec({ fields: [{ name: 'city' }], dimensionsFilters: [[clause], []] }, config);
    expect(spec.dimensionsFilters).toEqual([
      [{ fieldName: 'city', values: ['Oslo'], type: 'EXCLUDE', operator: 'IN_LIST' }],
    ]);
  });

  it('passes sampleExtraction as sample and lastRefresh as an ISO date-time, ignoring what does not parse', () => {
    const base = { fields: [{ name: 'a' }] };
    expect(
      buildQuerySpec({ ...base, scriptParams: { sampleExtraction: true, lastRefresh: '1705320000000' } }, config),
    ).toMatchObject({
      sample: true,
      lastRefresh: '2024-01-15T12:00:00.000Z',
    });
    const spec = buildQuerySpec(
      { ...base, scriptParams: { sampleExtraction: false, lastRefresh: 'yesterday' } },
      config,
    );
    expect(spec.sample).toBeUndefined();
    expect(spec.lastRefresh).toBeUndefined();
  });
});

describe('toGetDataResponse', () => {
  const spec: QuerySpec = {
    database: 'd',
    table: 't',
    fields: [{ name: 'city' }, { name: 'status', forFilterOnly: true }, { name: 'orders' }],
  };
  const outcome = (filtersApplied: boolean, names: string[], rows: unknown[][]) => ({
    queryId: 'q-9',
    schema: names.map((name) => ({ name, dataType: name === 'orders' ? ('NUMBER' as const) : ('STRING' as const) })),
    rows: rows as (string | number)[][],
    filtersApplied,
  });

  it('omits filter-only fields when filters were applied, keeps them otherwise', () => {
    expect(expectedFieldNames(spec, true)).toEqual(['city', 'orders']);
    expect(expectedFieldNames(spec, false)).toEqual(['city', 'status', 'orders']);
  });

  it('wraps rows as {values} under the schema, in request order', () => {
    expect(
      toGetDataResponse(
        spec,
        outcome(
          true,
          ['city', 'orders'],
          [
            ['Oslo', 3],
            [null, 0],
          ],
        ),
      ),
    ).toEqual({
      schema: [
        { name: 'city', dataType: 'STRING' },
        { name: 'orders', dataType: 'NUMBER' },
      ],
      rows: [{ values: ['Oslo', 3] }, { values: [null, 0] }],
      filtersApplied: true,
    });
  });

  it.each([
    ['fields in another order', ['orders', 'city'], [['x', 1]]],
    ['a filter-only field although filters were applied', ['city', 'status', 'orders'], [['x', 'y', 1]]],
    ['a row with too few values', ['city', 'orders'], [['x']]],
  ])('fails loudly on %s', (_, names, rows) => {
    expect(() => toGetDataResponse(spec, outcome(true, names, rows))).toThrow(ConnectorError);
  });
});
