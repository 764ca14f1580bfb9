/**
 * Injection fuzzing of the compiler (docs/reference-athena.md#threat-notes, T1): hostile values never change the
 * structure of the SQL, hostile identifiers are refused by name before any SQL exists. Sizes: env FUZZ_RUNS (default a
 * few hundred cases here; `npm run fuzz --` runs ≥ 100,000).
 */
import fc from 'fast-check';
import { loadServiceSettings } from '../../proxy/src/config';
import { createQueryService } from '../../proxy/src/service/createQueryService';
import { HOSTILE_STRINGS, UNSAFE_STRINGS } from '../../tools/fuzz/corpus';
import { compileBody, type CompileOutcome } from '../../tools/fuzz/fuzzCompile';
import { identifierCaseArb } from '../../tools/fuzz/identifierCases';
import { checkIdentifierCase, checkValueCase, fuzzRuns } from '../../tools/fuzz/injectionChecks';
import { createRecordingEngine } from '../../tools/fuzz/recordingEngine';
import { valueCaseArb } from '../../tools/fuzz/specCases';
import { analyzeSql, toParserDialect } from '../../tools/fuzz/sqlShape';

const filterOn = (
  table: string,
  fieldName: string,
  operator: string,
  values: string[],
  extra: Record<string, unknown> = {},
) =>
  compileBody({
    database: 'lake',
    table,
    fields: [{ name: 'record_count' }],
    aggregate: true,
    ...extra,
    dimensionsFilters: [[{ fieldName, operator, type: 'INCLUDE', values }]],
  });

function compiled(outcome: CompileOutcome) {
  if (!outcome.ok) throw new Error(`refused: ${outcome.error.message}`);
  return outcome.compiled;
}

describe('hostile values in literal slots', () => {
  const reference = compiled(filterOn('events', 'name', 'EQUALS', ['ab']));

  it.each(HOSTILE_STRINGS.map((s) => [s]))('text value %j is one whole literal in an unchanged structure', (value) => {
    const { sql, filtersApplied } = compiled(filterOn('events', 'name', 'EQUALS', [value]));
    expect(filtersApplied).toBe(true);
    const analysis = analyzeSql(sql);
    expect(analysis.shape).toBe(analyzeSql(reference.sql).shape);
    expect(analysis.textLiterals).toContain(toParserDialect(value));
    expect(analysis.tables).toEqual(['select::lake::events']);
  });

  it.each([['1 OR 1=1'], ['1e309'], ['NaN'], ['Infinity'], ['0x10'], ["1' OR '1'='1"], ['1; DROP TABLE x']])(
    'number value %j is not a number: no literal, the filter is left to Looker Studio',
    (value) => {
      const { sql, filtersApplied } = compiled(filterOn('hourly', 'hour', 'EQUALS', [value]));
      expect(filtersApplied).toBe(false);
      expect(sql).not.toContain('WHERE');
    },
  );

  it('a number in exponent form becomes a plain decimal literal', () => {
    expect(compiled(filterOn('hourly', 'hour', 'NUMERIC_GREATER_THAN', ['1e3'])).sql).toContain('"hour" > 1000');
  });

  it.each([["2024-01-01' OR '1'='1"], ['2024-01-01 --'], ['2024-02-30'], ['2024-01-01\n']])(
    'date range bound %j is a 400',
    (startDate) => {
      const outcome = compileBody({
        database: 'lake',
        table: 'events',
        fields: [{ name: 'name' }],
        dateColumn: 'dt',
        dateRange: { startDate, endDate: '2024-03-01' },
      });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error.code).toBe('INVALID_REQUEST');
        expect(outcome.error.message).toContain('startDate');
      }
    },
  );

  it.each(UNSAFE_STRINGS.map((s) => [s]))(
    'filter value %j (NUL or lone surrogate) is a clear 400 naming the field',
    (value) => {
      const outcome = filterOn('events', 'name', 'EQUALS', [value]);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error.status).toBe(400);
        expect(outcome.error.message).toContain('"name"');
      }
    },
  );

  it.each([["UTC'"], ["UTC') OR ('1'='1"], ['Europe/Paris; --'], ['../../etc/passwd']])(
    'time zone %j is a 400 naming it',
    (timeZone) => {
      const outcome = compileBody({ database: 'lake', table: 'events', fields: [{ name: 'happened' }], timeZone });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toContain(timeZone);
    },
  );
});

describe('properties', () => {
  it('hostile values (filters, dates, time zones) never change the SQL structure and never name another table', () => {
    fc.assert(
      fc.property(valueCaseArb, (c) => void checkValueCase(c)),
      { numRuns: fuzzRuns(300, 0.6) },
    );
  });

  it('hostile identifiers are refused with the right error before anything reaches the engine', async () => {
    const engine = createRecordingEngine();
    const service = createQueryService(engine, loadServiceSettings({}), () => undefined);
    await fc.assert(
      fc.asyncProperty(identifierCaseArb, (c) => checkIdentifierCase(c, service, engine)),
      { numRuns: fuzzRuns(200, 0.3) },
    );
    expect(engine.started).toEqual([]);
  });
});
