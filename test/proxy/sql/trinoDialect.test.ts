/**
 * Every statement the compiler produces must be one Athena (Trino) accepts: seeded random specs — every filter
 * operator, hostile and benign values, time zones, date ranges, aggregated and raw — are compiled and each
 * statement goes through the Trino checks of testing/trinoCheck (docs/athena.md#trino-checks). Statements that
 * reach the Athena double are checked there too; this suite covers the compiler on its own, visibly.
 */
import fc from 'fast-check';
import { trinoProblems } from '../../../testing/trinoCheck/trinoCheck';
import { compileBody } from '../../../tools/fuzz/fuzzCompile';
import { fuzzRuns } from '../../../tools/fuzz/injectionChecks';
import { benignSpec, hostileSpec, unfilteredSpec, valueCaseArb } from '../../../tools/fuzz/specCases';

const SEED = 20261206;

/** Compiles `body`; a refused spec has no statement to check, an accepted one must pass every Trino rule. */
function problemsOf(body: Record<string, unknown>): string[] {
  const outcome = compileBody(body);
  return outcome.ok ? trinoProblems(outcome.compiled.sql) : [];
}

describe('compiled statements pass the Trino checks', () => {
  let compiled = 0;

  it('for seeded random specs of every shape (hostile, benign and unfiltered values)', () => {
    fc.assert(
      fc.property(valueCaseArb, (c) => {
        for (const body of [hostileSpec(c), benignSpec(c, c.skeleton.zone), unfilteredSpec(c, c.skeleton.zone)]) {
          if (compileBody(body).ok) compiled += 1;
          expect(problemsOf(body)).toEqual([]);
        }
      }),
      { seed: SEED, numRuns: fuzzRuns(700, 0.2) },
    );
    // The property is only meaningful when most specs compile: a generator that produced refusals only would pass.
    expect(compiled).toBeGreaterThan(fuzzRuns(700, 0.2));
  });

  it('and the checks refuse what Trino refuses (the suite can fail)', () => {
    expect(trinoProblems('SELECT 9223372036854775808')).not.toEqual([]);
    expect(trinoProblems("SELECT date_format(TIMESTAMP '2024-01-01 00:00:00', '%D')")).not.toEqual([]);
  });
});
