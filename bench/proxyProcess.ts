/**
 * Child-process entry serving the local proxy for the benchmark, so its memory is measured apart from the
 * benchmark's own (and because the Apps Script harness blocks the benchmark's thread during every fetch).
 *
 * Options come as JSON in argv[2]. It prints `READY <url> <startMs>` once listening, answers each `stats` line on
 * stdin with `STATS <json>` ({@link ProxyStats}), answers `forget-tiles` with `FORGOT` once every day tile is cold
 * (bench/tiledAnswers.ts), and on `exit` (or stdin closing) stops and exits.
 */
import { createInterface } from 'node:readline';
import { promises as fs } from 'node:fs';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../proxy/src/local';

/** What the proxy process reports about itself. */
export interface ProxyStats {
  /** Peak resident set size over the process's life (getrusage maxRSS), in bytes. */
  peakRssBytes: number;
  /** Engine executions so far: the service's one `query` log line per finished execution. */
  executions: number;
  /** Summed engine time of those executions, in ms. */
  engineMs: number;
  /** Summed time those executions waited in the engine's queue, in ms. */
  queueMs: number;
}

/** Makes every tile cold: waits for the writes still landing, empties the tile folder and the memory layer. */
async function forgetTiles(server: LocalServer): Promise<void> {
  await server.tileStore?.flush();
  server.tileStore?.clearMemory();
  const dir = (JSON.parse(process.argv[2] ?? '{}') as LocalServerOptions).settings?.tileDir;
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}

async function serve(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as LocalServerOptions;
  const stats = { executions: 0, engineMs: 0, queueMs: 0 };
  const started = process.hrtime.bigint();
  const server = await startLocalServer({
    ...options,
    port: 0,
    log: (line) => {
      if (line.event !== 'query') return;
      stats.executions += 1;
      stats.engineMs += typeof line.engineMs === 'number' ? line.engineMs : 0;
      stats.queueMs += typeof line.queueMs === 'number' ? line.queueMs : 0;
    },
  });
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  const report = (): ProxyStats => ({
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    ...stats,
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
  };
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (command) => {
    if (command === 'stats') process.stdout.write(`STATS ${JSON.stringify(report())}\n`);
    else if (command === 'forget-tiles') void forgetTiles(server).then(() => process.stdout.write('FORGOT\n'));
    else if (command === 'exit') stop();
  });
  lines.on('close', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`READY ${server.url} ${startMs.toFixed(0)}\n`);
}

serve().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
