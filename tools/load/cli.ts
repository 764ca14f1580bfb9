/**
 * `npm run load -- [--clients N] [--seconds T] [--uncached SHARE] [--rows N] [--no-soak]`: full-size load on
 * loopback (default 50 signed clients for 30 s, half the queries built to miss the cache) against a local proxy
 * started here on a freshly generated sample lake, sized like `npm start`'s threadpool. Prints progress every few
 * seconds and then requests, errors, p50/p95/p99 latency and RSS; then runs the soak (tools/load/soakCli.ts, in its
 * own process) unless `--no-soak`. The reduced versions run in `npm test` (test/load).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import '../localProxy/threadPool';
import { startTestProxy, TEST_CREDENTIALS } from '../localProxy/testProxy';
import { rssThirds, runLoad, type LoadReport } from './loadRunner';

const HELP = `Usage: npm run load -- [--clients N] [--seconds T] [--uncached SHARE] [--rows N] [--no-soak]

  --clients N       concurrent clients (default 50)
  --seconds T       how long they send requests (default 30)
  --uncached SHARE  share of requests built to miss the result cache, 0–1 (default 0.5)
  --rows N          rows of the generated sample lake (default 100000, as npm start)
  --no-soak         skip the soak that follows the load (run it alone, with its options: npm run load:soak -- --help)
`;

interface LoadArgs {
  clients: number;
  seconds: number;
  uncached: number;
  rows: number;
  soak: boolean;
}

function parseArgs(argv: string[]): LoadArgs | 'help' {
  const args: LoadArgs = { clients: 50, seconds: 30, uncached: 0.5, rows: 100_000, soak: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--no-soak') {
      args.soak = false;
      continue;
    }
    const value = Number(argv[++i]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a non-negative number (see --help)`);
    if (flag === '--clients') args.clients = Math.max(1, Math.round(value));
    else if (flag === '--seconds') args.seconds = value;
    else if (flag === '--uncached') args.uncached = Math.min(1, value);
    else if (flag === '--rows') args.rows = Math.round(value);
    else throw new Error(`Unknown option ${flag} (see --help)`);
  }
  return args;
}

function printReport(report: LoadReport): void {
  const { first, last } = rssThirds(report.samples);
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const rss = report.samples.map((s) => s.rssMb);
  console.log(`
requests          ${report.requests} in ${(report.durationMs / 1000).toFixed(1)} s (${((report.requests * 1000) / report.durationMs).toFixed(0)}/s)
errors            ${report.errors}   outcomes ${JSON.stringify(report.outcomes)}
cache             ${report.cachedAnswers} answers from the result cache, ${report.uncachedRequests} requests built to miss it
latency           p50 ${ms(report.latencyMs.p50)}   p95 ${ms(report.latencyMs.p95)}   p99 ${ms(report.latencyMs.p99)}   max ${ms(report.latencyMs.max)}
RSS               min ${Math.min(...rss).toFixed(0)} MB   max ${Math.max(...rss).toFixed(0)} MB   first third ${first.toFixed(0)} MB   last third ${last.toFixed(0)} MB`);
  for (const example of report.errorExamples) console.log(`  error: ${example}`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  console.log(`Generating a ${args.rows}-row sample lake and starting the local proxy …`);
  const proxy = await startTestProxy({ rows: args.rows });
  try {
    console.log(
      `${args.clients} clients for ${args.seconds} s against ${proxy.url} (UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE})`,
    );
    const report = await runLoad({
      url: proxy.url,
      credentials: TEST_CREDENTIALS,
      clients: args.clients,
      durationMs: args.seconds * 1000,
      uncachedShare: args.uncached,
      sampleEveryMs: 1000,
      onSample: (s) => {
        if (Math.round(s.atMs / 1000) % 5 === 0)
          console.log(
            `  t=${(s.atMs / 1000).toFixed(0).padStart(3)} s  requests ${String(s.requests).padStart(6)}  errors ${s.errors}  RSS ${s.rssMb.toFixed(0)} MB`,
          );
      },
    });
    printReport(report);
    if (report.errors > 0) return 1;
  } finally {
    await proxy.stop();
  }
  if (!args.soak) return 0;
  console.log('\nSoak (npm run load:soak) …');
  const soak = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'soakCli.ts')], {
    stdio: 'inherit',
  });
  return soak.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`load failed to run: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(2);
  },
);
