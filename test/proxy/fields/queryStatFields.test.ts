/** Query fields compile to typed NULL placeholders that are never grouped on or filtered in SQL. */
import { compileQuery } from '../../../proxy/src/sql/compileQuery';
import { fillQueryFields } from '../../../proxy/src/fields/queryStatFields';
import { clause, EVENTS, OPTIONS, spec } from '../../support/tableFixtures';

describe('query fields in compiled SQL', () => {
  it('alone: a one-row aggregate in both modes', () => {
    for (const aggregate of [true, false]) {
      const compiled = compileQuery(
        spec({ fields: [{ name: 'query__bytes_scanned' }, { name: 'query_engine' }], aggregate }),
        EVENTS,
        OPTIONS,
      );
      expect(compiled.sql).toBe(
        'SELECT CAST(NULL AS double) AS "query__bytes_scanned", CAST(NULL AS varchar) AS "query_engine", count(*) AS "rows" FROM "lake"."events"',
      );
      expect(compiled.output.map((o) => o.format)).toEqual(['queryBytes', 'queryEngine']);
    }
  });

  it('with data fields: not grouped on', () => {
    const compiled = compileQuery(
      spec({ fields: [{ name: 'country' }, { name: 'query_from_cache' }, { name: 'record_count__rows' }] }),
      EVENTS,
      OPTIONS,
    );
    expect(compiled.sql).toContain('GROUP BY 1 ORDER BY 1');
  });

  it('a filter on one is left to Looker Studio', () => {
    const compiled = compileQuery(
      spec({ fields: [{ name: 'country' }], dimensionsFilters: [[clause('query_engine', 'EQUALS', ['athena'])]] }),
      EVENTS,
      OPTIONS,
    );
    expect(compiled.filtersApplied).toBe(false);
  });

  it('are filled from the statistics without touching the other values or the given rows', () => {
    const rows = [
      ['DE', null],
      ['FR', null],
    ];
    const columns = [
      { name: 'country', dataType: 'STRING' as const, format: 'text' as const },
      { name: 'query_from_cache', dataType: 'BOOLEAN' as const, format: 'queryCached' as const },
    ];
    const filled = fillQueryFields(rows, columns, {
      stats: { engine: 'duckdb', bytesScanned: 5, cached: true },
      readAt: Date.UTC(2024, 0, 2, 3, 4, 5),
    });
    expect(filled).toEqual([
      ['DE', true],
      ['FR', true],
    ]);
    expect(rows).toEqual([
      ['DE', null],
      ['FR', null],
    ]);
  });
});
