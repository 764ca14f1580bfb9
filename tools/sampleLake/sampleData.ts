/**
 * `npm run sample-data -- [--out DIR] [--rows N] [--days N] [--end-date YYYY-MM-DD]`: writes the deterministic
 * sample lake (see tools/sampleLake/generate.ts). Also importable: `generateSampleLake(options)`.
 */
import { generateSampleLake, type SampleLakeOptions, type SampleLakeSummary, type SampleProgress } from './generate';

export { generateSampleLake, SAMPLE_TABLES, type SampleLakeOptions, type SampleLakeSummary } from './generate';

const USAGE = `Usage: npm run sample-data -- [--out DIR] [--rows N] [--days N] [--end-date YYYY-MM-DD]

Writes a deterministic sample lake (same arguments => byte-identical files): food-pickup, food-delivery,
payment-requested and app-log as JSON lines, bookstore-purchase and thermostat-reading as Parquet, each
partitioned by dt=YYYY-MM-DD. Existing folders of these six tables in DIR are replaced.

  --out DIR             lake folder (default .lake/sample)
  --rows N              total rows over all tables (default 100000; millions are fine)
  --days N              days of data (default 120)
  --end-date YYYY-MM-DD last day (default 2026-10-31)
  --help                show this text
`;

/** Parses the command line; 'help' when help was asked for. */
export function parseSampleArgs(argv: readonly string[]): SampleLakeOptions | 'help' {
  const options: SampleLakeOptions = { out: '.lake/sample' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value (see --help)`);
    const count = (): number => {
      if (!/^\d+$/.test(value)) throw new Error(`${flag} must be a whole number, got "${value}"`);
      return Number(value);
    };
    if (flag === '--out') options.out = value;
    else if (flag === '--rows') options.rows = count();
    else if (flag === '--days') options.days = count();
    else if (flag === '--end-date') options.endDate = value;
    else throw new Error(`Unknown option ${flag} (see --help)`);
  }
  return options;
}

/** The summary as a small table for the terminal. */
function formatSummary(summary: SampleLakeSummary, seconds: number): string {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const lines = summary.tables.map(
    (t) =>
      `  ${t.folder.padEnd(26)} ${t.format.padEnd(8)} ${String(t.rows).padStart(10)} rows ${String(t.files).padStart(5)} files ${mb(t.bytes).padStart(10)}`,
  );
  return [
    `Sample lake in ${summary.out}`,
    ...lines,
    `  total: ${summary.rows} rows, ${mb(summary.bytes)}, ${seconds.toFixed(1)} s`,
  ].join('\n');
}

/** A progress line rewritten in place, only when `stream` is a terminal (pipes and logs stay clean). */
export function terminalProgress(stream: {
  isTTY?: boolean;
  write(text: string): unknown;
}): ((p: SampleProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  return (p) =>
    stream.write(
      `\r  ${p.tablesDone}/${p.tablesTotal} tables, ${p.rowsDone.toLocaleString('en-US')} of ` +
        `${p.rowsTotal.toLocaleString('en-US')} rows (${Math.round((100 * p.rowsDone) / p.rowsTotal)}%) — ${p.table} done`,
    );
}

async function main(): Promise<void> {
  const options = parseSampleArgs(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const started = process.hrtime.bigint();
  const onProgress = terminalProgress(process.stderr);
  const summary = await generateSampleLake({ ...options, ...(onProgress ? { onProgress } : {}) });
  if (onProgress) process.stderr.write('\n');
  console.log(formatSummary(summary, Number(process.hrtime.bigint() - started) / 1e9));
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exitCode = 1;
  });
}
