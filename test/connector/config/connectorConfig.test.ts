import {
  MAX_ROW_LIMIT,
  NO_DATE_COLUMN,
  parseConnectorConfig,
  parseTimeZone,
} from '../../../connector/src/config/connectorConfig';
import { ConnectorError } from '../../../connector/src/errors';

describe('parseConnectorConfig', () => {
  it('applies the defaults: no date column, UTC, 1,000,000 rows, aggregation pushdown on', () => {
    expect(parseConnectorConfig({ database: 'lake', table: 't' })).toEqual({
      database: 'lake',
      table: 't',
      timeZone: 'UTC',
      rowLimit: MAX_ROW_LIMIT,
      aggregate: true,
      cacheMinutes: 5,
    });
  });

  it('reads every answer, treating blank answers as unanswered', () => {
    const config = parseConnectorConfig({
      database: ' lake ',
      table: 't',
      dateColumn: 'dt',
      timeZone: 'America/Argentina/Buenos_Aires',
      rowLimit: '250',
      rawRows: 'true',
      cacheMinutes: '0',
    });
    expect(config).toEqual({
      database: 'lake',
      table: 't',
      dateColumn: 'dt',
      timeZone: 'America/Argentina/Buenos_Aires',
      rowLimit: 250,
      aggregate: false,
      cacheMinutes: 0,
    });
    expect(parseConnectorConfig({ database: 'lake', table: 't', timeZone: '  ', rowLimit: '' }).rowLimit).toBe(
      MAX_ROW_LIMIT,
    );
  });

  it('maps the "none" option to no date column', () => {
    expect(parseConnectorConfig({ database: 'd', table: 't', dateColumn: NO_DATE_COLUMN }).dateColumn).toBeUndefined();
  });

  it.each([
    [{ table: 't' }],
    [{ database: 'd' }],
    [undefined],
    [{ database: 'd', table: 't', rowLimit: '0' }],
    [{ database: 'd', table: 't', rowLimit: '-5' }],
    [{ database: 'd', table: 't', rowLimit: '1.5' }],
  ])('rejects an incomplete or invalid config %j', (params) => {
    expect(() => parseConnectorConfig(params)).toThrow(ConnectorError);
  });

  it.each(['UTC', 'Etc/GMT+5', 'America/Port-au-Prince', 'EST5EDT'])('accepts the zone name %s', (zone) => {
    expect(parseTimeZone(zone)).toBe(zone);
  });

  it.each(['Europe/Berlin; DROP', 'Europe/../etc', '+05:00', 'a b'])('rejects %s as a zone name', (zone) => {
    expect(() => parseTimeZone(zone)).toThrow(ConnectorError);
  });
});

describe('cache lifetime', () => {
  it('accepts 0 to 60 minutes and rejects anything else with a user error', () => {
    const parse = (cacheMinutes: string) =>
      parseConnectorConfig({ database: 'd', table: 't', cacheMinutes }).cacheMinutes;
    expect(parse('60')).toBe(60);
    expect(parse(' ')).toBe(5);
    for (const bad of ['61', '-1', '1.5', 'ten']) expect(() => parse(bad)).toThrow(ConnectorError);
  });
});
