/**
 * `npm run bench [-- options]`: the dashboard benchmark (see bench/runBench.ts and docs/performance.md). Prints a
 * table and PASS/MISS per target, and writes the results as JSON.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatIngestReport, runIngestBench } from './ingest';
import { formatReport } from './report';
import { runBench, type BenchOptions } from './runBench';

/** The proxy's V8 heap limit under `npm start` (package.json sets NODE_OPTIONS=--max-old-space-size=256). */
const LOCAL_PROXY_HEAP_MB = 256;

const USAGE = `Usage: npm run bench -- [options]

Loads a scripted 8-chart dashboard through the built connector bundle (Apps Script harness) → HTTP → local proxy
(child process) → DuckDB: cold (fresh proxy each time), warm, and with aggregation pushdown off; then 10 identical
concurrent requests, each chart three ways (DuckDB direct, engine, full path on refresh), each chart's first and
stored answer with day tiles on, and a large raw response. Prints per-chart rows, bytes, engine executions and
latency, and PASS/MISS against the targets. The lake is generated once (deterministic) and cached.

  --smoke           small and quick: a 20,000-row lake in a temp folder, 1 cold, 3 warm and 2 raw loads,
                    a 2,000-row large response (used by the test suite)
  --lake DIR        lake folder (default .lake/bench-5m; regenerated when its size does not match)
  --rows N          rows in the lake (default 5000000)
  --cold N          cold loads, each on a fresh proxy process (default 5)
  --warm N          warm loads (default 20)
  --raw N           loads with pushdown off, the first one cold (default 3)
  --large-rows N    rows of the large raw response (default 100000)
  --proxy-heap-mb N V8 heap limit of the proxy processes (--max-old-space-size; default 256, as npm start)
  --out FILE        results file (default .local/bench-results.json, git-ignored)
  --write           write the committed bench/results.json instead (a deliberate new baseline)
  --help            show this text

MISS marks a timing goal this machine did not reach; it is a figure to look at, never a failure (exit code 0).
`;

/** The baseline in docs/performance.md; only `--write` replaces it. */
export const COMMITTED_RESULTS = path.join(__dirname, 'results.json');

const VALUE_FLAGS = ['--lake', '--rows', '--cold', '--warm', '--raw', '--large-rows', '--proxy-heap-mb', '--out'];

export interface CliOptions extends BenchOptions {
  out: string;
}

/** The options before flags: the full run, or everything small with --smoke. */
function defaultBenchOptions(smoke: boolean): CliOptions {
  return {
    lake: {
      dir: smoke ? smokeLakeDir() : '.lake/bench-5m',
      rows: smoke ? 20_000 : 5_000_000,
      days: 120,
      endDate: '2026-10-31',
    },
    coldLoads: smoke ? 1 : 5,
    warmLoads: smoke ? 3 : 20,
    rawLoads: smoke ? 2 : 3,
    largeRows: smoke ? 2_000 : 100_000,
    smoke,
    proxyHeapMb: LOCAL_PROXY_HEAP_MB,
    out: path.join(__dirname, '..', '.local', 'bench-results.json'),
  };
}

/** Parses the command line; 'help' when help was asked for. */
export function parseBenchArgs(argv: readonly string[]): CliOptions | 'help' {
  const options = defaultBenchOptions(argv.includes('--smoke'));
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--smoke') continue;
    if (flag === '--write') {
      options.out = COMMITTED_RESULTS;
      continue;
    }
    if (!VALUE_FLAGS.includes(flag)) throw new Error(`Unknown option ${flag} (see --help)`);
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value (see --help)`);
    const count = (min: number): number => {
      if (!/^\d+$/.test(value) || Number(value) < min)
        throw new Error(`${flag} must be a whole number ≥ ${min}, got "${value}"`);
      return Number(value);
    };
    if (flag === '--lake') options.lake.dir = value;
    else if (flag === '--rows') options.lake.rows = count(1);
    else if (flag === '--cold') options.coldLoads = count(1);
    else if (flag === '--warm') options.warmLoads = count(0);
    else if (flag === '--raw') options.rawLoads = count(1);
    else if (flag === '--large-rows') options.largeRows = count(1);
    else if (flag === '--proxy-heap-mb') options.proxyHeapMb = count(16);
    else options.out = value;
  }
  return options;
}

/** The smoke run's own lake folder, deleted after the run. */
export function smokeLakeDir(): string {
  return path.join(os.tmpdir(), `bench-smoke-lake-${process.pid}`);
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  try {
    const results = await runBench(options, (line) => process.stderr.write(`${line}\n`));
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(formatReport(results));
    console.log(`\nResults written to ${path.relative(process.cwd(), options.out)}`);
    console.log(`\n${formatIngestReport(await runIngestBench(options.smoke ? 2_000 : 20_000))}`);
  } finally {
    if (options.lake.dir === smokeLakeDir()) fs.rmSync(options.lake.dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exitCode = 1;
  });
}
