/**
 * `npm run load:soak -- [--rows N] [--burst N] [--bursts N] [--lake DIR]`: generates a sample lake (as
 * `npm start`, 100,000 rows) unless `--lake` names one, runs the soak (tools/load/soak.ts) and prints its report.
 * Exit code 1 when the soak did not meet its bar. `npm run load` runs it after the load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleLake } from '../sampleLake/sampleData';
import { runSoak, soakPassed, type SoakReport } from './soak';

const CREDENTIALS = { accessKeyId: 'AKIDSOAK', secretAccessKey: 'soak-secret-not-a-real-key' };

const HELP = `Usage: npm run load:soak -- [--rows N] [--burst N] [--bursts N] [--lake DIR]

  --rows N     rows of the generated sample lake (default 100000, as npm start)
  --burst N    concurrent unique queries per burst (default 300)
  --bursts N   bursts (default 2)
  --lake DIR   use this lake folder instead of generating one
`;

function parseArgs(argv: string[]): { rows: number; burst: number; bursts: number; lake?: string } | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const args: { rows: number; burst: number; bursts: number; lake?: string } = { rows: 100_000, burst: 300, bursts: 2 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--lake') args.lake = value;
    else if (flag === '--rows' || flag === '--burst' || flag === '--bursts') {
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer`);
      args[flag.slice(2) as 'rows' | 'burst' | 'bursts'] = n;
    } else throw new Error(`Unknown option ${flag}`);
  }
  return args;
}

export function formatSoakReport(report: SoakReport): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const h = report.health;
  return [
    `statuses          ${JSON.stringify(report.statuses)}`,
    `latency           p50 ${ms(report.latencyMs.p50)}   p99 ${ms(report.latencyMs.p99)}   max ${ms(report.latencyMs.max)}`,
    `signed health     ${h.calls} calls, ${h.failures} failed   p50 ${ms(h.p50)}   p99 ${ms(h.p99)}   max ${ms(h.max)}   ≥100 ms: ${h.over100ms}`,
    `server peak RSS   ${report.peakRssMb.toFixed(0)} MB`,
    `server loop delay ${report.eventLoopDelayMs ? `p50 ${report.eventLoopDelayMs.p50} ms   p99 ${report.eventLoopDelayMs.p99} ms   max ${report.eventLoopDelayMs.max} ms   GC ${JSON.stringify(report.eventLoopDelayMs.gc)}` : 'n/a'}`,
    `server alive      ${report.serverAlive ? 'yes' : 'NO'}`,
    ...report.phases.map((p) => `phase             ${p.name}: ${(p.ms / 1000).toFixed(1)} s`),
    ...report.unexpected.map((u) => `unexpected        ${u}`),
    `verdict           ${soakPassed(report) ? 'PASS' : 'FAIL'} (only 200/202/400/413/429, alive, health p99 < 100 ms)`,
  ].join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const root = mkdtempSync(join(tmpdir(), 'soak-'));
  try {
    const lakeDir = args.lake ?? join(root, 'lake');
    if (!args.lake) {
      console.log(`Generating a ${args.rows}-row sample lake …`);
      await generateSampleLake({ out: lakeDir, rows: args.rows });
    }
    const report = await runSoak({
      lakeDir,
      credentials: CREDENTIALS,
      burstSize: args.burst,
      bursts: args.bursts,
      log: console.log,
    });
    console.log(`\n${formatSoakReport(report)}`);
    return soakPassed(report) ? 0 : 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`soak failed to run: ${error instanceof Error ? error.stack : String(error)}`);
      process.exit(2);
    },
  );
}
