/**
 * Child-process entry for the soak: the local proxy as `npm start` runs it (same threadpool size, a 256 MB heap set
 * by the parent), over a lake folder given in argv[2] as JSON `{ lakeDir, credentials }`. Prints `READY <url>` once
 * listening; exits when stdin closes. Its log lines are counted, never printed (the soak sends thousands).
 */
import '../localProxy/threadPool';
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { startLocalServer } from '../../proxy/src/local';

interface ServeOptions {
  lakeDir: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** Garbage-collection pauses seen so far. */
interface GcPauses {
  count: number;
  totalMs: number;
  maxMs: number;
  over50ms: number;
}

/** Counts request log lines by status; query errors and 5xx lines also go to stderr. */
function countingLog(statuses: Map<string, number>) {
  return (line: Record<string, unknown>): void => {
    if (line.event === 'query' && line.error) process.stderr.write(`${JSON.stringify(line)}\n`);
    if (line.event !== 'request') return;
    const key = String(line.status);
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    // 5xx causes go to stderr so a soak failure can be explained (never request headers or secrets).
    if (typeof line.status === 'number' && line.status >= 500) process.stderr.write(`${JSON.stringify(line)}\n`);
  };
}

function observeGcPauses(): GcPauses {
  const gc = { count: 0, totalMs: 0, maxMs: 0, over50ms: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if (entry.duration > 50) gc.over50ms++;
    }
  }).observe({ entryTypes: ['gc'] });
  return gc;
}

/** The `LOOP` line: event-loop delay percentiles and GC pauses, in whole milliseconds. */
function loopLine(delay: IntervalHistogram, gc: GcPauses): string {
  const ms = (ns: number) => Math.round(ns / 1e6);
  const pauses = { ...gc, totalMs: Math.round(gc.totalMs), maxMs: Math.round(gc.maxMs) };
  return `LOOP ${JSON.stringify({ p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), gc: pauses })}\n`;
}

async function serve(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ServeOptions;
  const statuses = new Map<string, number>();
  const server = await startLocalServer({
    lakeDir: options.lakeDir,
    credentials: options.credentials,
    port: 0,
    log: countingLog(statuses),
  });
  process.stdin.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('stats'))
      process.stdout.write(`STATS ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  });
  // How long the event loop was blocked at worst: separates the server's own stalls from CPU contention.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gc = observeGcPauses();
  process.stdin.on('end', () => {
    process.stdout.write(loopLine(delay, gc));
    void server.close().then(() => process.exit(0));
  });
  process.stdout.write(`READY ${server.url}\n`);
}

serve().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
