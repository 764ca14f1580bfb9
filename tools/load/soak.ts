/**
 * The soak: against the local proxy in its own process (as `npm start` runs it: 256 MB heap), it sends bursts of
 * hundreds of concurrent unique queries (raw and aggregated, small and large, every page fetched), the
 * 100,000-literal body, hostile bodies at the size limit and cursor storms, while a signed health call runs every
 * 50 ms. Reports status counts, latency p50/p99, the server's peak RSS and health latency; the run passes when only
 * 200/202/400/413/429 were seen, the server is alive at the end and health p99 stayed under 100 ms.
 */
import { createInterface } from 'node:readline';
import { signedFetch, type CallResult, type TestCredentials } from '../signing/signedFetch';
import { rssOf, startHealthProbe, startSoakServer } from './soakProcesses';
import { burstSpec, hostileBodies, largeRawSpec, manyLiteralsBody } from './soakWorkloads';
import { apiPath } from '../../protocol/routes';

export interface SoakOptions {
  lakeDir: string;
  credentials: TestCredentials;
  /** Concurrent queries per burst, and how many bursts (default 300 × 2). */
  burstSize?: number;
  bursts?: number;
  /** Parallel reads per cursor-storm round, and rounds (default 20 × 5). */
  stormWidth?: number;
  stormRounds?: number;
  heapMb?: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  statuses: Record<string, number>;
  latencyMs: { p50: number; p99: number; max: number };
  health: { calls: number; failures: number; p50: number; p99: number; max: number; over100ms: number };
  peakRssMb: number;
  /** The server's event-loop delay (how long it was blocked), in ms. */
  eventLoopDelayMs?: {
    p50: number;
    p99: number;
    max: number;
    gc?: { count: number; totalMs: number; maxMs: number; over50ms: number };
  };
  serverAlive: boolean;
  /** Statuses other than 200/202/400/413/429, with an example body each. */
  unexpected: string[];
  phases: { name: string; ms: number }[];
}

export const ALLOWED_STATUSES = new Set([200, 202, 400, 413, 429]);

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const { child, url } = await startSoakServer(options);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  let loop: SoakReport['eventLoopDelayMs'];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('LOOP ')) loop = JSON.parse(line.slice(5));
  });
  const report: SoakReport = {
    statuses: {},
    latencyMs: { p50: 0, p99: 0, max: 0 },
    peakRssMb: 0,
    serverAlive: false,
    health: { calls: 0, failures: 0, p50: 0, p99: 0, max: 0, over100ms: 0 },
    unexpected: [],
    phases: [],
  };
  const latencies: number[] = [];
  const call = async (c: Parameters<typeof signedFetch>[2]): Promise<CallResult | undefined> => {
    const t0 = performance.now();
    let res: CallResult | undefined;
    try {
      res = await signedFetch(url, options.credentials, c);
    } catch (error) {
      report.statuses.exception = (report.statuses.exception ?? 0) + 1;
      if (report.unexpected.length < 10) report.unexpected.push(`exception ${String(error).slice(0, 200)}`);
      return undefined;
    }
    latencies.push(performance.now() - t0);
    report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
    if (!ALLOWED_STATUSES.has(res.status) && report.unexpected.length < 10)
      report.unexpected.push(`${res.status} ${res.text.slice(0, 300)}`);
    return res;
  };
  /** A query to its end, like the connector: poll 202s, then fetch every cursor page (`width` at a time). */
  const query = async (body: string, width = 4): Promise<CallResult | undefined> => {
    let res = await call({ method: 'POST', path: '/v1/queries', body });
    while (res?.status === 202) {
      await sleep(Math.min(500, res.json.retryAfterMs ?? 200));
      res = await call({ method: 'GET', path: `/v1/queries/${res.json.queryId}` });
    }
    const cursors: string[] = res?.status === 200 ? (res.json.cursors ?? []) : [];
    for (let i = 0; i < cursors.length; i += width) {
      await Promise.all(
        cursors
          .slice(i, i + width)
          .map((cursor) => call({ method: 'GET', path: apiPath.query(res!.json.queryId), query: { cursor } })),
      );
    }
    return res;
  };

  const health = startHealthProbe(url, options.credentials);
  let sampling = true;
  const rssLoop = (async () => {
    while (sampling && !exited) {
      report.peakRssMb = Math.max(report.peakRssMb, rssOf(child.pid!).peak);
      await sleep(100);
    }
  })();
  let probed: { times: number[]; failures: number };
  const phase = async (name: string, run: () => Promise<unknown>) => {
    const t0 = performance.now();
    log(`${name} …`);
    await run();
    report.phases.push({ name, ms: Math.round(performance.now() - t0) });
    log(
      `${name}: ${Math.round(performance.now() - t0)} ms, statuses so far ${JSON.stringify(report.statuses)}, peak RSS ${rssOf(child.pid!).peak.toFixed(0)} MB`,
    );
  };

  try {
    const size = options.burstSize ?? 300;
    for (let b = 0; b < (options.bursts ?? 2); b++) {
      await phase(`burst ${b + 1}: ${size} concurrent unique queries`, () =>
        Promise.all(Array.from({ length: size }, (_, n) => query(JSON.stringify(burstSpec(n, b))))),
      );
    }
    await phase('100,000-literal body', () =>
      Promise.all([query(manyLiteralsBody()), query(JSON.stringify(burstSpec(1, 99)))]),
    );
    await phase('hostile bodies at the size limit', () => Promise.all(hostileBodies().map(({ body }) => query(body))));
    await phase('cursor storm', async () => {
      const first = await query(JSON.stringify(largeRawSpec('storm')), 1);
      const total: number = first?.json?.page?.totalRows ?? 0;
      if (first?.status !== 200 || total === 0) return;
      // Cursors are sealed for their caller (a forged `offset.limit` is a 404), so the storm re-reads the issued
      // ones, `width` at once and out of order, as a hostile client may.
      const cursors: string[] = first.json.cursors ?? [];
      if (cursors.length === 0) return;
      const width = options.stormWidth ?? 20;
      for (let round = 0; round < (options.stormRounds ?? 5); round++) {
        await Promise.all(
          Array.from({ length: width }, (_, i) => {
            const cursor = cursors[((round * width + i) * 7919) % cursors.length];
            return call({ method: 'GET', path: apiPath.query(first.json.queryId), query: { cursor } });
          }),
        );
      }
    });
  } finally {
    sampling = false;
    await rssLoop;
    probed = await health.stop();
    const last = exited
      ? undefined
      : await signedFetch(url, options.credentials, { method: 'GET', path: '/v1/health' }).catch(() => undefined);
    report.serverAlive = !exited && last?.status === 200;
    report.peakRssMb = Math.max(report.peakRssMb, rssOf(child.pid!).peak);
    child.stdin!.end();
    if (!exited) await new Promise((resolve) => child.once('exit', resolve));
  }
  report.eventLoopDelayMs = loop;
  report.latencyMs = {
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: Math.max(0, ...latencies),
  };
  const healthTimes = probed.times;
  report.health = {
    failures: probed.failures,
    calls: healthTimes.length,
    p50: percentile(healthTimes, 0.5),
    p99: percentile(healthTimes, 0.99),
    max: Math.max(0, ...healthTimes),
    over100ms: healthTimes.filter((ms) => ms >= 100).length,
  };
  return report;
}

/** True when the soak met its bar: allowed statuses only, no exceptions, server alive, health p99 < 100 ms. */
export function soakPassed(report: SoakReport): boolean {
  const statuses = Object.keys(report.statuses);
  return (
    statuses.every((s) => ALLOWED_STATUSES.has(Number(s))) &&
    report.serverAlive &&
    report.health.p99 < 100 &&
    report.health.failures === 0
  );
}
