import { parseQuerySpec } from '../../../proxy/src/service/parseQuerySpec';
import { InvalidRequestError } from '../../../proxy/src/errors';

const minimal = { database: 'lake', table: 't', fields: [{ name: 'a' }] };

describe('parseQuerySpec', () => {
  it('accepts a minimal spec and drops nothing that was sent', () => {
    expect(parseQuerySpec(minimal)).toEqual(minimal);
  });

  it('keeps every optional property with its value', () => {
    const full = {
      ...minimal,
      fields: [{ name: 'a' }, { name: 'b', forFilterOnly: true }],
      dateRange: { startDate: '2024-01-01', endDate: '2024-01-31' },
      dateColumn: 'dt',
      timeZone: 'Europe/Berlin',
      dimensionsFilters: [[{ fieldName: 'b', values: ['x'], type: 'EXCLUDE', operator: 'EQUALS' }]],
      limit: 10,
      aggregate: false,
      sample: true,
      lastRefresh: '2024-02-01T10:00:00Z',
    };
    expect(parseQuerySpec(full)).toEqual(full);
  });

  it('accepts exactly the total literal budget', () => {
    const groups = Array.from({ length: 5 }, () => [
      { fieldName: 'a', values: Array(1000).fill('x'), operator: 'IN_LIST' },
    ]);
    expect(parseQuerySpec({ ...minimal, dimensionsFilters: groups }).dimensionsFilters?.flat()).toHaveLength(5);
  });

  it('defaults a filter clause without type to INCLUDE', () => {
    const spec = parseQuerySpec({
      ...minimal,
      dimensionsFilters: [[{ fieldName: 'a', values: [], operator: 'IS_NULL' }]],
    });
    expect(spec.dimensionsFilters?.[0][0].type).toBe('INCLUDE');
  });

  it.each([
    ['not an object', [1, 2], 'body must be a JSON object'],
    ['unknown property', { ...minimal, sql: 'SELECT 1' }, 'sql is not a known query property'],
    ['missing table', { database: 'lake', fields: [{ name: 'a' }] }, 'table must be a string'],
    ['empty fields', { ...minimal, fields: [] }, 'fields must name at least one field'],
    ['field as string', { ...minimal, fields: ['a'] }, 'fields[0] must be an object'],
    [
      'wrong forFilterOnly type',
      { ...minimal, fields: [{ name: 'a', forFilterOnly: 'yes' }] },
      'fields[0].forFilterOnly must be true or false',
    ],
    [
      'bad date format',
      { ...minimal, dateRange: { startDate: '2024/01/01', endDate: '2024-01-02' } },
      'dateRange.startDate has an invalid format',
    ],
    [
      'unknown operator',
      { ...minimal, dimensionsFilters: [[{ fieldName: 'a', values: [], operator: 'LIKE' }]] },
      'dimensionsFilters[0][0].operator must be one of',
    ],
    [
      'bad filter type',
      { ...minimal, dimensionsFilters: [[{ fieldName: 'a', values: [], type: 'MAYBE', operator: 'IS_NULL' }]] },
      'must be INCLUDE or EXCLUDE',
    ],
    [
      'non-string value',
      { ...minimal, dimensionsFilters: [[{ fieldName: 'a', values: [1], operator: 'EQUALS' }]] },
      'dimensionsFilters[0][0].values[0] must be a string',
    ],
    [
      'filters not nested',
      { ...minimal, dimensionsFilters: [{ fieldName: 'a' }] },
      'dimensionsFilters[0] must be an array',
    ],
    [
      'too many IN values',
      { ...minimal, dimensionsFilters: [[{ fieldName: 'a', values: Array(1001).fill('x'), operator: 'IN_LIST' }]] },
      'has more than 1000 items',
    ],
    [
      'too many literals in total',
      {
        ...minimal,
        dimensionsFilters: Array.from({ length: 6 }, () => [
          { fieldName: 'a', values: Array(1000).fill('x'), operator: 'IN_LIST' },
        ]),
      },
      'more than 5000 filter values in total (too many literals)',
    ],
    ['negative limit', { ...minimal, limit: -1 }, 'limit must be a positive integer'],
    ['fractional limit', { ...minimal, limit: 1.5 }, 'limit must be a positive integer'],
    ['bad lastRefresh', { ...minimal, lastRefresh: 'yesterday' }, 'lastRefresh is not a date-time'],
    ['string aggregate', { ...minimal, aggregate: 'false' }, 'aggregate must be true or false'],
  ])('rejects %s with a message naming the problem', (_, body, message) => {
    expect(() => parseQuerySpec(body)).toThrow(InvalidRequestError);
    expect(() => parseQuerySpec(body)).toThrow(message);
  });
});
