/**
 * `npm run fuzz -- [--runs N] [--seed S] [--duckdb-every K]`: the full-size injection fuzz (the jest suite in
 * test/security runs a few hundred cases of the same properties). Checks N hostile-value specs (SQL structure and
 * references via node-sql-parser; every compiled statement through the Trino checks of testing/trinoCheck, counted),
 * N/5 hostile-identifier specs through the real QueryService, and runs every K-th
 * compiled query of the DuckDB lake tables on the DuckDB engine. Prints a summary; exits 1 on any failure.
 */
import fc from 'fast-check';
import { loadServiceSettings } from '../../proxy/src/config';
import { createQueryService } from '../../proxy/src/service';
import { checkExecution, openFuzzLake } from './fuzzEngine';
import { LAKE_TABLES } from './fuzzTables';
import { identifierCaseArb } from './identifierCases';
import { checkIdentifierCase, checkValueCase } from './injectionChecks';
import { createRecordingEngine } from './recordingEngine';
import { valueCaseArb } from './specCases';
import { assertTrinoValid } from '../../testing/trinoCheck';

const HELP = `Usage: npm run fuzz -- [--runs N] [--seed S] [--duckdb-every K]

  --runs N          hostile-value cases (default 100000); hostile-identifier cases are N/5 more
  --seed S          first fast-check seed (default: from the clock, printed so a run can be repeated)
  --duckdb-every K  execute every K-th compiled lake query on DuckDB (default 25; 0 = never)
`;

interface FuzzArgs {
  runs: number;
  seed: number;
  duckdbEvery: number;
}

function parseArgs(argv: string[]): FuzzArgs | 'help' {
  const args: FuzzArgs = { runs: 100_000, seed: Date.now() % 1_000_000, duckdbEvery: 25 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    const value = Number(argv[++i]);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${flag} needs a whole number (see --help)`);
    if (flag === '--runs') args.runs = value;
    else if (flag === '--seed') args.seed = value;
    else if (flag === '--duckdb-every') args.duckdbEvery = value;
    else throw new Error(`Unknown option ${flag} (see --help)`);
  }
  return args;
}

/** Counts and the first few failures of one run. */
class Tally {
  readonly counts: Record<string, number> = {};
  readonly failures: string[] = [];

  count(name: string): void {
    this.counts[name] = (this.counts[name] ?? 0) + 1;
  }

  fail(kind: string, error: unknown): void {
    this.count(`failures (${kind})`);
    if (this.failures.length < 5)
      this.failures.push(`[${kind}] ${(error as Error).message ?? String(error)}`.slice(0, 2000));
  }
}

const BATCH = 1000;

/** Generates `total` cases in batches (one seed each) and hands them to `check`. */
async function forEachCase<T>(
  arb: fc.Arbitrary<T>,
  total: number,
  seed: number,
  check: (c: T) => Promise<void>,
): Promise<void> {
  for (let done = 0, batch = 0; done < total; done += BATCH, batch++) {
    for (const c of fc.sample(arb, { numRuns: Math.min(BATCH, total - done), seed: seed + batch })) await check(c);
    if ((done + BATCH) % 10_000 === 0) process.stdout.write(`  … ${done + BATCH} cases\n`);
  }
}

async function runFuzz(args: FuzzArgs, tally: Tally): Promise<void> {
  const lake = args.duckdbEvery > 0 ? await openFuzzLake() : undefined;
  let lakeCompiled = 0;
  try {
    await forEachCase(valueCaseArb, args.runs, args.seed, async (c) => {
      tally.count('value cases');
      let outcome;
      try {
        outcome = checkValueCase(c);
      } catch (error) {
        return tally.fail('structure', error);
      }
      if (!outcome.ok) return tally.count('refused with a 400');
      tally.count(
        outcome.compiled.filtersApplied && c.skeleton.groups.length > 0
          ? 'compiled, filters applied'
          : 'compiled, no filter pushed down',
      );
      try {
        assertTrinoValid(outcome.compiled.sql);
        tally.count('passed the Trino checks');
      } catch (error) {
        tally.fail('trino', error);
      }
      if (!lake || !LAKE_TABLES.includes(c.skeleton.table) || ++lakeCompiled % args.duckdbEvery !== 0) return;
      tally.count('executed on DuckDB');
      await checkExecution(lake, outcome.compiled.sql, c.skeleton.table.table).catch((error) =>
        tally.fail('duckdb', error),
      );
    });
  } finally {
    await lake?.close();
  }
  const engine = createRecordingEngine();
  const service = createQueryService(engine, loadServiceSettings({}), () => undefined);
  await forEachCase(identifierCaseArb, Math.ceil(args.runs / 5), args.seed + 7919, async (c) => {
    tally.count('identifier cases');
    await checkIdentifierCase(c, service, engine).catch((error) => tally.fail('identifier', error));
  });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  console.log(
    `Injection fuzz: ${args.runs} value cases + ${Math.ceil(args.runs / 5)} identifier cases, seed ${args.seed}, DuckDB every ${args.duckdbEvery}`,
  );
  const tally = new Tally();
  const started = process.hrtime.bigint();
  await runFuzz(args, tally);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cases = (tally.counts['value cases'] ?? 0) + (tally.counts['identifier cases'] ?? 0);
  console.log(
    `\n${cases} cases in ${seconds.toFixed(1)} s (${((seconds * 1e6) / Math.max(1, cases)).toFixed(0)} µs/case)`,
  );
  for (const [name, count] of Object.entries(tally.counts)) console.log(`  ${name.padEnd(34)} ${count}`);
  for (const failure of tally.failures) console.log(`\n${failure}`);
  const failed = tally.failures.length > 0;
  console.log(failed ? '\nFAILED' : '\nno failures');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`fuzz failed to run: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(2);
  },
);
