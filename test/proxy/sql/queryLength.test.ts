/** Compiled SQL is capped at Athena's query-text limit, with a 400 that names the filter (docs/athena.md#query-length). */
import { compileQuery } from '../../../proxy/src/sql/compileQuery';
import { InvalidRequestError } from '../../../proxy/src/errors';
import { clause, EVENTS, OPTIONS, spec } from '../../support/tableFixtures';

describe('query length', () => {
  it("refuses SQL over Athena's 262,144-byte limit with a 400 that names the filter (docs/athena.md#query-length)", () => {
    const emails = (n: number) => Array.from({ length: 1000 }, (_, i) => `user${n}.${i}@example-company.com`);
    const filters = [
      [clause('event_id', 'IN_LIST', ['a'])],
      ...Array.from({ length: 10 }, (_, n) => [clause('country', 'IN_LIST', emails(n))]),
    ];
    filters[7] = [
      clause('dt', 'IN_LIST', ['20240101']),
      clause(
        'country',
        'IN_LIST',
        emails(7).map((e) => e + '.long'),
      ),
    ];
    let error: unknown;
    try {
      compileQuery(spec({ dimensionsFilters: filters }), EVENTS, OPTIONS);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    const { status, message, details } = error as InvalidRequestError;
    expect(status).toBe(400);
    expect(message).toMatch(/over Athena's limit of 262144 bytes.*filter on "dt", "country" \(1001 values/);
    expect(details).toMatchObject({ limitBytes: 262_144, filter: { index: 7, fieldNames: ['dt', 'country'] } });
    expect((details as { queryBytes: number }).queryBytes).toBeGreaterThan(262_144);
  });

  it('counts bytes, not characters: a multi-byte value reaches the limit sooner', () => {
    const within = 'é'.repeat(120_000); // 240,000 bytes: fits
    expect(
      compileQuery(spec({ dimensionsFilters: [[clause('country', 'EQUALS', [within])]] }), EVENTS, OPTIONS).sql,
    ).toContain(`"country" = '${within}'`);
    const over = 'é'.repeat(131_100); // 262,200 bytes in 131,100 characters
    expect(() =>
      compileQuery(spec({ dimensionsFilters: [[clause('country', 'EQUALS', [over])]] }), EVENTS, OPTIONS),
    ).toThrow(/262144 bytes/);
  });
});
